import Foundation
import SQLKit

/// One message in a person's digital mailbox.
public struct MailboxMessage: Sendable, Equatable {
    public var id: String
    public var sender: String
    public var subject: String
    public var body: String
    public var receivedAt: Date
    public var isRead: Bool
    /// How many files the message carries; their names once it is opened.
    public var attachmentCount = 0
    public var attachments: [AttachmentInfo] = []
}

/// The digital mailbox on "my page". Only the person it belongs to reads it; the notify block
/// writes to it in the transaction that creates the message.
public struct Mailbox: Sendable {
    let store: Store
    public init(store: Store) { self.store = store }

    /// The person's messages: unread first, then newest first.
    public func messages(for pid: String, limit: Int = 200) async throws -> [MailboxMessage] {
        try await store.sql.raw("""
            SELECT id, sender, subject, body, created_at, read_at,
            (SELECT COUNT(*) FROM notify_attachments a WHERE a.message_id = mailbox_messages.message_id) AS attachment_count
            FROM mailbox_messages WHERE pid = \(bind: pid)
            ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id LIMIT \(bind: limit)
            """).all().map(Self.decode)
    }

    /// How many unread messages the person has.
    public func unreadCount(for pid: String) async throws -> Int {
        try await store.sql.raw("SELECT COUNT(*) AS n FROM mailbox_messages WHERE pid = \(bind: pid) AND read_at IS NULL").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    /// Opens one of the person's messages and marks it read; nil if it is not theirs.
    public func open(_ id: String, for pid: String, at date: Date = Date()) async throws -> MailboxMessage? {
        guard let row = try await store.sql.raw("""
            SELECT id, message_id, sender, subject, body, created_at, read_at FROM mailbox_messages WHERE id = \(bind: id) AND pid = \(bind: pid)
            """).first() else { return nil }
        var message = try Self.decode(row)
        if let messageID = try row.decode(column: "message_id", as: String?.self) {
            message.attachments = try await NotifyMessages(store: store).attachments(of: [messageID])[messageID] ?? []
            message.attachmentCount = message.attachments.count
        }
        if !message.isRead {
            try await store.sql.raw("""
                UPDATE mailbox_messages SET read_at = \(bind: Int64((date.timeIntervalSince1970 * 1000).rounded()))
                WHERE id = \(bind: id) AND pid = \(bind: pid) AND read_at IS NULL
                """).run()
        }
        message.isRead = true
        return message
    }

    /// One file of one of the person's messages, with its bytes; nil if it is not theirs or not there.
    public func attachment(_ id: String, position: Int, for pid: String) async throws -> (info: AttachmentInfo, data: Data)? {
        guard let messageID = try await store.sql.raw("""
            SELECT message_id FROM mailbox_messages WHERE id = \(bind: id) AND pid = \(bind: pid)
            """).first()?.decode(column: "message_id", as: String?.self) else { return nil }
        return try await NotifyMessages(store: store).attachment(of: messageID, position: position)
    }

    static func decode(_ row: any SQLRow) throws -> MailboxMessage {
        MailboxMessage(id: try row.decode(column: "id", as: String.self), sender: try row.decode(column: "sender", as: String.self),
                       subject: try row.decode(column: "subject", as: String.self), body: try row.decode(column: "body", as: String.self),
                       receivedAt: Date(timeIntervalSince1970: TimeInterval(try row.decode(column: "created_at", as: Int64.self)) / 1000),
                       isRead: try row.decode(column: "read_at", as: Int64?.self) != nil,
                       attachmentCount: (try? row.decode(column: "attachment_count", as: Int.self)) ?? 0)
    }
}
