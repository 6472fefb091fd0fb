import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Identifiers
import Identity
import Persistence
import Testing
@testable import TverrApp

@Suite("OpenID Connect provider: discovery, code flow with PKCE, tokens, userinfo, logout")
struct IdentityFlowTests {
    typealias H = IdentityHarness

    @Test("Discovery names every endpoint and only S256, ES256 and code; the JWKS holds the signing key", arguments: Backend.available)
    func discovery(backend: Backend) async throws {
        try await H.run(backend) { h in
            let document = try H.json(try await h.client.execute(uri: "/.well-known/openid-configuration", method: .get))
            #expect(document["issuer"] as? String == H.issuer)
            #expect(document["token_endpoint"] as? String == "\(H.issuer)/token")
            #expect(document["jwks_uri"] as? String == "\(H.issuer)/jwks.json")
            #expect(document["code_challenge_methods_supported"] as? [String] == ["S256"])
            #expect(document["id_token_signing_alg_values_supported"] as? [String] == ["ES256"])
            #expect(document["response_types_supported"] as? [String] == ["code"])
            let jwks = try H.json(try await h.client.execute(uri: "/jwks.json", method: .get))
            let keys = try #require(jwks["keys"] as? [[String: Any]])
            #expect(keys.count == 1 && keys[0]["kty"] as? String == "EC" && keys[0]["alg"] as? String == "ES256" && keys[0]["d"] == nil)
        }
    }

