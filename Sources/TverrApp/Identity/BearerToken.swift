import Hummingbird
import Identity

/// Reads and checks `Authorization: Bearer` access tokens for Tverr's APIs.
enum BearerToken {
    static func verify(_ request: Request, provider: IdentityProvider) async throws -> AccessTokenClaims {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem.oauth(OAuthError(.invalidToken, "Send an access token in the Authorization header (Bearer)."), challenge: false)
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        do { return try await provider.tokenIssuer().verifyAccessToken(token, audience: provider.apiAudience) } catch let error as OAuthError {
            throw Problem.oauth(error)
        }
    }
}

extension Problem {
    /// An OAuth error as problem details, with the `WWW-Authenticate` challenge of RFC 6750 §3.
    static func oauth(_ error: OAuthError, challenge: Bool = true) -> Problem {
        var problem = Problem(HTTPResponse.Status(code: error.status), type: "urn:tverr:problem:\(error.code.rawValue.replacingOccurrences(of: "_", with: "-"))", detail: error.detail)
        switch error.code {
        case .invalidToken:
            problem.authenticate = challenge ? "Bearer error=\"invalid_token\"" : "Bearer"
        case .insufficientScope:
            problem.authenticate = "Bearer error=\"insufficient_scope\""
        default:
            break
        }
        return problem
    }
}
