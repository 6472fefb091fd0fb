/// An OAuth 2.0 / OpenID Connect error response (RFC 6749 §5.2, OpenID Connect Core §3.1.2.6):
/// a registered code and a plain description.
public struct OAuthError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The registered error codes this provider uses.
    public enum Code: String, Sendable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case invalidGrant = "invalid_grant"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case unsupportedResponseType = "unsupported_response_type"
        case invalidScope = "invalid_scope"
        case accessDenied = "access_denied"
        case invalidToken = "invalid_token"
        case insufficientScope = "insufficient_scope"
        case loginRequired = "login_required"
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// The HTTP status: 401 for client authentication and bad tokens, 403 for missing scope, 400 otherwise.
    public var status: Int {
        switch code {
        case .invalidClient, .invalidToken: 401
        case .insufficientScope: 403
        default: 400
        }
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}
