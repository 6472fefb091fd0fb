import Booking
import Foundation
import Hummingbird
import Identifiers
import Identity
import Localization
import Pandemic
import Persistence
import Reference
import WebUI

/// Entry registration: travellers arriving in Norway register at `/entry` without logging in
/// (many have no Norwegian eID), with the CSRF cookie as the login page has it and a limit per
/// client address. The registration is matched with the population register where it can be.
/// The municipality's staff see the arrivals to their area with each one's latest test result
/// at `/staff/arrivals`, and only their own (an agency's staff: any municipality).
struct EntryController {
    let provider: IdentityProvider?
    let store: Store?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.entry.path) { request, _ in try await form(request, values: ["arrival_date": Self.today().description], errors: []) }
        router.post(SiteRoute.entry.path) { request, context in try await submit(request, context) }
        router.get(SiteRoute.entryRegistered.path) { request, _ in
            let reference = request.uri.queryParameters.get("reference") ?? ""
            guard reference.count == 14, reference.hasPrefix("INN-"), reference.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw HTTPError(.badRequest, message: "The reference must be INN- and ten letters and digits, as the receipt gave it.")
            }
            let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
            return PortalController.page(EntryPages.registered(reference: reference, context: context), request: request)
        }
        router.get(SiteRoute.staffArrivals.path) { request, _ in try await arrivals(request) }
    }

    static func today() -> CalendarDate { SlotSchedule.wallClock(Int64(Date().timeIntervalSince1970), in: SlotSchedule.norway).date }

    static let fields = ["identity_kind", "identity_number", "passport_number", "passport_country", "given_name", "family_name", "birth_date",
                         "country_from", "arrival_date", "address", "postcode", "municipality"]

    func form(_ request: Request, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let provider else { throw Problem(.serviceUnavailable, detail: "Entry registration is not running in this process.") }
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
        let csrf = CSRF.token(for: request)
        let countries = TravelCountries.names.keys.map { Choice(value: $0, label: TravelCountries.name($0, language: context.language.rawValue)!) }
            .sorted { $0.label < $1.label }
        let municipalities = Municipality.all.map { Choice(value: $0.number, label: $0.name) }.sorted { $0.label < $1.label }
        var model = EntryPageModel(csrfToken: csrf.token, values: values, countries: countries, municipalities: municipalities)
        model.errors = errors
        var response = PortalController.page(EntryPages.form(model, context: context), request: request)
        response.status = status
        if csrf.isNew { response.setCookie(CSRF.cookie(csrf.token, secure: provider.secureCookies)) }
        return response
    }

    func submit(_ request: Request, _ requestContext: TverrRequestContext) async throws -> Response {
        guard let provider, let store else { throw Problem(.serviceUnavailable, detail: "Entry registration is not running in this process.") }
        let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
        let body = try? await FormBody.read(request)
        var values: [String: String] = [:]
        for name in Self.fields { values[name] = body?[name] ?? "" }
        guard let body, CSRF.isValid(body, request: request) else {
            return try await form(request, values: values, errors: [FieldError(field: "error-summary", message: context.t(.formExpired))], status: .forbidden)
        }
        guard await provider.loginLimiter.allow("entry:\(requestContext.clientKey)") else {
            return try await form(request, values: values, errors: [FieldError(field: "error-summary", message: context.t(.entryTooMany))],
                                  status: .tooManyRequests)
        }
        var entry = EntryForm()
        (entry.identityKind, entry.identityNumber, entry.passportNumber, entry.passportCountry) =
            (values["identity_kind"]!, values["identity_number"]!, values["passport_number"]!, values["passport_country"]!)
        (entry.givenName, entry.familyName, entry.birthDate, entry.countryFrom, entry.arrivalDate) =
            (values["given_name"]!, values["family_name"]!, values["birth_date"]!, values["country_from"]!, values["arrival_date"]!)
        (entry.address, entry.postcode, entry.municipality) = (values["address"]!, values["postcode"]!, values["municipality"]!)
        let checked: CheckedEntry
        do { checked = try EntryCheck.check(entry, today: Self.today(), municipalities: Set(Municipality.all.map(\.number))) } catch {
            return try await form(request, values: values, errors: [Self.fieldError(error, context: context)], status: .unprocessableContent)
        }
        let (reference, _) = try await EntryRegistrations(store: store).register(checked, language: context.language.rawValue)
        return OIDCController.redirect(SiteRoute.entryRegistered.rawValue, ["reference": reference])
    }

    static func fieldError(_ refusal: EntryRefusal, context: PageContext) -> FieldError {
        let labels: [String: MessageKey] = [
            "identity_number": .entryNumber, "passport_number": .entryPassportNumber, "passport_country": .entryPassportCountry,
            "given_name": .entryGivenName, "family_name": .entryFamilyName, "birth_date": .entryBirthDate, "country_from": .entryCountryFrom,
            "arrival_date": .entryArrivalDate, "address": .entryAddress, "postcode": .entryPostcode, "municipality": .entryMunicipality,
        ]
        let message: MessageKey = switch refusal.kind {
        case .missing: .portalResultsErrorMissing
        case .malformed: .portalResultsErrorMalformed
        case .unknownCountry: .entryErrorCountry
        case .unknownMunicipality: .entryErrorMunicipality
        case .arrivalOutOfRange: .entryErrorArrival
        case .future: .entryErrorFuture
        }
        return FieldError(field: refusal.field, message: "\(labels[refusal.field].map { context.t($0) } ?? refusal.field): \(context.t(message))")
    }
}
