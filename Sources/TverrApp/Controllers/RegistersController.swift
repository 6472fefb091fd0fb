import Foundation
import HTTPTypes
import Hummingbird
import Identifiers
import Identity
import Persistence

/// The registers API (once-only): machine clients read a person under a declared purpose and
/// legal basis (`Tverr-Purpose`, `Tverr-Legal-Basis`); responses are cut to the fields the
/// token's scopes allow, and no data is returned before the read's audit entry is committed.
struct RegistersController {
    let provider: IdentityProvider?
    let exchange: RegisterExchange?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.person.path) { request, context in
            try await read(request, context, needing: .identity, fields: nil, action: "registers.person.read")
        }
        router.get(SiteRoute.personAddresses.path) { request, context in
            try await read(request, context, needing: .addressHistory, fields: [.identity, .addressHistory], action: "registers.person.addresses.read")
        }
        router.get(SiteRoute.personFamily.path) { request, context in
            try await read(request, context, needing: .family, fields: [.identity, .family], action: "registers.person.family.read")
        }
        router.get(SiteRoute.personContact.path) { request, context in
            try await read(request, context, needing: .contact, fields: [.identity, .contact, .reservation], action: "registers.contact.read")
        }
        router.post(SiteRoute.persons.path) { request, context in try await assignDNumber(request, context) }
        router.post(SiteRoute.personAddress.path) { request, context in try await changeAddress(request, context) }
        router.get(SiteRoute.personHealthPersonnel.path) { request, context in
            try await read(request, context, needing: .healthPersonnel, fields: [.identity, .name, .healthPersonnel], action: "registers.hpr.read")
        }
    }

    func read(_ request: Request, _ context: TverrRequestContext, needing field: RegisterField, fields: Set<RegisterField>?,
              action: String) async throws -> Response {
        guard let provider, let exchange else { throw Problem(.serviceUnavailable, detail: "The registers API is not running in this process.") }
        let claims = try await BearerToken.verify(request, provider: provider)
        guard let consumer = claims.consumer else {
            throw Problem.oauth(OAuthError(.insufficientScope, "The registers API takes machine-client tokens (JWT bearer grant), not a person's login."))
        }
        let raw = context.parameters.get("number") ?? ""
        let number: NationalIdentityNumber
        do { number = try NationalIdentityNumber(raw) } catch {
            throw Problem(.badRequest, detail: "\"\(raw.prefix(20))\" is not a national identity number or D-number: \(error).")
        }
        let authorisation = try Self.authorise(claims.scopes, purpose: request.headers[.tverrPurpose],
                                               legalBasis: request.headers[.tverrLegalBasis], needing: field)
        let withheldUntil = try Self.withholding(request.headers[.tverrWithholdUntil], purpose: authorisation.purpose)
        let record: PersonRecord
        do {
            record = try await exchange.person(number, fields: fields, authorisation: authorisation,
                                               caller: ExchangeCaller(clientID: claims.client_id, organisationNumber: consumer.organisationNumber),
                                               action: action, withheldUntil: withheldUntil)
        } catch ExchangeFailure.notFound {
            throw Problem(.notFound, detail: "No one in the population register has the number \(number.value).")
        } catch ExchangeFailure.consentMissing(let purpose) {
            throw Problem(.forbidden, detail: "The person has not consented to the purpose \"\(purpose)\" for your organisation.")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(record))))
    }
}

extension RegistersController {
    /// The caller of a write: a machine token with a scope that allows the purpose and legal basis for writing `field`.
    func writer(_ request: Request, needing field: RegisterField) async throws -> (RegisterExchange, ExchangeCaller, ExchangeCatalogue.Authorisation) {
        guard let provider, let exchange else { throw Problem(.serviceUnavailable, detail: "The registers API is not running in this process.") }
        let claims = try await BearerToken.verify(request, provider: provider)
        guard let consumer = claims.consumer else {
            throw Problem.oauth(OAuthError(.insufficientScope, "The registers API takes machine-client tokens (JWT bearer grant), not a person's login."))
        }
        let authorisation: ExchangeCatalogue.Authorisation
        do {
            authorisation = try ExchangeCatalogue.authorise(grantedScopes: claims.scopes, purpose: request.headers[.tverrPurpose],
                                                            legalBasis: request.headers[.tverrLegalBasis], needing: field, write: true)
        } catch { throw Problem.oauth(error) }
        return (exchange, ExchangeCaller(clientID: claims.client_id, organisationNumber: consumer.organisationNumber), authorisation)
    }

