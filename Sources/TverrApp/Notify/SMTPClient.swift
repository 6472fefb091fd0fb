import Foundation
import NIOCore
import NIOConcurrencyHelpers
import NIOPosix
import Persistence

/// Where e-mail goes: an SMTP server that relays for Tverr (no TLS or login here; run the relay on
/// the same host or network, as with a local Postfix).
public struct SMTPSettings: Sendable {
    public var host: String
    public var port: Int
    public var from: String
    public var timeout: Duration = .seconds(30)

    public init(host: String, port: Int, from: String) {
        self.host = host
        self.port = port
        self.from = from
    }
}

/// Why an e-mail was not accepted: `permanent` (5xx: the address is refused) is not retried and
/// falls back to the next channel; `temporary` (4xx, or no connection) is retried.
enum SMTPFailure: Error, CustomStringConvertible, Equatable {
    case temporary(String)
    case permanent(String)
    var description: String {
        switch self { case .temporary(let text), .permanent(let text): text }
    }
}

/// One e-mail to send.
struct OutgoingMail: Sendable {
    var to: String
    var subject: String
    var body: String
    /// Goes into `Message-ID`, so that a receiver can drop a repeat.
    var messageID: String
    /// Files sent as MIME parts (a direct e-mail only).
    var attachments: [NoticeFile] = []
}

/// A minimal SMTP client (RFC 5321): several messages in one session (a new `MAIL` after each
/// reply to the data, `RSET` after a refusal), UTF-8 text in base64. The conversation runs as a
/// state machine on the connection's event loop (`SMTPSessionHandler`), so a reply is answered
/// at once, without a hop to a task for each of the four commands a message takes.
struct SMTPClient: Sendable {
    let settings: SMTPSettings

