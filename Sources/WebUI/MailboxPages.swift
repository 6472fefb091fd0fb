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

    public init(id: String, sender: String, subject: String, body: String, received: String, isRead: Bool) {
        self.id = id
        self.sender = sender
        self.subject = subject
        self.body = body
        self.received = received
        self.isRead = isRead
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
                    .span(.text("\(context.t(.mailboxFrom)) \(row.sender) · \(context.t(.mailboxReceived)) \(row.received)")))
            }),
            .p(.a(.href("/my"), .text(context.t(.myPageTitle))))
        ))
    }

    public static func message(_ row: MailboxRow, context: PageContext) -> String {
        Layout.page(title: row.subject, context: context, content: .group(
            .h1(.text(row.subject)),
            .p(.text("\(context.t(.mailboxFrom)) \(row.sender) · \(context.t(.mailboxReceived)) \(row.received)")),
            .forEach(row.body.components(separatedBy: "\n\n")) { paragraph in .p(.text(paragraph)) },
            .p(.a(.href("/my/messages"), .text(context.t(.mailboxBack))))
        ))
    }
}
