import Foundation
import Hummingbird
import Identifiers
import Logging
import NIOCore
import Persistence
import Reference

/// What `tverr serve` does: open and migrate the store, seed an empty register, then serve
/// until SIGTERM or SIGINT, and close the database cleanly.
public enum TverrServer {
    /// Why the server could not start, in one sentence each.
    public enum StartError: Error, CustomStringConvertible {
        case portInUse(host: String, port: Int)
        case cannotListen(host: String, port: Int, reason: String)

        public var description: String {
            switch self {
            case .portInUse(let host, let port):
                "Port \(port) on \(host) is already in use; stop the other program or choose another port with --port or TVERR_PORT."
            case .cannotListen(let host, let port, let reason):
                "Cannot listen on \(host):\(port) (\(reason)); check --host and --port."
            }
        }
    }

    /// Runs the server until it is asked to stop. `say` prints lines meant for the operator.
    public static func run(_ configuration: AppConfiguration, logger: Logger, say: @escaping @Sendable (String) -> Void) async throws {
        let store = try await Store.open(configuration.storage, logger: logger)
        do {
            try await store.migrate()
            try await seedIfEmpty(store: store, configuration: configuration, say: say)
            let demo = try await SQLRegisterRepository(store: store).demoIdentities(today: today())
            if configuration.demoMode {
                try await DemoStaff.seed(store: store, today: today())
                try await DemoHealthRecords.seed(store: store, citizen: demo.first?.identityNumber.value)
                try await DemoTestStations.seed(store: store)
                try await DemoYouthArticles.seed(store: store, today: today())
            }
            let staff = configuration.demoMode ? try await DemoStaff.staff(store: store) : []
            let identity = IdentityProvider(issuer: configuration.issuer, demoMode: configuration.demoMode, store: store,
                                            dataDirectory: configuration.dataDirectory)
            try await identity.ensurePortalClient(dataDirectory: configuration.dataDirectory)
            _ = try await identity.tokenIssuer() // the signing key exists and is published before the first request
            _ = try await CredentialSigners(store: store).issuer(dataDirectory: configuration.dataDirectory) // and the DCC signers
            let app = buildApplication(configuration: configuration, store: store, identity: identity, logger: logger) { port in
                say("Tverr is running at http://\(configuration.host):\(port)/ on \(configuration.storage)")
                say("OpenID Connect issuer: \(configuration.issuer) (discovery at \(configuration.issuer)/.well-known/openid-configuration)")
                if configuration.demoMode, !demo.isEmpty {
                    say("Demo identities (synthetic people) to log in with:")
                    for person in demo {
                        say("  \(person.identityNumber)  \(person.givenName) \(person.familyName), born \(person.birthDate)\(describe(person))")
                    }
                }
                if !staff.isEmpty {
                    say("Demo staff (log in with acr_values=idporten-loa-high for staff routes):")
                    for member in staff {
                        let organisation = Organisation.all.first { $0.number.value == member.organisation }?.name ?? member.organisation
                        say("  \(member.pid)  \(member.name), \(member.role.rawValue) at \(organisation)")
                    }
                }
                say("Stop with Ctrl-C.")
            }
            do {
                try await app.runService()
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                throw StartError.portInUse(host: configuration.host, port: configuration.port)
            } catch let error as IOError {
                throw StartError.cannotListen(host: configuration.host, port: configuration.port, reason: String(cString: strerror(error.errnoCode)))
            }
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    static func describe(_ person: RegisteredPerson) -> String {
        var notes: [String] = []
        if person.identityNumber.kind == .dNumber { notes.append("D-number") }
        if person.citizenship != "NOR" { notes.append("citizen of \(person.citizenship)") }
        if person.isReserved == true { notes.append("reserved against digital contact") }
        if person.birthDate.years(until: today()) < 21 { notes.append("young person") }
        return notes.isEmpty ? "" : " (" + notes.joined(separator: ", ") + ")"
    }

    /// Seeds the demo population into an empty register.
    static func seedIfEmpty(store: Store, configuration: AppConfiguration, say: @escaping @Sendable (String) -> Void) async throws {
        guard configuration.demoPeople > 0,
              try await SQLRegisterRepository(store: store).statistics().people == 0 else { return }
        say("The register is empty: seeding \(configuration.demoPeople) synthetic people (seed \(configuration.demoSeed))…")
        let started = ContinuousClock.now
        try await PopulationSeeder(store: store).seed(count: configuration.demoPeople, seed: configuration.demoSeed, today: today())
        say("Seeded \(configuration.demoPeople) people in \(started.duration(to: .now)).")
    }

    /// Today's date in Norway's time zone.
    public static func today() -> CalendarDate { .inNorway(Date()) }
}
