import Hummingbird

/// Every path Tverr serves, in one place, grouped by building block.
public enum SiteRoute: String, CaseIterable, Sendable {
    // portal
    case home = "/"
    case stylesheet = "/static/tverr.css"
    // operations
    case health = "/healthz"
    case readiness = "/readyz"
    case metrics = "/metrics"
    case openAPI = "/openapi.json"
    // registers: reference data
    case municipalities = "/api/v1/municipalities"
    case municipality = "/api/v1/municipalities/:number"
    case organisations = "/api/v1/organisations"
    case organisation = "/api/v1/organisations/:number"
    // identity
    case discovery = "/.well-known/openid-configuration"
    case jwks = "/jwks.json"
    case authorize = "/authorize"
    case authorizeLogin = "/authorize/login"
    case authorizeEID = "/authorize/eid"
    case eidActivate = "/eid/activate"
    case eidPassword = "/eid/password"
    case eidConfirm = "/eid/confirm"
    case identityVerification = "/api/v1/persons/:number/identity-verification"
    case token = "/token"
    case userinfo = "/userinfo"
    case logout = "/logout"
    // portal: login as a relying party, my page, who used my data
    case portalLogin = "/login"
    case portalCallback = "/login/callback"
    case myPage = "/my"
    case myDataUse = "/my/data-use"
    case myLogout = "/my/logout"
    case myContact = "/my/contact"
    case myAddress = "/my/address"
    case myConsents = "/my/consents"
    case myConsentWithdraw = "/my/consents/withdraw"
    case myMessages = "/my/messages"
    case myMessage = "/my/messages/:id"
    case myMessageAttachment = "/my/messages/:id/attachments/:position"
    case apiMyDataUse = "/api/v1/me/data-use"
    // identity: administration (admin role, idporten-loa-high)
    case adminClients = "/api/v1/admin/clients"
    case adminClientDisable = "/api/v1/admin/clients/:id/disable"
    case adminPrintQueue = "/api/v1/admin/print-queue"
    case adminPrintQueueLetter = "/api/v1/admin/print-queue/:id/pdf"
    case adminPrintQueueAttachment = "/api/v1/admin/print-queue/:id/attachments/:position"
    case adminPrintQueuePrinted = "/api/v1/admin/print-queue/:id/printed"
    // exchange: the registers API
    case persons = "/api/v1/persons"
    case person = "/api/v1/persons/:number"
    case personAddress = "/api/v1/persons/:number/address"
    case personAddresses = "/api/v1/persons/:number/addresses"
    case personFamily = "/api/v1/persons/:number/family"
    case personContact = "/api/v1/persons/:number/contact"
    case personHealthPersonnel = "/api/v1/persons/:number/health-personnel"
    // events: the feed and webhook subscriptions
    case eventTypes = "/api/v1/events/types"
    case events = "/api/v1/events"
    case eventSubscriptions = "/api/v1/events/subscriptions"
    case eventSubscription = "/api/v1/events/subscriptions/:id"
    case eventDeadLetters = "/api/v1/events/subscriptions/:id/dead-letters"
    case eventRedeliver = "/api/v1/events/subscriptions/:id/dead-letters/redeliver"
    // notify: templates
    case notifyTemplates = "/api/v1/notify/templates"
    case notifyTemplate = "/api/v1/notify/templates/:id"
    case notifyMessages = "/api/v1/notify/messages"
    case notifyMessage = "/api/v1/notify/messages/:id"
    case notifyBatch = "/api/v1/notify/messages/batch"
    case notifyStatusFeed = "/api/v1/notify/status-feed"
    // pandemic: test results on "my page", the laboratory API
    case myResults = "/my/results"
    case pandemicResults = "/api/v1/pandemic/results"
    // booking
    case book = "/book"
    case bookStation = "/book/:station"
    case myBookings = "/my/bookings"
    case myBooking = "/my/bookings/:id"
    case myBookingCancel = "/my/bookings/:id/cancel"
    case bookingResources = "/api/v1/booking/resources"
    case bookingResource = "/api/v1/booking/resources/:id"
    case bookingResourceHours = "/api/v1/booking/resources/:id/hours"
    case bookingResourceException = "/api/v1/booking/resources/:id/exceptions/:date"
    case bookingResourceSlots = "/api/v1/booking/resources/:id/slots"
    // credentials: the public trust and revocation lists, the verifier page, my certificates, revoking
    case trustList = "/credentials/trust-list"
    case verify = "/verify"
    case revocationList = "/credentials/revocations"
    case businessRules = "/credentials/rules"
    case valueSets = "/credentials/value-sets"
    case myCertificates = "/my/certificates"
    case myCertificate = "/my/certificates/:id"
    case myCertificatePDF = "/my/certificates/:id/pdf"
    case myCertificatePNG = "/my/certificates/:id/qr.png"
    case adminCertificateRevocations = "/api/v1/admin/certificates/revocations"
    // notify: the editors' template pages (portal session, editor role)
    case staffTemplates = "/staff/templates"
    case staffTemplateNew = "/staff/templates/new"
    case staffTemplate = "/staff/templates/:id"
    // pandemic: the rapid-test result portal (portal session at high, health-personnel role, authorised in the register)
    case staffResults = "/staff/results"
    case staffResultsBatch = "/staff/results/batch"
    case staffResult = "/staff/results/:id"
    // pandemic: the municipal dashboard (municipal-staff role; an agency's role sees the whole country) and its API
    case staffDashboard = "/staff/dashboard"
    case staffDashboardCSV = "/staff/dashboard.csv"
    case pandemicStatistics = "/api/v1/pandemic/statistics"
    // pandemic: entry registration (public form, no login) and the municipality's arrivals (municipal-staff role)
    case entry = "/entry"
    case entryRegistered = "/entry/registered"
    case staffArrivals = "/staff/arrivals"
    // pandemic: contact tracing (tracer role)
    case staffTracing = "/staff/tracing"
    case staffTracingCase = "/staff/tracing/:id"
    case staffTracingContacts = "/staff/tracing/:id/contacts"
    case staffTracingClose = "/staff/tracing/:id/close"
    // arrival: the police intake at the first meeting (portal session at high, police role)
    case staffArrival = "/staff/arrival"
    // cases: protection cases the rules sent to a person (portal session at high, caseworker role at UDI)
    case staffProtection = "/staff/protection"
    case staffProtectionCase = "/staff/protection/:reference"
    case staffProtectionDecision = "/staff/protection/:reference/decision"
    // cases: my protection application with its explanation, and the appeal (portal session)
    case myProtection = "/my/protection"
    case myProtectionAppeal = "/my/protection/:reference/appeal"
    // cases: the public rules for automated decisions (no login)
    case rules = "/rules"
    case ruleSet = "/rules/:id"
    // arrival: settlement, IMDi's proposals (caseworker role at IMDi) and the municipality's places, answers and move-ins (municipal staff)
    case staffSettlement = "/staff/settlement"
    case staffSettlementProposal = "/staff/settlement/:group/proposal"
    case staffMunicipalSettlement = "/staff/municipality/settlement"
    case staffMunicipalSettlementPlaces = "/staff/municipality/settlement/places"
    case staffMunicipalSettlementAnswer = "/staff/municipality/settlement/:group/answer"
    case staffMunicipalSettlementMoveIn = "/staff/municipality/settlement/:group/move-in"
    // arrival: the journey's analytics and service chain map (caseworker role at UDI or IMDi)
    case staffJourney = "/staff/journey"
    // cases: the public check of a signed decision letter (no login; the QR code on the letter opens it)
    case verifyDecision = "/verify/decision"

