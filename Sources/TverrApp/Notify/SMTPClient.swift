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
/// reply to the data, `RSET` after a refusal), UTF-8 text in base64.
struct SMTPClient: Sendable {
    let settings: SMTPSettings

    /// Sends the messages over one connection and gives each one's failure, or nil where the server
    /// accepted it. A server that is silent for `timeout`, or a dropped connection, fails every
    /// message it had not yet accepted, temporarily.
    func send(_ mails: [OutgoingMail]) async -> [SMTPFailure?] {
        let state = NIOLockedValueBox(Session(results: Array(repeating: nil, count: mails.count)))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.converse(mails, state: state) }
                group.addTask {
                    var seen = 0
                    while true {
                        try await Task.sleep(for: settings.timeout)
                        let replies = state.withLockedValue { $0.replies }
                        if replies == seen { throw SMTPFailure.temporary("The SMTP server did not answer within \(settings.timeout).") }
                        seen = replies
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            let failure = error as? SMTPFailure ?? .temporary("The SMTP session ended: \(String(describing: error).prefix(200))")
            state.withLockedValue { session in
                for index in session.results.indices where session.results[index] == nil { session.results[index] = .some(failure) }
            }
        }
        return state.withLockedValue { $0.results.map { $0 ?? nil } }
    }

    /// What a session has done so far: a result per message (nil: not finished; .some(nil): accepted).
    struct Session {
        var results: [SMTPFailure??]
        var replies = 0
    }

    private func converse(_ mails: [OutgoingMail], state: NIOLockedValueBox<Session>) async throws {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(5))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
        } catch {
            throw SMTPFailure.temporary("No connection to the SMTP server at \(settings.host):\(settings.port).")
        }
        try await channel.executeThenClose { inbound, outbound in
            var replies = ReplyReader(iterator: inbound.makeAsyncIterator())
            /// Sends `command` (if any) and reads the reply; nil when it is `code`, else the failure.
            func exchange(_ command: String?, expect code: Int) async throws -> SMTPFailure? {
                if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
                let (got, text) = try await replies.next()
                state.withLockedValue { $0.replies += 1 }
                guard got == code || (code == 250 && got == 251) else {
                    let what = "The SMTP server answered \(got) \(text.prefix(200))" + (command.map { " to \($0.prefix(4))" } ?? "")
                    return got >= 500 ? .permanent(what) : .temporary(what)
                }
                return nil
            }
            if let failure = try await exchange(nil, expect: 220) { throw failure }
            if let failure = try await exchange("EHLO tverr", expect: 250) { throw failure }
            for (index, mail) in mails.enumerated() {
                var failure = try await exchange("MAIL FROM:<\(settings.from)>", expect: 250)
                if failure == nil { failure = try await exchange("RCPT TO:<\(mail.to)>", expect: 250) }
                if failure == nil { failure = try await exchange("DATA", expect: 354) }
                if failure == nil {
                    let message = Self.message(from: settings.from, to: mail.to, subject: mail.subject, body: mail.body, messageID: mail.messageID,
                                               attachments: mail.attachments)
                    failure = try await exchange(message + "\r\n.", expect: 250)
                } else {
                    // Refused before the data: end the transaction, then the next message.
                    _ = try await exchange("RSET", expect: 250)
                }
                state.withLockedValue { $0.results[index] = .some(failure) }
            }
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
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

/// Reads SMTP replies (`250-…` lines continue, `250 …` ends) from the byte stream.
struct ReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending: [UInt8] = []

    mutating func line() async throws -> String {
        while true {
            if let end = pending.indices.dropLast().first(where: { pending[$0] == 13 && pending[$0 + 1] == 10 }) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(..<(end + 2))
                return line
            }
            guard pending.count < 64 * 1024, let buffer = try await iterator.next() else {
                throw SMTPFailure.temporary("The SMTP server closed the connection.")
            }
            pending += buffer.readableBytesView
        }
    }

    mutating func next() async throws -> (Int, String) {
        var text: [String] = []
        while true {
            let line = try await line()
            guard line.utf8.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPFailure.temporary("The SMTP server sent \"\(line.prefix(80))\".") }
            text.append(String(line.dropFirst(4)))
            if line.utf8.count == 3 || line.utf8[line.utf8.index(line.utf8.startIndex, offsetBy: 3)] == UInt8(ascii: " ") {
                return (code, text.joined(separator: " "))
            }
        }
    }
}
