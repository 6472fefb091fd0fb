import Foundation
import NIOCore
import NIOPosix

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
enum SMTPFailure: Error, CustomStringConvertible {
    case temporary(String)
    case permanent(String)
    var description: String {
        switch self { case .temporary(let text), .permanent(let text): text }
    }
}

/// A minimal SMTP client (RFC 5321): one message per connection, UTF-8 text in base64.
struct SMTPClient: Sendable {
    let settings: SMTPSettings

    func send(to recipient: String, subject: String, body: String, messageID: String) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.converse(to: recipient, subject: subject, body: body, messageID: messageID) }
            group.addTask {
                try await Task.sleep(for: settings.timeout)
                throw SMTPFailure.temporary("The SMTP server did not finish within \(settings.timeout).")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func converse(to recipient: String, subject: String, body: String, messageID: String) async throws {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(5))
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
        } catch {
            throw SMTPFailure.temporary("No connection to the SMTP server at \(settings.host):\(settings.port).")
        }
        let message = Self.message(from: settings.from, to: recipient, subject: subject, body: body, messageID: messageID)
        try await channel.executeThenClose { inbound, outbound in
            var replies = ReplyReader(iterator: inbound.makeAsyncIterator())
            func expect(_ code: Int, after command: String?) async throws {
                if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
                let (got, text) = try await replies.next()
                guard got == code else {
                    let what = "The SMTP server answered \(got) \(text.prefix(200))" + (command.map { " to \($0.split(separator: ":").first ?? "")" } ?? "")
                    throw got >= 500 ? SMTPFailure.permanent(what) : SMTPFailure.temporary(what)
                }
            }
            try await expect(220, after: nil)
            try await expect(250, after: "EHLO tverr")
            try await expect(250, after: "MAIL FROM:<\(settings.from)>")
            try await expect(250, after: "RCPT TO:<\(recipient)>")
            try await expect(354, after: "DATA")
            try await expect(250, after: message + "\r\n.")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// The message: headers with the subject as an RFC 2047 encoded word, the body in base64
    /// (76-character lines), so any UTF-8 text (Cyrillic too) passes any relay unchanged.
    static func message(from: String, to: String, subject: String, body: String, messageID: String, date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let encodedSubject = "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        let base64 = Data(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: Tverr <\(from)>", "To: <\(to)>", "Subject: \(encodedSubject)", "Date: \(formatter.string(from: date))",
            "Message-ID: <\(messageID)@tverr>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64", "", base64,
        ].joined(separator: "\r\n")
    }
}

/// Reads SMTP replies (`250-…` lines continue, `250 …` ends) from the byte stream.
struct ReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    mutating func line() async throws -> String {
        while true {
            if let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                return line
            }
            guard pending.utf8.count < 64 * 1024, var buffer = try await iterator.next() else {
                throw SMTPFailure.temporary("The SMTP server closed the connection.")
            }
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
        }
    }

    mutating func next() async throws -> (Int, String) {
        var text: [String] = []
        while true {
            let line = try await line()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPFailure.temporary("The SMTP server sent \"\(line.prefix(80))\".") }
            text.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, text.joined(separator: " ")) }
        }
    }
}
