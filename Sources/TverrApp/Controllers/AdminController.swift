import Foundation
import Hummingbird
import Identity
import Persistence

/// The admin API: registering relying parties and machine clients. Admins log in like everyone
/// else, at `idporten-loa-high`, and hold the `admin` role.
struct AdminController {
    let provider: IdentityProvider?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.adminClients.path) { request, _ in
            let p = try require()
            _ = try await StaffAccess.require(request, provider: p, role: .admin)
            let clients = try await p.clients.all().map(ClientJSON.init)
            return try OIDCController.json(["items": AnyEncodable(clients), "count": AnyEncodable(clients.count)])
        }
        router.post(SiteRoute.adminClients.path) { request, context in
            let p = try require()
            let admin = try await StaffAccess.require(request, provider: p, role: .admin)
            let body = try await RegistersController.body(request, as: NewClient.self)
            do {
                var response: Response
                switch body.kind {
                case "web":
                    let (client, secret) = try await p.clients.registerWebClient(
                        name: body.name, organisationNumber: body.organisationNumber, redirectURIs: body.redirectURIs ?? [],
                        postLogoutRedirectURIs: body.postLogoutRedirectURIs ?? [], scopes: Set(body.scopes ?? ["openid", "profile"]),
                        clientID: body.clientID)
                    response = try OIDCController.json(["clientID": client.clientID, "clientSecret": secret])
                case "machine":
                    guard let jwk = body.publicJWK else { throw RegistrationError("A machine client needs publicJWK (EC P-256).") }
                    let client = try await p.clients.registerMachineClient(name: body.name, organisationNumber: body.organisationNumber,
                                                                          publicJWK: jwk, scopes: Set(body.scopes ?? []), clientID: body.clientID)
                    response = try OIDCController.json(["clientID": client.clientID])
                default:
                    throw RegistrationError("kind must be web or machine.")
                }
                response.status = .created
                response.headers[.cacheControl] = "no-store"
                context.logger.info("Client registered", metadata: ["client.kind": "\(body.kind)", "admin": "\(admin.pid)"])
                return response
            } catch let error as RegistrationError {
                throw Problem(.badRequest, detail: error.description)
            }
        }
        router.post(SiteRoute.adminClientDisable.path) { request, context in
            let p = try require()
            _ = try await StaffAccess.require(request, provider: p, role: .admin)
            let id = context.parameters.get("id") ?? ""
            guard try await p.clients.disable(id) else { throw Problem(.notFound, detail: "There is no active client with id \(id.prefix(100)).") }
            return Response(status: .noContent)
        }
    }

    func require() throws -> IdentityProvider {
        guard let provider else { throw Problem(.serviceUnavailable, detail: "The identity provider is not running in this process.") }
        return provider
    }

    struct NewClient: Decodable {
        let kind: String
        let name: String
        let organisationNumber: String
        let redirectURIs: [String]?
        let postLogoutRedirectURIs: [String]?
        let scopes: [String]?
        let publicJWK: PublicJWK?
        let clientID: String?
    }

    struct ClientJSON: Encodable, Sendable {
        let clientID: String
        let name: String
        let kind: String
        let organisationNumber: String
        let scopes: [String]
        let redirectURIs: [String]
        let disabled: Bool

        init(_ client: RegisteredClient) {
            clientID = client.clientID
            name = client.name
            kind = client.kind.rawValue
            organisationNumber = client.organisationNumber
            scopes = client.scopes.sorted()
            redirectURIs = client.redirectURIs
            disabled = client.isDisabled
        }
    }
}
