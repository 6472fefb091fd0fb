import Localization
import Plot

/// A message in the mailbox list or opened.
public struct MailboxRow: Sendable, Equatable {
    public var id: String
    public var sender: String
    public var subject: String
    public var body: String
    public var received: String
    public var isRead: Bool
    public var attachmentCount: Int
    public var attachments: [MailboxFile]

    public init(id: String, sender: String, subject: String, body: String, received: String, isRead: Bool,
                attachmentCount: Int = 0, attachments: [MailboxFile] = []) {
        self.id = id
        self.sender = sender
        self.subject = subject
        self.body = body
        self.received = received
        self.isRead = isRead
        self.attachmentCount = attachmentCount
        self.attachments = attachments
    }
}

/// A file of an opened message: its name, and its kind and size in words ("PDF, 12 kB").
public struct MailboxFile: Sendable, Equatable {
    public var position: Int
    public var filename: String
    public var description: String

    public init(position: Int, filename: String, description: String) {
        self.position = position
        self.filename = filename
        self.description = description
    }
}

/// The digital mailbox: a list (unread first, marked in words, not only by style) and one
/// message. Plain links and text: no JavaScript, and it reflows at 320 px.
public enum MailboxView {
    public static func list(_ rows: [MailboxRow], context: PageContext) -> String {
        Layout.page(title: context.t(.mailboxTitle), context: context, content: .group(
            .h1(.text(context.t(.mailboxTitle))),
            .p(.text(context.t(.mailboxLead))),
            rows.isEmpty ? .p(.text(context.t(.mailboxEmpty))) : .ul(.class("mailbox"), .forEach(rows) { row in
                .li(.class(row.isRead ? "read" : "unread"),
                    .unwrap(row.isRead ? nil : context.t(.mailboxUnread)) { .strong(.text("\($0): ")) },
                    .a(.href("/my/messages/\(HTMLEscaping.attribute(row.id))"), .text(row.subject)),
                    .br(),
                    .span(.text("\(context.t(.mailboxFrom)) \(row.sender) · \(context.t(.mailboxReceived)) \(row.received)"
                                + (row.attachmentCount > 0 ? " · \(context.t(.mailboxAttachments)): \(row.attachmentCount)" : ""))))
            }),
            .p(.a(.href("/my"), .text(context.t(.myPageTitle))))
        ))
    }

    public static func message(_ row: MailboxRow, context: PageContext) -> String {
        Layout.page(title: row.subject, context: context, content: .group(
            .h1(.text(row.subject)),
            .p(.text("\(context.t(.mailboxFrom)) \(row.sender) · \(context.t(.mailboxReceived)) \(row.received)")),
            .forEach(row.body.components(separatedBy: "\n\n")) { paragraph in .p(.text(paragraph)) },
            .if(!row.attachments.isEmpty, .group(
                .h2(.text(context.t(.mailboxAttachments))),
                .p(.text(context.t(.mailboxAttachmentsHint))),
                .ul(.class("attachments"), .forEach(row.attachments) { file in
                    .li(.a(.href("/my/messages/\(HTMLEscaping.attribute(row.id))/attachments/\(file.position)"),
                           .attribute(named: "download", value: file.filename), .text(file.filename)),
                        .text(" (\(file.description))"))
                })
            )),
            .p(.a(.href("/my/messages"), .text(context.t(.mailboxBack))))
        ))
    }
}
