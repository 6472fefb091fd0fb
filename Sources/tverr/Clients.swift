import ArgumentParser
import Crypto
import Foundation
import Youth
import Identifiers
import Identity
import Persistence

struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients", abstract: "Register relying parties and machine clients of the identity provider.",
        subcommands: [AddWebClient.self, AddMachineClient.self, ListClients.self, DisableClient.self, NewClientKey.self, MakeAssertion.self])
}

struct AddWebClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-web", abstract: "Register a relying party (code flow with PKCE). Prints its id and secret once.")

    @Option(help: "The service's name, shown on the login page.") var name: String
    @Option(name: .customLong("org"), help: "The organisation number that owns it.") var organisation: String
    @Option(name: .customLong("redirect-uri"), help: "A redirect URI, matched exactly (repeat for more).") var redirectURIs: [String]
    @Option(name: .customLong("post-logout-uri"), help: "Where logout may return to (repeat for more).") var postLogoutURIs: [String] = []
    @Option(name: .customLong("scope"), help: "Allowed scopes (openid, profile).") var scopes: [String] = ["openid", "profile"]
    @Option(name: .customLong("client-id"), help: "A chosen client id (default: random).") var clientID: String?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let (client, secret) = try await Store.using(try storage.storage(), logger: storage.logger()) { store in
                try await ClientRegistry(store: store).registerWebClient(
                    name: name, organisationNumber: organisation, redirectURIs: redirectURIs, postLogoutRedirectURIs: postLogoutURIs,
                    scopes: Set(scopes), clientID: clientID)
            }
            say("client_id: \(client.clientID)")
            say("client_secret: \(secret)")
            say("Keep the secret safe: Tverr stores only its digest and cannot show it again.")
        }
    }
}

struct AddMachineClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-machine", abstract: "Register a machine client (JWT bearer grant) with its public key and scopes.")

    @Option(help: "The client's name.") var name: String
    @Option(name: .customLong("org"), help: "The consumer's organisation number.") var organisation: String
    @Option(name: .customLong("jwk-file"), help: "A file with the client's public key as a JWK (EC P-256).") var jwkFile: String
    @Option(name: .customLong("scope"), help: "An allowed scope (repeat for more).") var scopes: [String]
    @Option(name: .customLong("client-id"), help: "A chosen client id (default: random).") var clientID: String?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            guard let data = FileManager.default.contents(atPath: jwkFile) else {
                throw RegistrationError("The key file \(jwkFile) cannot be read.")
            }
            guard let jwk = try? JSONDecoder().decode(PublicJWK.self, from: data) else {
                throw RegistrationError("The key file \(jwkFile) is not a JWK (JSON with kty, crv, x and y).")
            }
            let client = try await Store.using(try storage.storage(), logger: storage.logger()) { store in
                try await ClientRegistry(store: store).registerMachineClient(name: name, organisationNumber: organisation,
                                                                            publicJWK: jwk, scopes: Set(scopes), clientID: clientID)
            }
            say("client_id: \(client.clientID)")
        }
    }
}

struct ListClients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List registered clients.")
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let clients = try await Store.using(try storage.storage(), logger: storage.logger()) { store in try await ClientRegistry(store: store).all() }
            for client in clients {
                say("\(client.clientID)\t\(client.kind.rawValue)\t\(client.organisationNumber)\t\(client.isDisabled ? "disabled" : "active")\t\(client.name)\t\(client.scopes.sorted().joined(separator: " "))")
            }
        }
    }
}

struct DisableClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Stop issuing tokens to a client.")
    @Argument(help: "The client id.") var clientID: String
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let done = try await Store.using(try storage.storage(), logger: storage.logger()) { store in try await ClientRegistry(store: store).disable(clientID) }
            guard done else { throw RegistrationError("There is no active client with id \(clientID).") }
            say("Disabled \(clientID).")
        }
    }
}

