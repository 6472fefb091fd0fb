import Localization
import Plot

/// One test result as "my page" shows it.
public struct TestResultRow: Sendable, Equatable {
    /// When the sample was taken, in words.
    public var taken: String
    public var type: MessageKey
    public var positive: Bool
    public var centre: String
    /// Whether a certificate can still be got for it (a negative test under 72 hours old).
    public var certificateAvailable: Bool
    public init(taken: String, type: MessageKey, positive: Bool, centre: String, certificateAvailable: Bool) {
        (self.taken, self.type, self.positive, self.centre, self.certificateAvailable) = (taken, type, positive, centre, certificateAvailable)
    }
}

/// "My test results": each result in words, with what to do next, newest first.
public enum ResultPages {
    public static func list(_ rows: [TestResultRow], context: PageContext) -> String {
        Layout.page(title: context.t(.resultsTitle), context: context, content: .group(
            .h1(.text(context.t(.resultsTitle))),
            .p(.text(context.t(.resultsLead))),
            rows.isEmpty ? .p(.text(context.t(.resultsNone))) : .ol(.class("data-use"), .forEach(rows) { row in
                .li(.h2(.text("\(context.t(row.type)), \(row.taken)")),
                    .dl(.dt(.text(context.t(.resultsResult))), .dd(.strong(.text(context.t(row.positive ? .resultsPositive : .resultsNegative)))),
                        .dt(.text(context.t(.resultsSampleTaken))), .dd(.text(row.taken)),
                        .dt(.text(context.t(.resultsWhere))), .dd(.text(row.centre))),
                    .h3(.text(context.t(.resultsWhatNow))),
                    row.positive
                        ? .group(.p(.text(context.t(.resultsPositiveNext))), .p(.text(context.t(.resultsPositiveContacts))))
                        : .group(.p(.text(context.t(.resultsNegativeNext))),
                                 .if(row.certificateAvailable, .p(.text(context.t(.resultsNegativeCertificate) + " "),
                                                                  .a(.href("/my/certificates"), .text(context.t(.certificatesTitle)))))))
            }),
            .p(.a(.href("/book"), .text(context.t(.bookingTitle)))),
            .p(.a(.href("/my"), .text(context.t(.myPageTitle))))
        ))
    }
}
