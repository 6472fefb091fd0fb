import DCC
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Events
import Identity
import Persistence
import Testing
@testable import TverrApp

/// Every kind of caller against every protected route: only the declared pairs succeed, and every
/// other pair is refused with 401, 403 or a redirect to the login, never served.
@Suite("Authorisation matrix")
struct AccessMatrixTests {
    typealias H = IdentityHarness

    enum Principal: Hashable, CustomStringConvertible {
        /// `editor` is the demo editor's portal session: a person too, so allowed wherever `portal` is.
        /// `healthWorker` is the demo health worker's portal session at idporten-loa-high: a person too.
        /// `municipal` is the demo municipal staff member's portal session (Oslo): a person too.
        /// `tracer` is the demo contact tracer's portal session (Oslo): a person too.
        case anonymous, person, admin, portal, editor, healthWorker, municipal, tracer, police, caseworker, imdi, machine(String)
        var description: String {
            switch self {
            case .anonymous: "anonymous"
            case .person: "person token"
            case .admin: "admin (high)"
            case .portal: "portal session"
            case .editor: "editor's portal session"
            case .healthWorker: "health worker's portal session (high)"
            case .municipal: "municipal staff's portal session"
            case .tracer: "contact tracer's portal session"
            case .police: "police officer's portal session at high"
            case .caseworker: "immigration caseworker's portal session at high"
            case .imdi: "integration directorate caseworker's portal session at high"
            case .machine(let scope): "machine \(scope)"
            }
        }
    }

    struct Credentials {
        var person = ""
        var admin = ""
        var portal = ""
        var portalCSRF = ""
        var editor = ""
        var editorCSRF = ""
        var healthWorker = ""
        var healthWorkerCSRF = ""
        var municipal = ""
        var municipalCSRF = ""
        var tracer = ""
        var tracerCSRF = ""
        var police = ""
        var policeCSRF = ""
        var caseworker = ""
        var caseworkerCSRF = ""
        var imdi = ""
        var imdiCSRF = ""
        var machine: [String: String] = [:]
    }

    struct Case {
        let route: SiteRoute
        let method: HTTPRequest.Method
        let path: String
        var headers: HTTPFields = [:]
        var body: String? = nil
        let allowed: Set<Principal>
        /// What success looks like (default: any 2xx).
        var succeeded: @Sendable (TestResponse) -> Bool = { (200..<300).contains($0.status.code) }
    }

    static func exchangeHeaders(_ purpose: String, _ basis: String) -> HTTPFields {
        // (merging below adds the content type for JSON bodies)
        [HTTPField.Name("Tverr-Purpose")!: purpose, HTTPField.Name("Tverr-Legal-Basis")!: basis]
    }

    /// The scopes that receive some event type, and so may manage subscriptions.
    static let eventScopes: Set<Principal> = Set(EventCatalogue.scopes.map { .machine($0) })