    // the agencies' network: updates, the weekly digest, and the unsubscribe link (no login; its token is the key)
    case staffNetwork = "/staff/network"
    case staffNetworkWithdraw = "/staff/network/:id/withdraw"
    case staffNetworkSubscribe = "/staff/network/subscribe"
    case staffNetworkUnsubscribe = "/staff/network/unsubscribe"
    case networkUnsubscribe = "/network/unsubscribe"

    // the youth front door (no login): articles by topic, full-text search
    case youth = "/ung"
    case youthTopic = "/ung/tema/:topic"
    case youthArticle = "/ung/artikler/:slug"
    case youthSearch = "/ung/sok"
    case youthAsk = "/ung/spor"
    case youthReply = "/ung/svar"
    case youthArchive = "/ung/svar-fra-fagfolk"
    case youthArchiveAnswer = "/ung/svar-fra-fagfolk/:id"
    // the youth expert panel (expert role, or editor for review, at Bufdir or the Directorate of Health)
    case staffPanel = "/staff/panel"
    case staffPanelQuestion = "/staff/panel/question"
    case staffPanelAnswer = "/staff/panel/answer"
    case staffPanelMove = "/staff/panel/move"
    case staffPanelPublish = "/staff/panel/publish"
    case staffPanelReturn = "/staff/panel/return"
    // the youth front door's editors (editor role at Bufdir or the Directorate of Health)
    case staffYouth = "/staff/youth"
    case staffYouthArticle = "/staff/youth/article"
    case staffYouthReview = "/staff/youth/review"

    /// The path in Hummingbird's router syntax.
    public var path: RouterPath { RouterPath(rawValue) }

    /// The path in OpenAPI's syntax (`{name}` for parameters).
    public var openAPIPath: String {
        rawValue.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }
}
