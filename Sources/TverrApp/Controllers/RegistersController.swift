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
        let record: PersonRecord
        do {
            record = try await exchange.person(number, fields: fields, authorisation: authorisation,
                                               caller: ExchangeCaller(clientID: claims.client_id, organisationNumber: consumer.organisationNumber),
                                               action: action)
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
}