    static func cases(pid: String) -> [Case] {
        let read = exchangeHeaders("saksbehandling", "folkeregisterloven-10-2")
        var verification = exchangeHeaders("identitetskontroll", "utlendingsloven-83")
        verification[.contentType] = "application/json"
        return [
            Case(route: .userinfo, method: .get, path: "/userinfo", allowed: [.person, .admin]), // an admin is a person too
            Case(route: .apiMyDataUse, method: .get, path: "/api/v1/me/data-use", allowed: [.person, .admin]),
            Case(route: .myPage, method: .get, path: "/my", allowed: [.portal]),
            Case(route: .myDataUse, method: .get, path: "/my/data-use", allowed: [.portal]),
            Case(route: .person, method: .get, path: "/api/v1/persons/\(pid)", headers: read,
                 allowed: [.machine("tverr:registers/person.read"), .machine("tverr:registers/person.extended")]),
            Case(route: .personAddresses, method: .get, path: "/api/v1/persons/\(pid)/addresses", headers: read,
                 allowed: [.machine("tverr:registers/person.extended")]),
            Case(route: .personFamily, method: .get, path: "/api/v1/persons/\(pid)/family", headers: read,
                 allowed: [.machine("tverr:registers/person.extended")]),
            Case(route: .personContact, method: .get, path: "/api/v1/persons/\(pid)/contact",
                 headers: exchangeHeaders("varsling", "eforvaltningsforskriften-kap-8"), allowed: [.machine("tverr:registers/contact.read")]),
            Case(route: .personHealthPersonnel, method: .get, path: "/api/v1/persons/\(pid)/health-personnel",
                 headers: exchangeHeaders("autorisasjonskontroll", "helsepersonelloven-49"), allowed: [.machine("tverr:hpr.read")]),
            Case(route: .identityVerification, method: .post, path: "/api/v1/persons/\(pid)/identity-verification", headers: verification,
                 body: #"{"documentType":"passport"}"#, allowed: [.machine("tverr:eid/identity-verification.write")]),
            Case(route: .persons, method: .post, path: "/api/v1/persons",
                 headers: exchangeHeaders("folkeregistrering", "folkeregisterloven-2-2").merging([.contentType: "application/json"]),
                 body: #"{"givenName":"Olena","familyName":"Kovalenko","birthDate":"1990-03-02","sex":"female","citizenship":"UKR"}"#,
                 allowed: [.machine("tverr:registers/person.write")]),
            Case(route: .personAddress, method: .post, path: "/api/v1/persons/\(pid)/address",
                 headers: exchangeHeaders("folkeregistrering", "folkeregisterloven-kap-5").merging([.contentType: "application/json"]),
                 body: #"{"street":"Storgata 1","postcode":"0155","municipalityNumber":"0301","validFrom":"2030-06-01"}"#,
                 allowed: [.machine("tverr:registers/person.write")]),
            Case(route: .events, method: .get, path: "/api/v1/events", headers: read,
                 allowed: [.machine("tverr:registers/person.read"), .machine("tverr:registers/person.extended")]),
            Case(route: .eventSubscriptions, method: .get, path: "/api/v1/events/subscriptions", headers: read, allowed: eventScopes),
            Case(route: .eventSubscription, method: .get, path: "/api/v1/events/subscriptions/\(UUID())", headers: read, allowed: eventScopes,
                 succeeded: { $0.status == .notFound }),
            Case(route: .eventDeadLetters, method: .get, path: "/api/v1/events/subscriptions/\(UUID())/dead-letters", headers: read,
                 allowed: eventScopes, succeeded: { $0.status == .notFound }),
            Case(route: .eventRedeliver, method: .post, path: "/api/v1/events/subscriptions/\(UUID())/dead-letters/redeliver", headers: read,
                 allowed: eventScopes, succeeded: { $0.status == .notFound }),
            // Callback on a port nothing listens on: nothing is sent before the worker runs.
            Case(route: .eventSubscriptions, method: .post, path: "/api/v1/events/subscriptions",
                 headers: read.merging([.contentType: "application/json"]),
                 body: #"{"types":["no.tverr.registers.address-changed.v1"],"callbackUrl":"http://127.0.0.1:9/hook"}"#,
                 allowed: [.machine("tverr:registers/person.read"), .machine("tverr:registers/person.extended")]),
            Case(route: .eventSubscription, method: .delete, path: "/api/v1/events/subscriptions/\(UUID())", headers: read, allowed: eventScopes,
                 succeeded: { $0.status == .notFound }),
            Case(route: .notifyTemplates, method: .get, path: "/api/v1/notify/templates",
                 allowed: [.machine("tverr:notify/templates.write"), .machine("tverr:notify/messages.send")]),
            Case(route: .notifyTemplate, method: .get, path: "/api/v1/notify/templates/none-here",
                 allowed: [.machine("tverr:notify/templates.write"), .machine("tverr:notify/messages.send")],
                 succeeded: { $0.status == .notFound }),
            Case(route: .notifyTemplate, method: .put, path: "/api/v1/notify/templates/matrix", headers: [.contentType: "application/json"],
                 body: #"{"name":"M","variants":[{"channel":"sms","language":"nb","body":"Hei."},{"channel":"sms","language":"nn","body":"Hei."},"# + #"{"channel":"sms","language":"en","body":"Hi."},{"channel":"sms","language":"uk","body":"Привіт."}]}"#,
                 allowed: [.machine("tverr:notify/templates.write")]),
            Case(route: .notifyMessages, method: .post, path: "/api/v1/notify/messages", headers: [.contentType: "application/json"],
                 body: #"{"template":"none-here","to":{"email":"a@example.no"}}"#,
                 allowed: [.machine("tverr:notify/messages.send")], succeeded: { $0.status == .notFound }),
            Case(route: .notifyBatch, method: .post, path: "/api/v1/notify/messages/batch", headers: [.contentType: "application/json"],
                 body: #"{"messages":[{"template":"none-here","to":{"email":"a@example.no"}}]}"#,
                 allowed: [.machine("tverr:notify/messages.send")]),
            Case(route: .notifyStatusFeed, method: .get, path: "/api/v1/notify/status-feed", allowed: [.machine("tverr:notify/messages.send")]),
            Case(route: .notifyMessage, method: .get, path: "/api/v1/notify/messages/\(UUID())",
                 allowed: [.machine("tverr:notify/messages.send")], succeeded: { $0.status == .notFound }),
            Case(route: .adminPrintQueue, method: .get, path: "/api/v1/admin/print-queue", allowed: [.admin]),
            Case(route: .adminPrintQueueLetter, method: .get, path: "/api/v1/admin/print-queue/\(UUID())/pdf", allowed: [.admin],
                 succeeded: { $0.status == .notFound }),
            Case(route: .adminPrintQueueAttachment, method: .get, path: "/api/v1/admin/print-queue/\(UUID())/attachments/0", allowed: [.admin],
                 succeeded: { $0.status == .notFound }),
            Case(route: .adminPrintQueuePrinted, method: .post, path: "/api/v1/admin/print-queue/\(UUID())/printed", allowed: [.admin],
                 succeeded: { $0.status == .notFound }),
            Case(route: .adminClients, method: .get, path: "/api/v1/admin/clients", allowed: [.admin]),
            Case(route: .adminClientDisable, method: .post, path: "/api/v1/admin/clients/nobody-here/disable", allowed: [.admin],
                 succeeded: { $0.status == .notFound }),
            Case(route: .myContact, method: .get, path: "/my/contact", allowed: [.portal]),
            Case(route: .myMessages, method: .get, path: "/my/messages", allowed: [.portal]),
            Case(route: .myMessage, method: .get, path: "/my/messages/\(UUID())", allowed: [.portal], succeeded: { $0.status == .notFound }),
            Case(route: .myMessageAttachment, method: .get, path: "/my/messages/\(UUID())/attachments/0", allowed: [.portal],
                 succeeded: { $0.status == .notFound }),
            Case(route: .myResults, method: .get, path: "/my/results", allowed: [.portal]),
            Case(route: .myProtection, method: .get, path: "/my/protection", allowed: [.portal]),
            Case(route: .myProtectionAppeal, method: .post, path: "/my/protection/UDI-NOSUCH22/appeal", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&reason=wrong", allowed: [.portal], succeeded: { $0.status == .notFound }),
            Case(route: .pandemicResults, method: .post, path: "/api/v1/pandemic/results", headers: [.contentType: "application/json"],
                 body: #"{"results": [\#(ResultsAPITests.row("M-\(UUID().uuidString.prefix(8))", pid))]}"#, allowed: [.machine(ResultsAPIController.writeScope)]),
            Case(route: .book, method: .get, path: "/book", allowed: [.portal]),
            Case(route: .bookStation, method: .get, path: "/book/\(UUID())", allowed: [.portal], succeeded: { $0.status == .notFound }),
            Case(route: .bookStation, method: .post, path: "/book/\(UUID())", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&slot=x", allowed: [.portal], succeeded: { $0.status == .notFound }),
            Case(route: .myBookings, method: .get, path: "/my/bookings", allowed: [.portal]),
            Case(route: .myBooking, method: .get, path: "/my/bookings/\(UUID())", allowed: [.portal], succeeded: { $0.status == .notFound }),
            Case(route: .myBookingCancel, method: .get, path: "/my/bookings/\(UUID())/cancel", allowed: [.portal], succeeded: { $0.status == .notFound }),
            Case(route: .myBookingCancel, method: .post, path: "/my/bookings/\(UUID())/cancel", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=", allowed: [.portal], succeeded: { $0.status == .notFound }),
            Case(route: .bookingResources, method: .post, path: "/api/v1/booking/resources", headers: [.contentType: "application/json"],
                 body: BookingAPITests.stationJSON, allowed: [.machine(BookingAPIController.writeScope)], succeeded: { $0.status == .created }),
            Case(route: .bookingResourceHours, method: .put, path: "/api/v1/booking/resources/\(UUID())/hours", headers: [.contentType: "application/json"],
                 body: #"{"hours": {}}"#, allowed: [.machine(BookingAPIController.writeScope)], succeeded: { $0.status == .notFound }),
            Case(route: .bookingResourceException, method: .put, path: "/api/v1/booking/resources/\(UUID())/exceptions/2026-12-24",
                 headers: [.contentType: "application/json"], body: #"{"periods": ""}"#, allowed: [.machine(BookingAPIController.writeScope)],
                 succeeded: { $0.status == .notFound }),
            Case(route: .bookingResourceException, method: .delete, path: "/api/v1/booking/resources/\(UUID())/exceptions/2026-12-24",
                 allowed: [.machine(BookingAPIController.writeScope)], succeeded: { $0.status == .notFound }),
            Case(route: .myCertificates, method: .get, path: "/my/certificates", allowed: [.portal]),
            Case(route: .myCertificates, method: .post, path: "/my/certificates", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&record=no-such-record", allowed: [.portal], succeeded: { $0.status == .conflict }),
            Case(route: .myCertificate, method: .get, path: "/my/certificates/\(UUID())", allowed: [.portal], succeeded: { $0.status == .notFound }),
            Case(route: .myCertificatePDF, method: .get, path: "/my/certificates/\(UUID())/pdf", allowed: [.portal], succeeded: { $0.status == .notFound }),
            Case(route: .myCertificatePNG, method: .get, path: "/my/certificates/\(UUID())/qr.png", allowed: [.portal], succeeded: { $0.status == .notFound }),
            Case(route: .adminCertificateRevocations, method: .post, path: "/api/v1/admin/certificates/revocations",
                 headers: [.contentType: "application/json"],
                 body: #"{"uvci": "\#(try! UVCI(country: "NO", opaque: "TV/NOBODY").value)", "reason": "matrix"}"#, allowed: [.admin],
                 succeeded: { $0.status == .notFound }),
            Case(route: .staffTemplates, method: .get, path: "/staff/templates", allowed: [.editor]),
            Case(route: .staffResults, method: .get, path: "/staff/results?person=\(pid)", allowed: [.healthWorker]),
            Case(route: .staffResults, method: .post, path: "/staff/results", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&person=\(pid)", allowed: [.healthWorker], succeeded: { $0.status == .unprocessableContent }),
            Case(route: .staffResultsBatch, method: .get, path: "/staff/results/batch", allowed: [.healthWorker]),
            Case(route: .staffDashboard, method: .get, path: "/staff/dashboard", allowed: [.municipal]),
            Case(route: .staffArrivals, method: .get, path: "/staff/arrivals", allowed: [.municipal]),
            Case(route: .staffTracing, method: .get, path: "/staff/tracing", allowed: [.tracer]),
            Case(route: .staffArrival, method: .get, path: "/staff/arrival", allowed: [.police]),
            Case(route: .staffProtection, method: .get, path: "/staff/protection", allowed: [.caseworker]),
            Case(route: .staffSettlement, method: .get, path: "/staff/settlement", allowed: [.imdi]),
            Case(route: .staffJourney, method: .get, path: "/staff/journey", allowed: Self.staffAtHigh),
            Case(route: .staffJourney, method: .get, path: "/staff/journey?person=01010112345", allowed: [.imdi, .caseworker],
                 succeeded: { $0.status == .unprocessableContent || $0.status == .notFound || $0.status == .ok }),
            // The youth editor pages: the editor role at Bufdir or the Directorate of Health (none of
            // the matrix's principals; the demo editor is Nav's, for templates). YouthEditorPageTests has the editor.
            Case(route: .staffYouth, method: .get, path: "/staff/youth", allowed: []),
            Case(route: .staffYouthArticle, method: .get, path: "/staff/youth/article", allowed: []),
            Case(route: .staffYouthArticle, method: .post, path: "/staff/youth/article", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&slug=x", allowed: []),
            Case(route: .staffYouthReview, method: .post, path: "/staff/youth/review", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&slug=x&language=nb", allowed: []),
            // The youth expert panel: the expert role (or editor, to review) at Bufdir or the Directorate of
            // Health, none of the matrix's principals. YouthPanelPageTests has the experts.
            Case(route: .staffPanel, method: .get, path: "/staff/panel", allowed: []),
            Case(route: .staffPanelQuestion, method: .get, path: "/staff/panel/question?id=x", allowed: []),
            Case(route: .staffPanelAnswer, method: .post, path: "/staff/panel/answer", headers: [.contentType: "application/x-www-form-urlencoded"], body: "csrf_token=&id=x", allowed: []),
            Case(route: .staffPanelMove, method: .post, path: "/staff/panel/move", headers: [.contentType: "application/x-www-form-urlencoded"], body: "csrf_token=&id=x", allowed: []),
            Case(route: .staffPanelPublish, method: .post, path: "/staff/panel/publish", headers: [.contentType: "application/x-www-form-urlencoded"], body: "csrf_token=&id=x", allowed: []),
            Case(route: .staffPanelReturn, method: .post, path: "/staff/panel/return", headers: [.contentType: "application/x-www-form-urlencoded"], body: "csrf_token=&id=x", allowed: []),
            // The network: any staff role, at high.
            Case(route: .staffNetwork, method: .get, path: "/staff/network", allowed: Self.staffAtHigh),
            Case(route: .staffNetwork, method: .post, path: "/staff/network", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&agency=nosuch&text=x", allowed: Self.staffAtHigh, succeeded: { $0.status == .unprocessableContent }),
            Case(route: .staffNetworkWithdraw, method: .post, path: "/staff/network/nosuch/withdraw", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=", allowed: Self.staffAtHigh, succeeded: { $0.status == .notFound }),
            Case(route: .staffNetworkSubscribe, method: .post, path: "/staff/network/subscribe", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&email=bad", allowed: Self.staffAtHigh, succeeded: { $0.status == .unprocessableContent }),
            Case(route: .staffNetworkUnsubscribe, method: .post, path: "/staff/network/unsubscribe", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&subscriber=nosuch", allowed: Self.staffAtHigh,
                 succeeded: { $0.status == .seeOther && $0.headers[.location] == "/staff/network?unsubscribed=1" }),
            Case(route: .staffSettlementProposal, method: .post, path: "/staff/settlement/nosuch/proposal", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&municipality=4601", allowed: [.imdi], succeeded: { $0.status == .conflict }),
            Case(route: .staffMunicipalSettlement, method: .get, path: "/staff/municipality/settlement", allowed: [.municipal]),
            Case(route: .staffMunicipalSettlementPlaces, method: .post, path: "/staff/municipality/settlement/places", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&places=many", allowed: [.municipal], succeeded: { $0.status == .unprocessableContent }),
            Case(route: .staffMunicipalSettlementAnswer, method: .post, path: "/staff/municipality/settlement/nosuch/answer", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&decision=accept", allowed: [.municipal], succeeded: { $0.status == .conflict }),
            Case(route: .staffMunicipalSettlementMoveIn, method: .post, path: "/staff/municipality/settlement/nosuch/move-in", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&street=Storgata%201&postcode=0150&movedIn=2030-01-01", allowed: [.municipal], succeeded: { $0.status == .conflict }),
            Case(route: .staffProtectionCase, method: .get, path: "/staff/protection/UDI-NOSUCH22", allowed: [.caseworker], succeeded: { $0.status == .notFound }),
            Case(route: .staffProtectionDecision, method: .post, path: "/staff/protection/UDI-NOSUCH22/decision", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&outcome=grant&reason=A%20reason%20long%20enough%20here", allowed: [.caseworker], succeeded: { $0.status == .notFound }),
            Case(route: .staffArrival, method: .post, path: "/staff/arrival", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=", allowed: [.police], succeeded: { $0.status == .unprocessableContent }),
            Case(route: .staffTracingCase, method: .get, path: "/staff/tracing/\(UUID())", allowed: [.tracer], succeeded: { $0.status == .notFound }),
            Case(route: .staffTracingContacts, method: .post, path: "/staff/tracing/\(UUID())/contacts", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=", allowed: [.tracer], succeeded: { $0.status == .notFound }),
            Case(route: .staffTracingClose, method: .post, path: "/staff/tracing/\(UUID())/close", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=", allowed: [.tracer], succeeded: { $0.status == .notFound }),
            Case(route: .staffDashboardCSV, method: .get, path: "/staff/dashboard.csv", allowed: [.municipal]),
            Case(route: .pandemicStatistics, method: .get, path: "/api/v1/pandemic/statistics", allowed: [.machine(DashboardController.statisticsScope)]),
            Case(route: .staffResultsBatch, method: .post, path: "/staff/results/batch", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&lines=", allowed: [.healthWorker], succeeded: { $0.status == .unprocessableContent }),
            Case(route: .staffResult, method: .get, path: "/staff/results/\(UUID())", allowed: [.healthWorker], succeeded: { $0.status == .notFound }),
            Case(route: .staffResult, method: .post, path: "/staff/results/\(UUID())", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=", allowed: [.healthWorker], succeeded: { $0.status == .notFound }),
            Case(route: .staffTemplateNew, method: .get, path: "/staff/templates/new", allowed: [.editor]),
            Case(route: .staffTemplate, method: .get, path: "/staff/templates/none-here", allowed: [.editor], succeeded: { $0.status == .notFound }),
            Case(route: .staffTemplates, method: .post, path: "/staff/templates", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&id=matrix-page&name=M&sms-nb-body=Hei.&sms-nn-body=Hei.&sms-en-body=Hi.&sms-uk-body=Hi.", allowed: [.editor],
                 succeeded: { $0.status == .seeOther && $0.headers[.location] == "/staff/templates/matrix-page?saved=1" }),
            Case(route: .staffTemplate, method: .post, path: "/staff/templates/none-here", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&name=M", allowed: [.editor], succeeded: { $0.status == .notFound }),
            Case(route: .myAddress, method: .get, path: "/my/address", allowed: [.portal]),
            Case(route: .myConsents, method: .get, path: "/my/consents", allowed: [.portal]),
            Case(route: .myConsentWithdraw, method: .post, path: "/my/consents/withdraw", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=&purpose=brukerundersokelse&organisation=889640782", allowed: [.portal]),
            // Last, because it ends the portal session.
            Case(route: .myLogout, method: .post, path: "/my/logout", headers: [.contentType: "application/x-www-form-urlencoded"],
                 body: "csrf_token=", allowed: [.portal],
                 succeeded: { $0.status == .seeOther && $0.headers[.location]?.hasPrefix("/logout?") == true }),
        ]
    }

    /// The staff whose demo sessions are at idporten-loa-high.
    static let staffAtHigh: Set<Principal> = [.healthWorker, .municipal, .police, .caseworker, .imdi]

    /// Routes anyone may call (the login pages protect themselves with CSRF and rate limits).
    static let publicRoutes: Set<SiteRoute> = [
        .home, .stylesheet, .health, .readiness, .metrics, .openAPI, .municipalities, .municipality, .organisations, .organisation,
        .discovery, .jwks, .authorize, .authorizeLogin, .authorizeEID, .token, .logout, .portalLogin, .portalCallback,
        .eidActivate, .eidPassword, .eidConfirm, .eventTypes, .trustList, .verify, .revocationList, .businessRules, .valueSets,
        .bookingResource, .bookingResourceSlots,  // .bookingResources: its GET is public too, its POST is in the matrix
        .rules, .ruleSet,  // the rules for automated decisions are published (forvaltningsloven § 13)
        .verifyDecision,  // anyone shown a decision letter checks it (the code itself carries what is shown)
        .networkUnsubscribe,  // the digest's unsubscribe link: its token is the key
        .youth, .youthTopic, .youthArticle, .youthSearch, .youthAsk, .youthReply, .youthArchive, .youthArchiveAnswer,  // the youth front door: young people read, search and ask without logging in (the ask form has the CSRF cookie and a rate limit)
        .entry, .entryRegistered,  // entry registration: travellers have no login (the form has the CSRF cookie and a rate limit)
    ]

    @Test("Every route is either public or in the matrix")
    func everyRouteClassified() {
        let protected = Set(Self.cases(pid: "x").map(\.route))
        #expect(protected.isDisjoint(with: Self.publicRoutes))
        #expect(protected.union(Self.publicRoutes) == Set(SiteRoute.allCases), "unclassified: \(Set(SiteRoute.allCases).subtracting(protected.union(Self.publicRoutes)))")
    }

    @Test("Only the allowed caller and route pairs succeed", arguments: Backend.available)
    func matrix(backend: Backend) async throws {
        try await H.run(backend) { h in
            let pid = h.people[0].identityNumber.value
            var credentials = Credentials()
            let authorization = H.Authorization()
            let (code, _) = try await h.login(authorization, pid: pid)
            credentials.person = try #require(try H.json(try await h.exchangeCode(code, verifier: authorization.verifier))["access_token"] as? String)
            credentials.portal = try await PortalTests.portalLogin(h, pid: pid)
            credentials.admin = try await AdminTests.adminToken(h)
            let my = try await h.client.execute(uri: "/my", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(credentials.portal)"])
            credentials.portalCSRF = String(try #require(String(buffer: my.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
            (credentials.editor, credentials.editorCSRF) = try await StaffTemplatePageTests.editor(h)
            let worker = try await ResultPortalTests.worker(h)
            (credentials.healthWorker, credentials.healthWorkerCSRF) = (worker.cookie, worker.csrf)
            let clerk = try #require(try await DemoStaff.staff(store: h.store).first { $0.role == .municipalStaff && $0.organisation == "958935420" })
            credentials.municipal = try await PortalTests.portalLogin(h, pid: clerk.pid, returnTo: "/my", level: "high")
            let clerkPage = try await h.client.execute(uri: "/my", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(credentials.municipal)"])
            credentials.municipalCSRF = String(try #require(String(buffer: clerkPage.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
            let tracer = try #require(try await DemoStaff.staff(store: h.store).first { $0.role == .tracer })
            credentials.tracer = try await PortalTests.portalLogin(h, pid: tracer.pid)
            let tracerPage = try await h.client.execute(uri: "/my", method: .get, headers: [.cookie: "\(PortalController.cookie)=\(credentials.tracer)"])
            credentials.tracerCSRF = String(try #require(String(buffer: tracerPage.body).firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.1))
            let officer = try await IntakePageTests.officer(h)
            (credentials.police, credentials.policeCSRF) = (officer.cookie, officer.csrf)
            let caseworker = try await CaseworkerPageTests.caseworker(h)
            (credentials.caseworker, credentials.caseworkerCSRF) = (caseworker.cookie, caseworker.csrf)
            let imdi = try await SettlementPageTests.imdi(h)
            (credentials.imdi, credentials.imdiCSRF) = (imdi.cookie, imdi.csrf)
            let scopes = ExchangeCatalogue.scopes.map(\.name)
            for (index, scope) in scopes.enumerated() {
                let machine = try await h.registerMachine("matrix-\(index)", scopes: [scope])
                credentials.machine[scope] = try await h.machineToken(machine, scope: scope)
            }
            let principals: [Principal] = [.anonymous, .person, .admin, .portal, .editor, .healthWorker, .municipal, .tracer, .police, .caseworker, .imdi] + scopes.map { .machine($0) }
            var checked = 0
            for testCase in Self.cases(pid: pid) {
                for principal in principals {
                    var headers = testCase.headers
                    var body = testCase.body
                    switch principal {
                    case .anonymous: break
                    case .person: headers[.authorization] = "Bearer \(credentials.person)"
                    case .admin: headers[.authorization] = "Bearer \(credentials.admin)"
                    case .portal:
                        headers[.cookie] = "\(PortalController.cookie)=\(credentials.portal)"
                        body = body?.replacingOccurrences(of: "csrf_token=", with: "csrf_token=\(credentials.portalCSRF)")
                    case .editor:
                        headers[.cookie] = "\(PortalController.cookie)=\(credentials.editor)"
                        body = body?.replacingOccurrences(of: "csrf_token=", with: "csrf_token=\(credentials.editorCSRF)")
                    case .healthWorker:
                        headers[.cookie] = "\(PortalController.cookie)=\(credentials.healthWorker)"
                        body = body?.replacingOccurrences(of: "csrf_token=", with: "csrf_token=\(credentials.healthWorkerCSRF)")
                    case .municipal:
                        headers[.cookie] = "\(PortalController.cookie)=\(credentials.municipal)"
                        body = body?.replacingOccurrences(of: "csrf_token=", with: "csrf_token=\(credentials.municipalCSRF)")
                    case .tracer:
                        headers[.cookie] = "\(PortalController.cookie)=\(credentials.tracer)"
                        body = body?.replacingOccurrences(of: "csrf_token=", with: "csrf_token=\(credentials.tracerCSRF)")
                    case .police:
                        headers[.cookie] = "\(PortalController.cookie)=\(credentials.police)"
                        body = body?.replacingOccurrences(of: "csrf_token=", with: "csrf_token=\(credentials.policeCSRF)")
                    case .caseworker:
                        headers[.cookie] = "\(PortalController.cookie)=\(credentials.caseworker)"
                        body = body?.replacingOccurrences(of: "csrf_token=", with: "csrf_token=\(credentials.caseworkerCSRF)")
                    case .imdi:
                        headers[.cookie] = "\(PortalController.cookie)=\(credentials.imdi)"
                        body = body?.replacingOccurrences(of: "csrf_token=", with: "csrf_token=\(credentials.imdiCSRF)")
                    case .machine(let scope): headers[.authorization] = "Bearer \(credentials.machine[scope]!)"
                    }
                    // The portal's logout is tried by the portal last of all.
                    if testCase.route == .myLogout, [.portal, .editor, .healthWorker, .municipal, .tracer, .police, .caseworker, .imdi].contains(principal) { continue }
                    let response = try await h.client.execute(uri: testCase.path, method: testCase.method, headers: headers,
                                                              body: body.map { ByteBuffer(string: $0) })
                    let allowed = testCase.allowed.contains(principal)
                        || ([.editor, .healthWorker, .municipal, .tracer, .police, .caseworker, .imdi].contains(principal) && testCase.allowed.contains(.portal))
                    #expect(testCase.succeeded(response) == allowed, "\(principal) → \(testCase.method) \(testCase.route.rawValue): \(response.status)")
                    if !allowed {
                        #expect([401, 403, 303].contains(response.status.code) && !(testCase.route == .adminClientDisable && response.status == .notFound), "\(principal) → \(testCase.route.rawValue) refused with \(response.status)")
                    }
                    checked += 1
                }
            }
            let logout = try #require(Self.cases(pid: pid).last)
            let out = try await h.client.execute(uri: logout.path, method: .post,
                                                 headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(PortalController.cookie)=\(credentials.portal)"],
                                                 body: ByteBuffer(string: "csrf_token=\(credentials.portalCSRF)"))
            #expect(logout.succeeded(out))
            #expect(checked == Self.cases(pid: pid).count * principals.count - 8)
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        for field in other { merged[field.name] = field.value }
        return merged
    }
}
