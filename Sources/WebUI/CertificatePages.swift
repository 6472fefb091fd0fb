import Localization
import Plot

/// A certificate the person may get, as the list shows it.
public struct CertificateOfferRow: Sendable, Equatable {
    public var recordID: String
    public var kind: MessageKey
    public var date: String
    public init(recordID: String, kind: MessageKey, date: String) { (self.recordID, self.kind, self.date) = (recordID, kind, date) }
}

/// A certificate the person has got.
public struct IssuedCertificateRow: Sendable, Equatable {
    public var id: String
    public var kind: MessageKey
    public var issued: String
    public var expires: String
    public var status: MessageKey
    public init(id: String, kind: MessageKey, issued: String, expires: String, status: MessageKey) {
        (self.id, self.kind, self.issued, self.expires, self.status) = (id, kind, issued, expires, status)
    }
}

/// One certificate, opened: the QR code, the same content in words, and the downloads.
public struct CertificateDetail: Sendable, Equatable {
    public var id: String
    public var title: String
    /// The QR code as SVG, with its accessible name.
    public var qrSVG: String
    public var lines: [CertificateLine]
    public var hc1: String
    /// A notice shown above the code when it is expired or withdrawn.
    public var notice: MessageKey?
    public init(id: String, title: String, qrSVG: String, lines: [CertificateLine], hc1: String, notice: MessageKey?) {
        (self.id, self.title, self.qrSVG, self.lines, self.hc1, self.notice) = (id, title, qrSVG, lines, hc1, notice)
    }
}

/// A label and its value in a certificate's description.
public struct CertificateLine: Sendable, Equatable {
    public var label: String
    public var value: String
    public init(label: String, value: String) { (self.label, self.value) = (label, value) }
}

/// "My COVID certificates": what the person's records give, and what they have got. Each offer is
/// a small form (POST with the CSRF token), so no JavaScript is needed.
public enum CertificatePages {
    public static func list(offers: [CertificateOfferRow], issued: [IssuedCertificateRow], csrfToken: String, error: String?,
                            context: PageContext) -> String {
        Layout.page(title: context.t(.certificatesTitle), context: context, content: .group(
            .h1(.text(context.t(.certificatesTitle))),
            .p(.text(context.t(.certificatesLead))),
            .unwrap(error) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            .h2(.text(context.t(.certificatesAvailable))),
            offers.isEmpty ? .p(.text(context.t(.certificatesNoneAvailable))) : .ul(.class("data-use"), .forEach(offers) { offer in
                .li(.form(.method(.post), .action("/my/certificates"),
                          .p(.strong(.text(context.t(offer.kind))), .text(" – \(context.t(.certificatesRecordDate).lowercased()): \(offer.date)")),
                          .input(.type(.hidden), .name("csrf_token"), .value(HTMLEscaping.attribute(csrfToken))),
                          .input(.type(.hidden), .name("record"), .value(HTMLEscaping.attribute(offer.recordID))),
                          .button(.type(.submit), .class("button"), .text(context.t(.certificatesGet)),
                                  .attribute(named: "aria-label", value: "\(context.t(.certificatesGet)): \(context.t(offer.kind)), \(offer.date)"))))
            }),
            .h2(.text(context.t(.certificatesIssued))),
            issued.isEmpty ? .p(.text(context.t(.certificatesNoneIssued))) : .ol(.class("data-use"), .forEach(issued) { row in
                .li(.dl(
                    .dt(.text(context.t(.verifyKind))), .dd(.text(context.t(row.kind))),
                    .dt(.text(context.t(.certificatesIssuedOn))), .dd(.text(row.issued)),
                    .dt(.text(context.t(.verifyExpires))), .dd(.text(row.expires)),
                    .dt(.text(context.t(.certificatesStatus))), .dd(.text(context.t(row.status)))
                ), .p(.a(.href("/my/certificates/\(row.id)"), .text(context.t(.certificatesShow)))))
            }),
            .p(.a(.href("/my"), .text(context.t(.myPageTitle)))),
            MyPageView.logoutForm(csrfToken: csrfToken, context: context)
        ))
    }

    public static func detail(_ certificate: CertificateDetail, csrfToken: String, context: PageContext) -> String {
        Layout.page(title: certificate.title, context: context, content: .group(
            .h1(.text(certificate.title)),
            .unwrap(certificate.notice) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text(context.t($0)))) },
            .div(.class("qr"), .raw(certificate.qrSVG)),
            .h2(.id("what-it-says"), .text(context.t(.certificatesWhatItSays))),
            .dl(.forEach(certificate.lines) { line in .group(.dt(.text(line.label)), .dd(.text(line.value))) }),
            .ul(.li(.a(.href("/my/certificates/\(certificate.id)/pdf"), .text(context.t(.certificatesPDF)))),
                .li(.a(.href("/my/certificates/\(certificate.id)/qr.png"), .text(context.t(.certificatesPNG))))),
            .details(.summary(.text(context.t(.certificatesHC1))), .pre(.class("hc1"), .text(certificate.hc1))),
            .p(.a(.href("/my/certificates"), .text(context.t(.certificatesBack)))),
            MyPageView.logoutForm(csrfToken: csrfToken, context: context)
        ))
    }
}
