import Booking
import DCC
import Foundation
import Hummingbird
import Identifiers
import Identity
import Localization
import NIOConcurrencyHelpers
import Pandemic
import Persistence
import Reference
import WebUI

/// The rapid-test result portal for health personnel. Staff log in to the portal at
/// `idporten-loa-high` (a lower login is sent to log in again), hold the `health-personnel` role
/// at an organisation, and must have a valid authorisation in the health personnel register;
/// anyone else gets a page that says why. They find the person by number (once-only: the name
/// and address come from the register), register results one at a time or a session at once,
/// and correct them; everything is audited and goes through the same checks as the laboratory API.
struct ResultPortalController {
    let provider: IdentityProvider?
    let store: Store?
    /// One for the process, so that the notice template is checked once, not on every request.
    let results: TestResults?
    /// Health personnel checks by portal session, so that the register is asked once per session
    /// and again after `checkLifetime`.
    let checks = NIOLockedValueBox<[String: (TestResults.HealthWorkerCheck, Date)]>([:])
    static let checkLifetime = 300.0

    init(provider: IdentityProvider?, store: Store?) {
        (self.provider, self.store, self.results) = (provider, store, store.map { TestResults(store: $0) })
    }

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffResults.path) { request, _ in
            try await worker(request) { worker, _ in
                let number = request.uri.queryParameters["person"].map(String.init) ?? ""
                let notice: MessageKey? = switch request.uri.queryParameters["saved"] {
                case "1": .portalResultsSaved
                case "duplicate": .portalResultsDuplicate
                case "corrected": .portalResultsCorrectionSaved
                default: nil
                }
                return try await page(request, worker, number: number, form: Self.defaultForm(), errors: [], notice: notice)
            }
        }
        router.post(SiteRoute.staffResults.path) { request, _ in
            try await worker(request, posting: true) { worker, form in try await register(request, worker, form) }
        }
        router.get(SiteRoute.staffResultsBatch.path) { request, _ in
            try await worker(request) { worker, _ in
                var model = ResultBatchModel(csrfToken: worker.csrfToken, worker: worker.line)
                (model.form, model.devices) = (Self.defaultForm(), Self.devices)
                return PortalController.page(ResultPortalPages.batch(model, context: worker.context), request: request)
            }
        }
        router.post(SiteRoute.staffResultsBatch.path) { request, _ in
            try await worker(request, posting: true) { worker, form in try await batch(request, worker, form) }
        }
        router.get(SiteRoute.staffResult.path) { request, context in
            try await worker(request) { worker, _ in try await correction(request, worker, id: context.parameters.get("id") ?? "", form: nil) }
        }
        router.post(SiteRoute.staffResult.path) { request, context in
            try await worker(request, posting: true) { worker, form in
                try await correction(request, worker, id: context.parameters.get("id") ?? "", form: form)
            }
        }
    }

    /// The signed-in, authorised health worker.
    struct Worker {
        let pid: String
        let organisations: [String]
        let line: String
        let csrfToken: String
        let results: TestResults
        let context: PageContext

        var submitter: TestResults.Submitter {
            TestResults.Submitter(actor: "staff:\(pid)", organisationNumber: organisations[0], source: "portal")
        }
    }

    /// Runs `body` for an authorised health worker; otherwise the login (at high), or a 403 page saying why.
    func worker(_ request: Request, posting: Bool = false, _ body: (Worker, FormBody?) async throws -> Response) async throws -> Response {
        guard let provider, let store, let results else { throw Problem(.serviceUnavailable, detail: "The result portal is not running in this process.") }
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
        func refuse(_ key: MessageKey, status: HTTPResponse.Status = .forbidden) -> Response {
            var response = PortalController.page(MessagePageView.render(title: context.t(.portalResultsTitle), body: context.t(key), context: context),
                                                 request: request)
            response.status = status
            return response
        }
        guard let cookie = request.cookies[PortalController.cookie]?.value,
              let session = try await PortalSessions(store: store).session(cookie: cookie),
              AssuranceLevel(rawValue: session.acr) == .high else { return PortalController.toLogin(request, level: .high) }
        let organisations = try await provider.identity.roles(of: session.pid).filter { $0.role == .healthPersonnel }.map(\.organisation).sorted()
        guard !organisations.isEmpty else { return refuse(.portalResultsNoRole) }
        let check = try await healthWorker(session, results)
        guard case .authorised(let hpr, let profession) = check else {
            return refuse(check == .notInRegister ? .portalResultsNotInRegister : .portalResultsNotAuthorised)
        }
        var form: FormBody?
        if posting {
            form = try? await FormBody.read(request)
            guard let token = form?["csrf_token"], SecureToken.constantTimeEquals(token, session.csrfToken) else { return refuse(.formExpired) }
        }
        let person = try? await SQLRegisterRepository(store: store).person(try NationalIdentityNumber(session.pid))
        let name = person.map { "\($0.givenName) \($0.familyName)" } ?? session.pid
        let organisation = Organisation.all.first { $0.number.value == organisations[0] }?.name ?? organisations[0]
        return try await body(Worker(pid: session.pid, organisations: organisations, line: "\(name), \(profession) (HPR \(hpr)), \(organisation)",
                                     csrfToken: session.csrfToken, results: results, context: context), form)
    }

    func healthWorker(_ session: PortalSession, _ results: TestResults) async throws -> TestResults.HealthWorkerCheck {
        let now = Date()
        if let (check, at) = checks.withLockedValue({ $0[session.sid] }), now.timeIntervalSince(at) < Self.checkLifetime { return check }
        let check = try await results.healthWorker(session.pid, today: TverrServer.today())
        checks.withLockedValue { cache in
            cache = cache.filter { now.timeIntervalSince($0.value.1) < Self.checkLifetime }
            cache[session.sid] = (check, now)
        }
        return check
    }

    /// The main page: the search, the person found, their results and the form.
    func page(_ request: Request, _ worker: Worker, number: String, form: PortalResultForm, errors: [FieldError], notice: MessageKey?,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        var model = ResultPortalModel(csrfToken: worker.csrfToken, worker: worker.line)
        (model.number, model.form, model.errors, model.devices) = (number, form, errors, Self.devices)
        model.notice = notice.map { worker.context.t($0) }
        var status = status
        if !number.isEmpty {
            if let parsed = try? NationalIdentityNumber(number) {
                if let found = try await worker.results.findPerson(parsed, by: worker.pid) {
                    model.person = PortalPerson(identityNumber: found.identityNumber, name: found.name, birthDate: found.birthDate, address: found.address)
                    model.results = try await worker.results.results(of: found.identityNumber).map { Self.row($0, worker.context) }
                } else {
                    (model.numberError, status) = (worker.context.t(.portalResultsNotFound), .notFound)
                }
            } else {
                (model.numberError, status) = (worker.context.t(.portalResultsBadNumber), .badRequest)
            }
        }
        var response = PortalController.page(ResultPortalPages.page(model, context: worker.context), request: request)
        response.status = status
        return response
    }

    static func row(_ stored: TestResults.StoredResult, _ context: PageContext) -> PortalResultRow {
        PortalResultRow(id: stored.id, sampleID: stored.sampleID, type: stored.record.type == ValueSets.TestType.naat ? .resultsTypeNAAT : .resultsTypeRAT,
                        taken: context.language.format(Date(timeIntervalSince1970: stored.record.sampleCollected)),
                        positive: stored.record.detected, centre: stored.record.centre, corrected: stored.correctedAt != nil)
    }

    /// The rapid test devices of the EU list, by name.
    static let devices = ValueSets.testDevices.map { Choice(value: $0.key, label: $0.value) }.sorted { $0.label < $1.label }
}