    /// Sends the messages over one connection and gives each one's failure, or nil where the server
    /// accepted it. A server that is silent for `timeout`, or a dropped connection, fails every
    /// message it had not yet accepted, temporarily.
    func send(_ mails: [OutgoingMail]) async -> [SMTPFailure?] {
        guard !mails.isEmpty else { return [] }
        let settings = self.settings
        let bodies = mails.map { mail in
            ByteBuffer(string: Self.message(from: settings.from, to: mail.to, subject: mail.subject, body: mail.body, messageID: mail.messageID,
                                            attachments: mail.attachments) + "\r\n.\r\n")
        }
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = loop.makePromise(of: [SMTPFailure?].self)
        // The session and a failed connect may both want to answer; the first one does.
        let answered = NIOLockedValueBox(false)
        let complete: @Sendable ([SMTPFailure?]) -> Void = { results in
            if answered.withLockedValue({ done in defer { done = true }; return !done }) { promise.succeed(results) }
        }
        let connected = ClientBootstrap(group: loop)
            .connectTimeout(.seconds(5))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SMTPSessionHandler(settings: settings, recipients: mails.map(\.to),
                                                                                      bodies: bodies, complete: complete))
                }
            }
            .connect(host: settings.host, port: settings.port)
        connected.whenFailure { _ in
            complete(Array(repeating: .temporary("No connection to the SMTP server at \(settings.host):\(settings.port)."), count: mails.count))
        }
        return (try? await promise.futureResult.get())
            ?? Array(repeating: .temporary("The SMTP session ended without an answer."), count: mails.count)
    }

    /// The message: headers with the subject as an RFC 2047 encoded word, the body in base64
    /// (76-character lines), so any UTF-8 text (Cyrillic too) passes any relay unchanged. With
    /// files it is `multipart/mixed` (RFC 2046): the text first, then each file in base64 with its
    /// name as an RFC 2231 parameter.
    static func message(from: String, to: String, subject: String, body: String, messageID: String, date: Date = Date(),
                        attachments: [NoticeFile] = []) -> String {
        let encodedSubject = "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        let text = base64Lines(Data(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8))
        let headers = ["From: Tverr <\(from)>", "To: <\(to)>", "Subject: \(encodedSubject)", "Date: \(dateHeader(date))",
                       "Message-ID: <\(messageID)@tverr>", "MIME-Version: 1.0"]
        let files = attachments.filter { $0.data != nil }
        guard !files.isEmpty else {
            return (headers + ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", text]).joined(separator: "\r\n")
        }
        // Base64 never contains "=_", so the boundary cannot occur inside a part.
        let boundary = "=_tverr_" + messageID.filter { $0.isLetter || $0.isNumber }
        var lines = headers + ["Content-Type: multipart/mixed; boundary=\"\(boundary)\"", "",
                               "--\(boundary)", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", text]
        for file in files {
            lines += ["--\(boundary)", "Content-Type: \(file.contentType)", "Content-Transfer-Encoding: base64",
                      "Content-Disposition: attachment; filename*=\(FileDownload.extendedValue(file.filename))", "", base64Lines(file.data ?? Data())]
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n")
    }

    static func base64Lines(_ data: Data) -> String {
        data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }
}

/// The `Date` header (RFC 5322 §3.3) in UTC, without a DateFormatter (costly to make per message).
func dateHeader(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
        + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
}

/// One SMTP session on the event loop. Each reply moves the conversation on: greeting, `EHLO`,
/// then for each message `MAIL`, `RCPT`, `DATA` and the text, or `RSET` after a refusal, and
/// `QUIT` at the end. Every message gets a result exactly once; whatever is unfinished when the
/// server goes silent for `timeout`, or the connection drops, fails temporarily.
final class SMTPSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Step { case greeting, ehlo, mail(Int), recipient(Int), data(Int), text(Int), reset(Int), quit }

    let settings: SMTPSettings
    let recipients: [String]
    let bodies: [ByteBuffer]
    let complete: @Sendable ([SMTPFailure?]) -> Void
    var results: [SMTPFailure??]
    var step = Step.greeting
    var pending: [UInt8] = []
    var lines: [String] = []
    var replies = 0, repliesSeen = 0
    var watchdog: RepeatedTask?
    var finished = false

    init(settings: SMTPSettings, recipients: [String], bodies: [ByteBuffer], complete: @escaping @Sendable ([SMTPFailure?]) -> Void) {
        self.settings = settings
        self.recipients = recipients
        self.bodies = bodies
        self.complete = complete
        self.results = Array(repeating: nil, count: recipients.count)
    }

    func channelActive(context: ChannelHandlerContext) {
        let timeout = TimeAmount.nanoseconds(Int64(settings.timeout.components.seconds) * 1_000_000_000
                                             + settings.timeout.components.attoseconds / 1_000_000_000)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        watchdog = context.eventLoop.scheduleRepeatedTask(initialDelay: timeout, delay: timeout) { _ in
            let (handler, context) = loopBound.value
            if handler.replies == handler.repliesSeen {
                handler.finish(context, failing: .temporary("The SMTP server did not answer within \(handler.settings.timeout)."))
            }
            handler.repliesSeen = handler.replies
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        pending += buffer.readableBytesView
        var start = 0
        var index = 0
        while index + 1 < pending.count {
            if pending[index] == 13 && pending[index + 1] == 10 {
                let line = String(decoding: pending[start..<index], as: UTF8.self)
                start = index + 2
                index += 2
                guard !finished else { continue }
                reply(line, context: context)
                continue
            }
            index += 1
        }
        pending.removeFirst(start)
        if pending.count > 64 * 1024 { finish(context, failing: .temporary("The SMTP server sent a line longer than 64 KiB.")) }
    }

    /// A reply line: `250-…` continues, `250 …` ends the reply.
    func reply(_ line: String, context: ChannelHandlerContext) {
        let utf8 = line.utf8
        guard utf8.count >= 3, let code = Int(line.prefix(3)) else {
            return finish(context, failing: .temporary("The SMTP server sent \"\(line.prefix(80))\"."))
        }
        lines.append(String(line.dropFirst(4)))
        if utf8.count > 3, utf8[utf8.index(utf8.startIndex, offsetBy: 3)] == UInt8(ascii: "-") { return }
        let text = lines.joined(separator: " ")
        lines = []
        replies += 1
        advance(code, text, context: context)
    }

    func failure(_ code: Int, _ text: String, to command: String) -> SMTPFailure {
        let what = "The SMTP server answered \(code) \(text.prefix(200)) to \(command)"
        return code >= 500 ? .permanent(what) : .temporary(what)
    }

    func advance(_ code: Int, _ text: String, context: ChannelHandlerContext) {
        let ok = code == 250 || code == 251
        switch step {
        case .greeting:
            guard code == 220 else { return finish(context, failing: failure(code, text, to: "the greeting")) }
            send("EHLO tverr", .ehlo, context)
        case .ehlo:
            guard ok else { return finish(context, failing: failure(code, text, to: "EHLO")) }
            startMail(0, context)
        case .mail(let index):
            ok ? send("RCPT TO:<\(recipients[index])>", .recipient(index), context) : refuse(index, failure(code, text, to: "MAIL"), context)
        case .recipient(let index):
            ok ? send("DATA", .data(index), context) : refuse(index, failure(code, text, to: "RCPT"), context)
        case .data(let index):
            guard code == 354 else { return refuse(index, failure(code, text, to: "DATA"), context) }
            step = .text(index)
            context.writeAndFlush(wrapOutboundOut(bodies[index]), promise: nil)
        case .text(let index):
            results[index] = .some(ok ? nil : failure(code, text, to: "the message"))
            startMail(index + 1, context)
        case .reset(let index):
            startMail(index + 1, context)
        case .quit:
            break
        }
    }

    func send(_ command: String, _ next: Step, _ context: ChannelHandlerContext) {
        step = next
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: command + "\r\n")), promise: nil)
    }

    /// Refused before the text: record it, end the transaction, then the next message.
    func refuse(_ index: Int, _ failure: SMTPFailure, _ context: ChannelHandlerContext) {
        results[index] = .some(failure)
        send("RSET", .reset(index), context)
    }

    func startMail(_ index: Int, _ context: ChannelHandlerContext) {
        guard index < recipients.count else {
            send("QUIT", .quit, context)
            return finish(context, failing: .temporary("not sent"))
        }
        send("MAIL FROM:<\(settings.from)>", .mail(index), context)
    }

    /// Gives every message its result (the unfinished ones `failing`) and closes the connection.
    func finish(_ context: ChannelHandlerContext, failing: SMTPFailure) {
        guard !finished else { return }
        finished = true
        watchdog?.cancel()
        complete(results.map { $0 ?? .some(failing) }.map { $0 ?? nil })
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context, failing: .temporary("The SMTP server closed the connection."))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context, failing: .temporary("The SMTP session ended: \(String(describing: error).prefix(200))"))
    }
}
