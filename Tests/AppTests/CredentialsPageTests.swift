import CertLogic
import Credentials
import DCC
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Testing
import Trust
@testable import TverrApp

@Suite("Credentials: the platform's signers, the trust list and the certificate checker")
struct CredentialsPageTests {
    struct World {
        let store: Store
        let directory: String
        let client: any TestClientProtocol
    }

    static func run(_ backend: Backend, _ body: @Sendable (World) async throws -> Void) async throws {
        try await withStore(backend) { store in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tverr-dcc-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let app = Application(router: buildRouter(store: store, repository: InMemoryRegisterRepository()))
            try await app.test(.router) { client in try await body(World(store: store, directory: directory, client: client)) }
        }
    }

    static func certificate(sampleHoursAgo: Double = 1, familyName: String = "Nordmann",
                            result: String = ValueSets.TestResult.notDetected) throws -> HealthCertificate {
        HealthCertificate(
            name: .init(familyName: familyName, givenName: "Kari"), dateOfBirth: "1990-05-17",
            statement: .test(.init(type: ValueSets.TestType.naat, sampleCollected: ISODate.format(dateTime: Date().timeIntervalSince1970 - sampleHoursAgo * 3600),
                                   result: result, centre: "Teststasjon", country: "NO",
                                   issuer: "Folkehelseinstituttet", identifier: try UVCI(country: "NO", opaque: "WEB/1").value)))
    }

