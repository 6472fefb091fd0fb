import Identity
import Persistence

/// The parameters of an OpenID Connect authentication request (Core §3.1.2.1).
struct AuthorizationRequest: Sendable {
    var clientID: String?
    var redirectURI: String
    var responseType: String?
    var scope: String?
    var state: String?
    var nonce: String?
    var codeChallenge: String?
    var codeChallengeMethod: String?
    var acrValues: String?
    var prompt: String?
    var uiLocales: String?

    init(_ get: (String) -> String?) {
        clientID = get("client_id")
        redirectURI = get("redirect_uri") ?? ""
        responseType = get("response_type")
        scope = get("scope")
        state = get("state")
        nonce = get("nonce")
        codeChallenge = get("code_challenge")
        codeChallengeMethod = get("code_challenge_method")
        acrValues = get("acr_values")
        prompt = get("prompt")
        uiLocales = get("ui_locales")
    }

    /// The parameters again, for the login form's hidden fields.
    var fields: [(name: String, value: String)] {
        let all: [(String, String?)] = [("client_id", clientID), ("redirect_uri", redirectURI), ("response_type", responseType),
                                        ("scope", scope), ("state", state), ("nonce", nonce), ("code_challenge", codeChallenge),
                                        ("code_challenge_method", codeChallengeMethod), ("acr_values", acrValues), ("prompt", prompt),
                                        ("ui_locales", uiLocales)]
        return all.compactMap { name, value in value.map { (name, $0) } }
    }

    enum Outcome {
        /// The client or redirect URI cannot be trusted: tell the person, never redirect.
        case refuse(String)
        /// Tell the client through its registered redirect URI.
        case redirect(String, OAuthError, state: String?)
        case valid(ValidatedAuthorization)
    }

    /// Checks the request in the order OAuth requires: client and exact redirect URI first
    /// (errors shown on a page), then everything else (errors sent to the client).
    func validate(clients: ClientRegistry) async -> Outcome {
        guard let clientID, let client = try? await clients.client(clientID), client.kind == .web, !client.isDisabled else {
            return .refuse("the service (client_id) is not registered.")
        }
        guard client.redirectURIs.contains(redirectURI) else {
            return .refuse("the return address (redirect_uri) is not registered for \(client.name).")
        }
        func fail(_ code: OAuthError.Code, _ detail: String) -> Outcome { .redirect(redirectURI, OAuthError(code, detail), state: state) }
        guard responseType == "code" else { return fail(.unsupportedResponseType, "Only response_type=code is supported.") }
        let scopes = (scope ?? "").split(separator: " ").map(String.init)
        guard scopes.contains("openid") else { return fail(.invalidScope, "scope must include openid.") }
        if let refused = scopes.first(where: { !client.scopes.contains($0) }) {
            return fail(.invalidScope, "The client is not allowed the scope \"\(refused.prefix(60))\".")
        }
        let challenge: String
        do { challenge = try PKCE.validateChallenge(codeChallenge, method: codeChallengeMethod) } catch {
            return fail(.invalidRequest, error.description)
        }
        if let nonce, nonce.utf8.count > 500 { return fail(.invalidRequest, "nonce is longer than 500 characters.") }
        if let state, state.utf8.count > 1_000 { return fail(.invalidRequest, "state is longer than 1000 characters.") }
        var level = AssuranceLevel.substantial
        if let acrValues {
            let asked = acrValues.split(separator: " ").compactMap { AssuranceLevel(rawValue: String($0)) }
            guard !asked.isEmpty else { return fail(.invalidRequest, "acr_values must name idporten-loa-substantial or idporten-loa-high.") }
            level = asked.min() ?? .substantial
        }
        if let prompt, !["login", "none"].contains(prompt) { return fail(.invalidRequest, "prompt may be login or none.") }
        return .valid(ValidatedAuthorization(request: self, client: client, scopes: scopes, challenge: challenge, level: level))
    }
}

/// An authorization request that passed every check.
struct ValidatedAuthorization: Sendable {
    let request: AuthorizationRequest
    let client: RegisteredClient
    let scopes: [String]
    let challenge: String
    /// The lowest level of assurance the client accepts.
    let level: AssuranceLevel
}