struct NewClientKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-key", abstract: "Make a P-256 key pair for a machine client: the private key to a file, the public JWK to standard output.")
    @Option(help: "Where to write the private key (PEM, mode 0600).") var out: String

    func run() async throws {
        try await reportingFailures {
            let key = P256.Signing.PrivateKey()
            guard !FileManager.default.fileExists(atPath: out) else { throw RegistrationError("\(out) already exists; choose another file.") }
            guard FileManager.default.createFile(atPath: out, contents: Data(key.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw RegistrationError("Cannot write \(out).")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            say(String(decoding: try encoder.encode(PublicJWK(key.publicKey)), as: UTF8.self))
        }
    }
}

struct MakeAssertion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assertion", abstract: "Sign a JWT bearer grant (RFC 7523) with a client key, for trying the token endpoint with curl.")
    @Option(help: "The client's private key (PEM).") var key: String
    @Option(name: .customLong("client-id")) var clientID: String
    @Option(name: .customLong("scope"), help: "A scope to ask for (repeat for more).") var scopes: [String]
    @Option(help: "The provider's issuer (the aud claim).") var audience: String = "http://127.0.0.1:8080"

    func run() async throws {
        try await reportingFailures {
            guard let pem = try? String(contentsOfFile: key, encoding: .utf8), let privateKey = try? P256.Signing.PrivateKey(pemRepresentation: pem) else {
                throw RegistrationError("\(key) is not a readable P-256 private key in PEM.")
            }
            let now = Int(Date().timeIntervalSince1970)
            let claims: [String: Any] = ["iss": clientID, "aud": audience, "iat": now, "exp": now + 110, "jti": UUID().uuidString,
                                         "scope": scopes.joined(separator: " ")]
            say(try CompactJWS.sign(claims: claims, key: privateKey))
        }
    }
}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "The identity provider's signing keys.",
                                                    subcommands: [RotateKeys.self])
}

struct RotateKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Make a new token signing key. The old one stays in the JWKS until every token it signed has expired; a running server switches within 30 seconds.")
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let id = try await Store.using(try storage.storage(), logger: storage.logger()) { store in
                try await TokenKeys(store: store, dataDirectory: storage.dataDirectory).rotate()
            }
            say("New signing key \(id). The old key stays published for \(TokenKeys.retiredKeyKept) seconds.")
        }
    }
}

struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roles", abstract: "Assign staff roles.",
                                                    subcommands: [AssignRole.self, ListRoles.self])
}

struct AssignRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Give a person a staff role at an organisation.")
    @Option(help: "The person's national identity number.") var pid: String
    @Option(help: "One of: \(StaffRole.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
    @Option(name: .customLong("org"), help: "The organisation number.") var organisation: String
    @Option(help: "With --role expert: a discipline on the youth panel (\(Discipline.allCases.map(\.rawValue).joined(separator: ", "))); repeat for more.")
    var discipline: [String] = []
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            guard let role = StaffRole(rawValue: role) else {
                throw RegistrationError("\"\(self.role)\" is not a role; use one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            let disciplines = try discipline.map { name in
                guard let found = Discipline(rawValue: name) else {
                    throw RegistrationError("\"\(name)\" is not a discipline; use one of \(Discipline.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return found
            }
            guard disciplines.isEmpty || role == .expert else { throw RegistrationError("--discipline goes with --role expert only.") }
            try await Store.using(try storage.storage(), logger: storage.logger()) { store in
                let person = try await StaffRoleInput.person(pid, store: store)
                try await IdentityStore(store: store).assign(role: role, to: person, at: try StaffRoleInput.organisation(organisation, store: store))
                for discipline in disciplines { try await YouthQuestions(store: store).add(discipline: discipline, to: person) }
            }
            say("\(pid) is now \(role.rawValue) at \(organisation)\(disciplines.isEmpty ? "" : " (" + disciplines.map(\.rawValue).joined(separator: ", ") + ")").")
        }
    }
}

struct ListRoles: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "A person's staff roles.")
    @Option(help: "The person's national identity number.") var pid: String
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let roles = try await Store.using(try storage.storage(), logger: storage.logger()) { store in try await IdentityStore(store: store).roles(of: pid) }
            if roles.isEmpty { say("\(pid) has no staff roles.") }
            for (role, organisation) in roles { say("\(role.rawValue)\t\(organisation)") }
        }
    }
}

struct EIDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eid", abstract: "The eID for people whose identity the police have verified.",
                                                    subcommands: [EIDVerify.self])
}

struct EIDVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Record a verified identity (as the police intake does) and print the activation code to hand over. Audited.")
    @Option(help: "The person's national identity number or D-number.") var pid: String
    @Option(help: "passport, national-id-card, travel-document or other.") var document: String = "passport"
    @Option(name: .customLong("by"), help: "Who verified, for the audit log.") var verifiedBy: String = "staff:cli"
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let code = try await Store.using(try storage.storage(), logger: storage.logger()) { store in
                let number = try await StaffRoleInput.person(pid, store: store)
                let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:eid/identity-verification.write"],
                                                                    purpose: "identitetskontroll", legalBasis: "utlendingsloven-83",
                                                                    needing: .identity, write: true)
                return try await RegisterExchange(store: store).verifyIdentity(
                    try NationalIdentityNumber(number), documentType: document, authorisation: authorisation,
                    caller: ExchangeCaller(clientID: verifiedBy, organisationNumber: "974760746"), eid: EIDStore(store: store))
            }
            say("Identity verified for \(pid). Activation code (valid \(EIDStore.activationLifetime / 86_400) days): \(code)")
            say("The person activates the eID at /eid/activate.")
        }
    }
}