    static func post(_ client: any TestClientProtocol, _ text: String, lang: String = "en") async throws -> TestResponse {
        let body = "hc1=" + text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        return try await client.execute(uri: "/verify?lang=\(lang)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: body))
    }

    @Test("The signers are made once, kept in the data folder with private keys readable by the owner only, and published",
          arguments: Backend.available)
    func trustList(backend: Backend) async throws {
        try await Self.run(backend) { world in
            let signers = CredentialSigners(store: world.store)
            let first = try await signers.issuer(dataDirectory: world.directory)
            let again = try await signers.issuer(dataDirectory: world.directory)
            #expect(first.signer == again.signer, "the second start reuses the keys")
            let mode = try FileManager.default.attributesOfItem(atPath: world.directory + "/keys/dcc-dsc.key.pem")[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let response = try await world.client.execute(uri: "/credentials/trust-list", method: .get)
            #expect(response.status == .ok && response.headers[.cacheControl] == "public, max-age=3600")
            let list = try JSONDecoder().decode(TrustList.self, from: Data(buffer: response.body))
            #expect(list.authorities.count == 1 && list.signers.count == 1)
            let store = TrustStore(list)
            #expect(store.rejected.isEmpty)
            #expect(store.signers[first.signer.keyID]?.first == first.signer)
        }
    }

    @Test("The rules and value sets an offline verifier needs are published, and read back as the ones the checker applies")
    func rulesAndValueSets() async throws {
        try await Self.run(.sqlite) { world in
            let rules = try await world.client.execute(uri: "/credentials/rules", method: .get)
            #expect(rules.status == .ok && rules.headers[.cacheControl] == "public, max-age=3600")
            #expect(try BusinessRule.decodeList(Data(buffer: rules.body)) == BusinessRule.norway)
            let sets = try JSONDecoder().decode([String: [String: String]].self,
                                                from: Data(buffer: try await world.client.execute(uri: "/credentials/value-sets", method: .get).body))
            #expect(sets == ValueSets.byIdentifier && sets["disease-agent-targeted"]?["840539006"] == "COVID-19")
        }
    }

    @Test("After a rollover both signers are listed, and a certificate from the retired one still checks as valid",
          arguments: Backend.available)
    func rollover(backend: Backend) async throws {
        try await Self.run(backend) { world in
            let signers = CredentialSigners(store: world.store)
            let old = try await signers.issuer(dataDirectory: world.directory)
            let issuedBefore = try old.issue(Self.certificate(), at: Date())
            #expect(try await signers.currentIssuer(dataDirectory: world.directory).signer == old.signer)
            #expect(try await signers.trustStore().signers.count == 1)
            let new = try await signers.rotate(dataDirectory: world.directory)
            let trust = try await signers.trustStore()
            #expect(trust.signers[new.keyID]?.first == new && trust.signers[old.signer.keyID]?.first == old.signer,
                    "the cached trust store follows the rotation and keeps the retired signer")
            #expect(new != old.signer)
            #expect(try await signers.issuer(dataDirectory: world.directory).signer == new)
            #expect(try await signers.currentIssuer(dataDirectory: world.directory).signer == new, "the cached issuer follows the rotation")
            let list = try await signers.trustList()
            #expect(list.signers.map(\.status) == [.retired, .active])
            let files = try FileManager.default.contentsOfDirectory(atPath: world.directory + "/keys").sorted()
            #expect(files.filter { $0.hasSuffix(".retired.pem") }.count == 1 && !files.contains { $0.hasSuffix(".retired.key.pem") },
                    "the retired signer's certificate is kept and its private key deleted: \(files)")
            let page = try await Self.post(world.client, issuedBefore)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("The certificate is valid."))
        }
    }

    @Test("The checker shows the holder, the type and each rule for a valid certificate, in the page's language",
          arguments: Backend.available)
    func checkerValid(backend: Backend) async throws {
        try await Self.run(backend) { world in
            let issuer = try await CredentialSigners(store: world.store).issuer(dataDirectory: world.directory)
            let text = try issuer.issue(Self.certificate(), at: Date())
            let english = String(buffer: try await Self.post(world.client, text).body)
            #expect(english.contains("The certificate is valid.") && english.contains("Kari Nordmann") && english.contains("1990-05-17"))
            #expect(english.contains("<strong>Met: </strong>The sample was taken at most 72 hours ago. (TR-NO-0003)"))
            let norwegian = String(buffer: try await Self.post(world.client, text, lang: "nb").body)
            #expect(norwegian.contains("Sertifikatet er gyldig.") && norwegian.contains("Prøven ble tatt for høyst 72 timer siden."))
            let ukrainian = String(buffer: try await Self.post(world.client, text, lang: "uk").body)
            #expect(ukrainian.contains("Сертифікат дійсний."))
        }
    }

    @Test("A stale, changed, foreign or empty certificate gets its reason in plain words", arguments: Backend.available)
    func checkerInvalid(backend: Backend) async throws {
        try await Self.run(backend) { world in
            let issuer = try await CredentialSigners(store: world.store).issuer(dataDirectory: world.directory)
            let positive = try issuer.issue(Self.certificate(result: ValueSets.TestResult.detected), at: Date())
            let page = String(buffer: try await Self.post(world.client, positive).body)
            #expect(page.contains("The certificate is not valid.") && page.contains("does not meet the rules for entry to Norway"))
            #expect(page.contains("<strong>Not met: </strong>The test result is negative. (TR-NO-0002)"))
            #expect(page.contains("<strong>Met: </strong>The sample was taken at most 72 hours ago. (TR-NO-0003)"))
            let stale = try issuer.issue(Self.certificate(sampleHoursAgo: 72.25), at: Date().addingTimeInterval(-1800))
            #expect(String(buffer: try await Self.post(world.client, stale).body).contains("The certificate has expired."),
                    "a test certificate expires 72 hours after its sample")

            let text = try issuer.issue(Self.certificate(), at: Date())
            let decoded = try HC1.decode(text)
            let forged = try HC1.issue(decoded.claims, keyID: issuer.signer.keyID, key: .init())
            #expect(String(buffer: try await Self.post(world.client, forged).body).contains("The signature is wrong."))
            let foreign = try HC1.issue(decoded.claims, keyID: [1, 2, 3, 4, 5, 6, 7, 8], key: .init())
            #expect(String(buffer: try await Self.post(world.client, foreign).body).contains("We do not know who signed it."))
            #expect(String(buffer: try await Self.post(world.client, String(text.dropLast(40))).body).contains("This is not a certificate we can read."))

            let empty = try await Self.post(world.client, "   ")
            #expect(empty.status == .badRequest && String(buffer: empty.body).contains("Paste the text from the QR code first."))
        }
    }

    @Test("Text typed into the checker comes back escaped, never as markup", arguments: Backend.available)
    func checkerEscapes(backend: Backend) async throws {
        try await Self.run(backend) { world in
            _ = try await CredentialSigners(store: world.store).issuer(dataDirectory: world.directory)
            let hostile = "HC1:<script>alert(1)</script>\"><img src=x onerror=alert(2)>"
            let page = String(buffer: try await Self.post(world.client, hostile).body)
            #expect(!page.contains("<script>alert(1)") && !page.contains("<img src=x"))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(page.contains("This is not a certificate we can read."))
        }
    }
}
