import Crypto
import Foundation
import Identifiers
import Identity
import Testing

@Suite("Identity: PKCE, TOTP, tokens, client assertions, exchange catalogue")
struct IdentityTests {
    // MARK: PKCE

    @Test("PKCE S256 matches the RFC 7636 appendix B example; plain and bad verifiers are refused")
    func pkce() throws {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        #expect(PKCE.challenge(for: verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        let challenge = try PKCE.validateChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", method: "S256")
        try PKCE.verify(verifier: verifier, challenge: challenge)
        #expect(throws: PKCE.Failure.unsupportedMethod("plain")) { try PKCE.validateChallenge(challenge, method: "plain") }
        #expect(throws: PKCE.Failure.unsupportedMethod("plain")) { try PKCE.validateChallenge(challenge, method: nil) }
        #expect(throws: PKCE.Failure.missingChallenge) { try PKCE.validateChallenge(nil, method: "S256") }
        #expect(throws: PKCE.Failure.malformedChallenge) { try PKCE.validateChallenge("short", method: "S256") }
        #expect(throws: PKCE.Failure.missingVerifier) { try PKCE.verify(verifier: nil, challenge: challenge) }
        #expect(throws: PKCE.Failure.malformedVerifier) { try PKCE.verify(verifier: "too-short", challenge: challenge) }
        #expect(throws: PKCE.Failure.malformedVerifier) { try PKCE.verify(verifier: String(repeating: "ø", count: 50), challenge: challenge) }
        #expect(throws: PKCE.Failure.mismatch) { try PKCE.verify(verifier: String(repeating: "a", count: 43), challenge: challenge) }
    }

    // MARK: TOTP