    static func body<T: Decodable>(_ request: Request, as type: T.Type) async throws -> T {
        guard let buffer = try? await request.body.collect(upTo: 64 * 1024) else {
            throw Problem(.badRequest, detail: "The body is larger than 64 KiB.")
        }
        do { return try JSONDecoder().decode(T.self, from: Data(buffer: buffer)) } catch {
            throw Problem(.badRequest, detail: "The body is not the JSON this route takes: \(Self.describe(error)). See /openapi.json.")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): "\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        case .dataCorrupted: "it is not valid JSON"
        default: "it could not be read"
        }
    }

    /// `POST /api/v1/persons`: a new person with a D-number.
    func assignDNumber(_ request: Request, _ context: TverrRequestContext) async throws -> Response {
        let (exchange, caller, authorisation) = try await writer(request, needing: .identity)
        let person = try await Self.body(request, as: NewPerson.self)
        do {
            let number = try await exchange.assignDNumber(person, by: caller, authorisation: authorisation, synthetic: provider?.demoMode ?? true)
            var response = try OIDCController.json(["identityNumber": number.value, "numberKind": number.kind.rawValue])
            response.status = .created
            response.headers[.location] = "/api/v1/persons/\(number.value)"
            return response
        } catch let refused as ChangeRefused {
            throw Problem(.badRequest, detail: refused.description)
        }
    }

    /// `POST /api/v1/persons/{number}/address`: a change of address registered by an authority.
    func changeAddress(_ request: Request, _ context: TverrRequestContext) async throws -> Response {
        let (exchange, caller, authorisation) = try await writer(request, needing: .address)
        let raw = context.parameters.get("number") ?? ""
        guard let number = try? NationalIdentityNumber(raw) else {
            throw Problem(.badRequest, detail: "\"\(raw.prefix(20))\" is not a national identity number or D-number.")
        }
        let change = try await Self.body(request, as: AddressChange.self)
        do {
            try await exchange.changeAddress(number, to: change, by: caller, authorisation: authorisation)
        } catch let refused as ChangeRefused {
            throw Problem(.badRequest, detail: refused.description)
        } catch ExchangeFailure.notFound {
            throw Problem(.notFound, detail: "No one in the population register has the number \(number.value).")
        }
        return Response(status: .noContent)
    }

    /// The longest a read may be withheld from the person in one go.
    static let maximumWithholdingDays = 365

    /// `Tverr-Withhold-Until`: only for a purpose that may be withheld, a date after today and at
    /// most a year ahead.
    static func withholding(_ header: String?, purpose: Purpose, today: CalendarDate = TverrServer.today()) throws -> CalendarDate? {
        guard let header else { return nil }
        guard purpose.mayBeWithheld else {
            throw Problem(.badRequest, detail: "Only reads for a covert investigation (purpose etterforskning) can be withheld from the person.")
        }
        guard let date = CalendarDate(iso8601: header), date > today, date <= today.adding(days: maximumWithholdingDays) else {
            throw Problem(.badRequest, detail: "Tverr-Withhold-Until must be a date after today and at most \(maximumWithholdingDays) days ahead.")
        }
        return date
    }

    static func authorise(_ scopes: Set<String>, purpose: String?, legalBasis: String?,
                          needing field: RegisterField) throws(Problem) -> ExchangeCatalogue.Authorisation {
        do { return try ExchangeCatalogue.authorise(grantedScopes: scopes, purpose: purpose, legalBasis: legalBasis, needing: field) } catch {
            throw Problem.oauth(error)
        }
    }
}

extension HTTPField.Name {
    static let tverrPurpose = Self("Tverr-Purpose")!
    static let tverrLegalBasis = Self("Tverr-Legal-Basis")!
    static let tverrWithholdUntil = Self("Tverr-Withhold-Until")!
}