    @Test("A person logs in with test ID and the client gets ES256 tokens with pid, acr, amr, nonce and sid", arguments: Backend.available)
    func codeFlow(backend: Backend) async throws {
        try await H.run(backend) { h in
            let person = try #require(h.people.first)
            let authorization = H.Authorization()
            let (code, session) = try await h.login(authorization, pid: person.identityNumber.value)
            let response = try await h.exchangeCode(code, verifier: authorization.verifier)
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            let tokens = try H.json(response)
            let idToken = try #require(tokens["id_token"] as? String)
            let accessToken = try #require(tokens["access_token"] as? String)
            #expect(tokens["token_type"] as? String == "Bearer")

            // The ID token verifies against the published JWKS with plain swift-crypto.
            let jwks = try H.json(try await h.client.execute(uri: "/jwks.json", method: .get))
            let jwk = try JSONDecoder().decode(PublicJWK.self, from: try JSONSerialization.data(withJSONObject: (jwks["keys"] as! [Any])[0]))
            let parts = idToken.split(separator: ".")
            let signature = try P256.Signing.ECDSASignature(rawRepresentation: try #require(Base64URL.decode(parts[2])))
            #expect(try jwk.p256Key().isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)))
            #expect(try JOSEHeader(token: idToken).kid == jwk.kid)

            let claims = try H.claims(of: idToken)
            #expect(claims["pid"] as? String == person.identityNumber.value)
            #expect(claims["acr"] as? String == "idporten-loa-substantial")
            #expect(claims["amr"] as? [String] == ["TestID"])
            #expect(claims["nonce"] as? String == authorization.nonce)
            #expect(claims["aud"] as? String == H.rpID && claims["iss"] as? String == H.issuer)
            #expect((claims["sid"] as? String)?.isEmpty == false)
            #expect((claims["sub"] as? String) != person.identityNumber.value, "sub is pairwise, not the national number")
            #expect(try JOSEHeader(token: accessToken).typ == "at+jwt")

            let info = try await h.client.execute(uri: "/userinfo", method: .get, headers: [.authorization: "Bearer \(accessToken)"])
            #expect(info.status == .ok)
            let userinfo = try H.json(info)
            #expect(userinfo["pid"] as? String == person.identityNumber.value)
            #expect(userinfo["given_name"] as? String == person.givenName)

            // Single sign-on: the session cookie gets a new code without the login page.
            var sso = H.Authorization()
            sso.scope = "openid"
            let again = try await h.client.execute(uri: "/authorize?\(H.query(sso.parameters))", method: .get,
                                                   headers: [.cookie: "\(OIDCController.sessionCookie)=\(session)"])
            #expect(again.status == .seeOther && H.queryItems(of: again.headers[.location])["code"] != nil)
            // …but not when the client asks for a higher level than the session has.
            sso.extra = ["acr_values": "idporten-loa-high"]
            let higher = try await h.client.execute(uri: "/authorize?\(H.query(sso.parameters))", method: .get,
                                                    headers: [.cookie: "\(OIDCController.sessionCookie)=\(session)"])
            #expect(higher.status == .ok, "a login page, not a code")
        }
    }

    @Test("A replayed code is refused and ends the session, so its tokens stop working at userinfo", arguments: Backend.available)
    func replayedCode(backend: Backend) async throws {
        try await H.run(backend) { h in
            let authorization = H.Authorization()
            let (code, _) = try await h.login(authorization, pid: h.people[0].identityNumber.value)
            let first = try await h.exchangeCode(code, verifier: authorization.verifier)
            let accessToken = try #require(try H.json(first)["access_token"] as? String)
            let replay = try await h.exchangeCode(code, verifier: authorization.verifier)
            #expect(replay.status == .badRequest)
            #expect(try H.json(replay)["error"] as? String == "invalid_grant")
            let info = try await h.client.execute(uri: "/userinfo", method: .get, headers: [.authorization: "Bearer \(accessToken)"])
            #expect(info.status == .unauthorized)
            #expect(info.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
        }
    }

    @Test("Twenty concurrent redemptions of one code: exactly one succeeds", arguments: Backend.available)
    func concurrentRedemption(backend: Backend) async throws {
        try await H.run(backend) { h in
            let identity = IdentityStore(store: h.store)
            let (session, _) = try await identity.startSession(pid: h.people[0].identityNumber.value, acr: .substantial, amr: ["TestID"])
            let code = try await identity.issueCode(clientID: H.rpID, redirectURI: H.redirect, sessionID: session.id, scope: "openid",
                                                    nonce: nil, codeChallenge: PKCE.challenge(for: String(repeating: "v", count: 43)))
            let successes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 { group.addTask { (try? await identity.redeemCode(code)) != nil } }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(successes == 1)
        }
    }

    @Test("Bad authorization and token requests are refused with RFC 6749 errors, and write nothing", arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await H.run(backend) { h in
            let pid = h.people[0].identityNumber.value
            let sessionsBefore = try await h.count("login_sessions"), codesBefore = try await h.count("authorization_codes")

            // A wrong redirect_uri is shown on a page, never redirected to.
            var wrongRedirect = H.Authorization()
            wrongRedirect.extra = ["redirect_uri": "https://evil.example/steal"]
            let page = try await h.client.execute(uri: "/authorize?\(H.query(wrongRedirect.parameters))", method: .get)
            #expect(page.status == .badRequest && page.headers[.location] == nil)
            #expect(String(buffer: page.body).contains("redirect_uri"))
            // A registered prefix is not enough: matching is exact.
            wrongRedirect.extra = ["redirect_uri": H.redirect + "/../x"]
            #expect(try await h.client.execute(uri: "/authorize?\(H.query(wrongRedirect.parameters))", method: .get).status == .badRequest)
            // An unknown client likewise.
            var unknown = H.Authorization()
            unknown.extra = ["client_id": "nobody"]
            #expect(try await h.client.execute(uri: "/authorize?\(H.query(unknown.parameters))", method: .get).status == .badRequest)

            func redirectedError(_ authorization: H.Authorization) async throws -> String? {
                let response = try await h.client.execute(uri: "/authorize?\(H.query(authorization.parameters))", method: .get)
                #expect(response.status == .seeOther)
                let items = H.queryItems(of: response.headers[.location])
                #expect(items["state"] == authorization.state)
                return items["error"]
            }
            var plain = H.Authorization()
            plain.extra = ["code_challenge_method": "plain", "code_challenge": plain.verifier]
            #expect(try await redirectedError(plain) == "invalid_request")
            var noPKCE = H.Authorization()
            noPKCE.extra = ["code_challenge": "", "code_challenge_method": ""]
            #expect(try await redirectedError(noPKCE) == "invalid_request")
            var notGranted = H.Authorization()
            notGranted.scope = "openid tverr:registers/person.read"
            #expect(try await redirectedError(notGranted) == "invalid_scope")
            var implicit = H.Authorization()
            implicit.extra = ["response_type": "token"]
            #expect(try await redirectedError(implicit) == "unsupported_response_type")
            var silent = H.Authorization()
            silent.extra = ["prompt": "none"]
            #expect(try await redirectedError(silent) == "login_required")

            // A form without its CSRF token, or with someone else's, is refused.
            let authorization = H.Authorization()
            let csrf = try await h.openLogin(authorization)
            #expect(try await h.submitLogin(authorization, pid: pid, csrf: nil, csrfField: csrf).status == .forbidden)
            #expect(try await h.submitLogin(authorization, pid: pid, csrf: csrf, csrfField: SecureToken.generate()).status == .forbidden)
            // An invalid or unknown number gets the page again with the reason.
            let invalid = try await h.submitLogin(authorization, pid: "12345678901", csrf: csrf)
            #expect(invalid.status == .badRequest && String(buffer: invalid.body).contains("aria-invalid"))
            let sessionsAfter = try await h.count("login_sessions"), codesAfter = try await h.count("authorization_codes")
            #expect(sessionsAfter == sessionsBefore && codesAfter == codesBefore)

            // Token endpoint: a wrong or missing verifier, a wrong redirect_uri, a bad secret, an unknown client.
            func tokenError(_ response: TestResponse) throws -> String? { try H.json(response)["error"] as? String }
            let first = H.Authorization()
            let (code1, _) = try await h.login(first, pid: pid)
            let wrongVerifier = try await h.exchangeCode(code1, verifier: SecureToken.generate())
            let wrongVerifierError = try tokenError(wrongVerifier)
            #expect(wrongVerifier.status == .badRequest && wrongVerifierError == "invalid_grant")
            // Nothing was written: the code is still unused, so its rightful client can redeem it.
            let usedAfterRefusal = try await h.store.sql.raw("SELECT COUNT(*) AS n FROM authorization_codes WHERE used_at IS NOT NULL").first()?
                .decode(column: "n", as: Int.self)
            #expect(usedAfterRefusal == 0)
            #expect(try await h.exchangeCode(code1, verifier: first.verifier).status == .ok)
            let (code2, _) = try await h.login(H.Authorization(), pid: pid)
            let missing = try await h.tokenRequest(["grant_type": "authorization_code", "code": code2, "redirect_uri": H.redirect],
                                                   basic: (H.rpID, h.rpSecret))
            #expect(try tokenError(missing) == "invalid_grant")
            let third = H.Authorization()
            let (code3, _) = try await h.login(third, pid: pid)
            #expect(try tokenError(try await h.exchangeCode(code3, verifier: third.verifier, redirect: "https://rp.example/other")) == "invalid_grant")
            let fourth = H.Authorization()
            let (code4, _) = try await h.login(fourth, pid: pid)
            let badSecret = try await h.tokenRequest(["grant_type": "authorization_code", "code": code4, "redirect_uri": H.redirect,
                                                      "code_verifier": fourth.verifier], basic: (H.rpID, "wrong"))
            let badSecretError = try tokenError(badSecret)
            #expect(badSecret.status == .unauthorized && badSecretError == "invalid_client")
            #expect(badSecret.headers[.wwwAuthenticate] != nil)
            let stranger = try await h.tokenRequest(["grant_type": "authorization_code", "code": code4, "redirect_uri": H.redirect,
                                                     "code_verifier": fourth.verifier], basic: ("nobody", "x"))
            #expect(try tokenError(stranger) == "invalid_client")
            // The code survived the two client failures above and still works once.
            #expect(try await h.exchangeCode(code4, verifier: fourth.verifier).status == .ok)
            #expect(try tokenError(try await h.tokenRequest(["grant_type": "password"])) == "unsupported_grant_type")
            #expect(try tokenError(try await h.tokenRequest(["grant_type": "a&grant_type=b"])) == "unsupported_grant_type")
            let repeated = try await h.client.execute(uri: "/token", method: .post, headers: H.formHeaders,
                                                      body: ByteBuffer(string: "grant_type=authorization_code&grant_type=x"))
            #expect(try tokenError(repeated) == "invalid_request")
            let json = try await h.client.execute(uri: "/token", method: .post, headers: [.contentType: "application/json"],
                                                  body: ByteBuffer(string: "{}"))
            #expect(try tokenError(json) == "invalid_request")
        }
    }

    @Test("An expired code is refused", arguments: Backend.available)
    func expiredCode(backend: Backend) async throws {
        try await H.run(backend) { h in
            let identity = IdentityStore(store: h.store)
            let (session, _) = try await identity.startSession(pid: h.people[0].identityNumber.value, acr: .substantial, amr: ["TestID"])
            let verifier = SecureToken.generate()
            let code = try await identity.issueCode(clientID: H.rpID, redirectURI: H.redirect, sessionID: session.id, scope: "openid", nonce: nil,
                                                    codeChallenge: PKCE.challenge(for: verifier), at: Date().addingTimeInterval(-61))
            let response = try await h.exchangeCode(code, verifier: verifier)
            #expect(try H.json(response)["error"] as? String == "invalid_grant")
            #expect((try H.json(response)["error_description"] as? String)?.contains("expired") == true)
        }
    }

    @Test("Logout ends the session and returns only to a registered address", arguments: Backend.available)
    func logout(backend: Backend) async throws {
        try await H.run(backend) { h in
            let authorization = H.Authorization()
            let (code, session) = try await h.login(authorization, pid: h.people[0].identityNumber.value)
            let tokens = try H.json(try await h.exchangeCode(code, verifier: authorization.verifier))
            let idToken = try #require(tokens["id_token"] as? String), accessToken = try #require(tokens["access_token"] as? String)
            let evil = try await h.client.execute(uri: "/logout?\(H.query(["id_token_hint": idToken, "post_logout_redirect_uri": "https://evil.example"]))",
                                                  method: .get)
            #expect(evil.status == .badRequest && evil.headers[.location] == nil)
            let out = try await h.client.execute(uri: "/logout?\(H.query(["id_token_hint": idToken, "post_logout_redirect_uri": H.afterLogout, "state": "s1"]))",
                                                 method: .get, headers: [.cookie: "\(OIDCController.sessionCookie)=\(session)"])
            #expect(out.status == .seeOther && out.headers[.location] == "\(H.afterLogout)?state=s1")
            let info = try await h.client.execute(uri: "/userinfo", method: .get, headers: [.authorization: "Bearer \(accessToken)"])
            #expect(info.status == .unauthorized)
            let forged = try await h.client.execute(uri: "/logout?id_token_hint=\(idToken.dropLast(4))AAAA", method: .get)
            #expect(forged.status == .badRequest)
        }
    }

    @Test("Rotation: new tokens use the new key; tokens signed by the old key keep working while it is published", arguments: Backend.available)
    func rotation(backend: Backend) async throws {
        try await H.run(backend) { h in
            let machine = try await h.registerMachine("rotating-client", scopes: ["tverr:registers/person.read"])
            let before = try await h.machineToken(machine)
            let oldKey = try JOSEHeader(token: before).kid
            try await h.provider.keys.rotate()
            await h.provider.issuers.invalidate()
            let after = try await h.machineToken(machine)
            #expect(try JOSEHeader(token: after).kid != oldKey)
            let jwks = try H.json(try await h.client.execute(uri: "/jwks.json", method: .get))
            #expect((jwks["keys"] as? [Any])?.count == 2)
            let path = "/api/v1/persons/\(h.people[0].identityNumber.value)"
            #expect(try await h.getPerson(path, token: before).status == .ok)
            #expect(try await h.getPerson(path, token: after).status == .ok)
            // Once the retired key has been out longer than any token lives, it leaves the JWKS.
            let later = Date().addingTimeInterval(Double(TokenKeys.retiredKeyKept + 1))
            #expect(try await h.provider.keys.published(at: later).map(\.kid) == [try JOSEHeader(token: after).kid])
        }
    }

    @Test("Login attempts are rate-limited per client address")
    func loginRateLimit() async throws {
        try await H.run(.sqlite) { h in
            let authorization = H.Authorization()
            let csrf = try await h.openLogin(authorization)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<12 { statuses.append(try await h.submitLogin(authorization, pid: "00000000000", csrf: csrf).status) }
            #expect(statuses.prefix(10).allSatisfy { $0 == .badRequest })
            #expect(statuses.suffix(2).allSatisfy { $0 == .tooManyRequests })
        }
    }
}