    @Test("TOTP gives the RFC 6238 SHA-1 test vectors (last six digits) and refuses reuse and wrong codes")
    func totp() {
        let totp = TOTP(secret: Data("12345678901234567890".utf8))
        let vectors: [(TimeInterval, String)] = [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"),
                                                 (2_000_000_000, "279037"), (20_000_000_000, "353130")]
        for (time, code) in vectors { #expect(totp.code(at: Date(timeIntervalSince1970: time)) == code) }
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = TOTP.step(at: now)
        #expect(totp.matchingStep(for: "005924", at: now) == step)
        #expect(totp.matchingStep(for: "005 924", at: now) == step)
        #expect(totp.matchingStep(for: "005924", at: now, after: step) == nil, "a used code cannot be used again")
        #expect(totp.matchingStep(for: totp.code(forStep: step - 1), at: now) == step - 1, "one step of drift is allowed")
        #expect(totp.matchingStep(for: totp.code(forStep: step - 2), at: now) == nil)
        #expect(totp.matchingStep(for: "00592", at: now) == nil)
        #expect(totp.matchingStep(for: "٠٠٥٩٢٤", at: now) == nil, "non-ASCII digits are refused")
        let secret = TOTP.generateSecret()
        #expect(Base32.decode(Base32.encode(secret)) == secret)
        #expect(Base32.encode(Data("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("1!") == nil)
        #expect(totp.provisioningURI(account: "Ola", issuer: "Tverr").hasPrefix("otpauth://totp/Tverr%3AOla?secret=GEZDGNBVGY3TQOJQ"))
    }

    // MARK: Tokens

    static func accessClaims(issuer: String = "http://localhost:8080", exp: Int = 2_000_000_000) -> AccessTokenClaims {
        AccessTokenClaims(iss: issuer, sub: "client-1", aud: "tverr", client_id: "client-1",
                          scope: "tverr:registers/person.read", exp: exp, iat: exp - 120, jti: "j1",
                          consumer: Consumer(organisationNumber: "974760673"))
    }

    @Test("Access tokens are ES256 with a kid and typ at+jwt, and verify; rotation keeps old tokens valid")
    func tokens() async throws {
        let old = TokenSigningKey(), new = TokenSigningKey()
        let before = try await TokenIssuer(issuer: "http://localhost:8080", signingKey: old, verificationKeys: [old.publicJWK])
        let token = try await before.sign(Self.accessClaims())
        let header = try JOSEHeader(token: token)
        #expect(header.alg == "ES256" && header.kid == old.id && header.typ == "at+jwt")
        let now = Date(timeIntervalSince1970: 1_999_999_990)
        #expect(try await before.verifyAccessToken(token, audience: "tverr", now: now) == Self.accessClaims())
        #expect(try await before.verifyAccessToken(token, audience: "tverr", now: now).consumer?.organisationNumber == "974760673")

        let after = try await TokenIssuer(issuer: "http://localhost:8080", signingKey: new, verificationKeys: [new.publicJWK, old.publicJWK])
        #expect(try await after.verifyAccessToken(token, audience: "tverr", now: now).jti == "j1")
        let retired = try await TokenIssuer(issuer: "http://localhost:8080", signingKey: new, verificationKeys: [new.publicJWK])
        await #expect(throws: OAuthError.self) { try await retired.verifyAccessToken(token, audience: "tverr", now: now) }
        #expect(PublicJWK(old.privateKey.publicKey).kid == old.id)
        #expect(try old.publicJWK.p256Key().rawRepresentation == old.privateKey.publicKey.rawRepresentation)
    }

    @Test("Tampered, alg-none, HS256, expired, wrong-audience, foreign-issuer and ID tokens are refused as access tokens")
    func hostileTokens() async throws {
        let key = TokenSigningKey()
        let issuer = try await TokenIssuer(issuer: "http://localhost:8080", signingKey: key, verificationKeys: [key.publicJWK])
        let token = try await issuer.sign(Self.accessClaims())
        let parts = token.split(separator: ".").map(String.init)
        let now = Date(timeIntervalSince1970: 1_999_999_990)
        func refused(_ candidate: String, audience: String = "tverr", _ reason: String) async {
            await #expect(throws: OAuthError.self, "\(reason)") { try await issuer.verifyAccessToken(candidate, audience: audience, now: now) }
        }
        var claims = Self.accessClaims()
        claims.scope = "tverr:registers/person.extended"
        let forgedPayload = Base64URL.encode(try JSONEncoder().encode(claims))
        await refused("\(parts[0]).\(forgedPayload).\(parts[2])", "a changed payload")
        let noneHeader = Base64URL.encode(Data(#"{"alg":"none","typ":"at+jwt","kid":"\#(key.id)"}"#.utf8))
        await refused("\(noneHeader).\(parts[1]).", "alg none with no signature")
        await refused("\(noneHeader).\(parts[1]).\(parts[2])", "alg none with a signature")
        let hsHeader = Base64URL.encode(Data(#"{"alg":"HS256","typ":"at+jwt","kid":"\#(key.id)"}"#.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(hsHeader).\(parts[1])".utf8),
                                                  using: SymmetricKey(data: Data(key.publicJWK.x!.utf8)))
        await refused("\(hsHeader).\(parts[1]).\(Base64URL.encode(Data(mac)))", "HS256 keyed with the public key")
        await refused(token, audience: "other", "the wrong audience")
        await refused(try await issuer.sign(Self.accessClaims(exp: 1_999_999_000)), "an expired token")
        await refused(try await issuer.sign(Self.accessClaims(issuer: "https://evil.example")), "another issuer")
        let idToken = try await issuer.sign(IDTokenClaims(iss: "http://localhost:8080", sub: "s", aud: "tverr", exp: 2_000_000_000,
                                                          iat: 1_999_999_000, auth_time: 1_999_999_000, nonce: nil,
                                                          acr: AssuranceLevel.substantial.rawValue, amr: ["TestID"], sid: "x", pid: "1", locale: nil))
        await refused(idToken, "an ID token presented as an access token")
        await refused("not-a-token", "garbage")
        await refused(String(repeating: "a.", count: 20_000), "an oversized token")
    }

    // MARK: Client assertions (RFC 7523)

    struct Client {
        let key = P256.Signing.PrivateKey()
        var jwk: PublicJWK { PublicJWK(key.publicKey) }

        func assertion(_ claims: [String: Any], alg: String = "ES256") throws -> String {
            try CompactJWS.sign(claims: claims, key: key, alg: alg)
        }
    }

    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static func claims(_ changes: [String: Any?] = [:]) -> [String: Any] {
        var claims: [String: Any] = ["iss": "nav-client", "aud": "http://localhost:8080", "iat": 1_900_000_000,
                                     "exp": 1_900_000_100, "jti": UUID().uuidString, "scope": "tverr:registers/person.read"]
        for (key, value) in changes { claims[key] = value }
        return claims
    }

    func grant(_ assertion: String, key: PublicJWK, allowed: Set<String> = ["tverr:registers/person.read", "tverr:hpr.read"]) async throws -> ClientAssertion.Grant {
        try await ClientAssertion.verify(assertion, clientID: "nav-client", key: key, audiences: ["http://localhost:8080", "http://localhost:8080/token"],
                                         allowedScopes: allowed, now: Self.now)
    }

    @Test("A well-formed client assertion is accepted, with its scopes and jti")
    func assertionAccepted() async throws {
        let client = Client()
        let assertion = try client.assertion(Self.claims(["scope": "tverr:registers/person.read tverr:hpr.read", "jti": "abc"]))
        #expect(try ClientAssertion.claimedClient(of: assertion) == "nav-client")
        let accepted = try await grant(assertion, key: client.jwk)
        #expect(accepted.scopes == ["tverr:registers/person.read", "tverr:hpr.read"] && accepted.jti == "abc")
        #expect(accepted.expiresAt == Date(timeIntervalSince1970: 1_900_000_100))
        let listAudience = try client.assertion(Self.claims(["aud": ["x", "http://localhost:8080/token"]]))
        #expect(try await grant(listAudience, key: client.jwk).clientID == "nav-client")
    }

    @Test("Client assertions with a bad audience, lifetime, issuer, jti, scope, key or algorithm are refused")
    func assertionRefused() async throws {
        let client = Client(), other = Client()
        let cases: [(String, String, OAuthError.Code)] = [
            ("wrong audience", try client.assertion(Self.claims(["aud": "https://elsewhere.example"])), .invalidGrant),
            ("no audience", try client.assertion(Self.claims(["aud": nil])), .invalidGrant),
            ("expired", try client.assertion(Self.claims(["exp": 1_899_999_999])), .invalidGrant),
            ("exp more than 120 s ahead", try client.assertion(Self.claims(["exp": 1_900_000_121])), .invalidGrant),
            ("no exp", try client.assertion(Self.claims(["exp": nil])), .invalidGrant),
            ("iat in the future", try client.assertion(Self.claims(["iat": 1_900_000_060])), .invalidGrant),
            ("another issuer", try client.assertion(Self.claims(["iss": "someone-else"])), .invalidGrant),
            ("sub is not the client", try client.assertion(Self.claims(["sub": "someone-else"])), .invalidGrant),
            ("no jti", try client.assertion(Self.claims(["jti": nil])), .invalidGrant),
            ("scope not allowed", try client.assertion(Self.claims(["scope": "tverr:registers/person.extended"])), .invalidScope),
            ("no scope", try client.assertion(Self.claims(["scope": nil])), .invalidScope),
            ("signed by another key", try other.assertion(Self.claims()), .invalidGrant),
            ("alg none", try client.assertion(Self.claims(), alg: "none"), .invalidGrant),
            ("garbage", "a.b", .invalidGrant),
        ]
        for (reason, assertion, code) in cases {
            do {
                _ = try await grant(assertion, key: client.jwk)
                Issue.record("accepted: \(reason)")
            } catch let error as OAuthError {
                #expect(error.code == code, "\(reason): \(error)")
            }
        }
        var rsa = client.jwk
        rsa.kty = "RSA"
        await #expect(throws: OAuthError.self) { try await grant(try client.assertion(Self.claims()), key: rsa) }
        var offCurve = client.jwk
        offCurve.y = offCurve.x
        #expect(throws: OAuthError.self) { try offCurve.p256Key() }
    }

    // MARK: Exchange catalogue

    @Test("The catalogue allows declared purpose and legal basis pairs, cuts fields to the scope, and names what is missing")
    func catalogue() throws {
        let auth = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:registers/person.read"], purpose: "smittesporing",
                                                   legalBasis: "smittevernloven-3-6", needing: .address)
        #expect(auth.fields == [.identity, .name, .birth, .address] && auth.legalBasis.citation == "smittevernloven § 3-6")
        func code(_ scopes: Set<String>, _ purpose: String?, _ basis: String?, _ field: RegisterField, write: Bool = false) -> OAuthError.Code? {
            do {
                _ = try ExchangeCatalogue.authorise(grantedScopes: scopes, purpose: purpose, legalBasis: basis, needing: field, write: write)
                return nil
            } catch { return error.code }
        }
        #expect(code(["tverr:registers/person.read"], "smittesporing", "smittevernloven-3-6", .family) == .insufficientScope)
        #expect(code(["tverr:registers/person.read"], "smittesporing", "folkeregisterloven-10-2", .address) == .insufficientScope)
        #expect(code(["tverr:registers/person.read"], nil, "smittevernloven-3-6", .address) == .invalidRequest)
        #expect(code(["tverr:registers/person.read"], "smittesporing", nil, .address) == .invalidRequest)
        #expect(code(["tverr:registers/person.read"], "spionasje", "smittevernloven-3-6", .address) == .invalidRequest)
        #expect(code(["tverr:registers/person.read"], "smittesporing", "lov-om-alt", .address) == .invalidRequest)
        #expect(code(["tverr:registers/person.read"], "folkeregistrering", "folkeregisterloven-2-2", .address, write: true) == .insufficientScope)
        #expect(code(["tverr:registers/person.write"], "folkeregistrering", "folkeregisterloven-2-2", .address, write: true) == nil)
        #expect(code(["tverr:registers/person.read", "tverr:registers/person.extended"], "saksbehandling", "folkeregisterloven-10-2", .family) == nil)
        for scope in ExchangeCatalogue.scopes {
            for pair in scope.allowed {
                #expect(ExchangeCatalogue.purpose(pair.purpose) != nil && ExchangeCatalogue.legalBasis(pair.legalBasis) != nil, "\(scope.name)")
            }
        }
        for purpose in ExchangeCatalogue.purposes { #expect(purpose.text.count == 4, "\(purpose.id) in every language") }
    }
}
