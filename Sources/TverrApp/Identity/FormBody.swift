import Foundation
import Hummingbird
import Identity

/// An `application/x-www-form-urlencoded` body. A repeated parameter is an error (RFC 6749 §3.1),
/// and the body is capped so a hostile client cannot make the server hold megabytes.
struct FormBody: Sendable {
    let fields: [String: String]

    subscript(_ name: String) -> String? { fields[name].flatMap { $0.isEmpty ? nil : $0 } }

    static let limit = 64 * 1024

    struct Failure: Error { let detail: String }

    static func read(_ request: Request) async throws(Failure) -> FormBody {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw Failure(detail: "Send the parameters as application/x-www-form-urlencoded.")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            throw Failure(detail: "The form is larger than \(limit / 1024) KiB.")
        }
        return try parse(String(buffer: buffer))
    }

    static func parse(_ text: String) throws(Failure) -> FormBody {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw Failure(detail: "The form is not valid URL encoding.")
            }
            guard fields[name] == nil else { throw Failure(detail: "The parameter \(name.prefix(40)) is repeated.") }
            fields[name] = value
        }
        return FormBody(fields: fields)
    }

    static func decode(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// Protection against cross-site request forgery for the provider's own forms: a random token in
/// an HttpOnly, SameSite=Lax cookie, echoed in a hidden field; a POST is accepted only when the two match.
enum CSRF {
    static let cookieName = "tverr_csrf"
    static let fieldName = "csrf_token"

    /// The request's token, or a new one (which the response must set).
    static func token(for request: Request) -> (token: String, isNew: Bool) {
        if let existing = request.cookies[cookieName]?.value, existing.utf8.count == 43 { return (existing, false) }
        return (SecureToken.generate(), true)
    }

    static func cookie(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// Whether the form's token matches the cookie.
    static func isValid(_ form: FormBody, request: Request) -> Bool {
        guard let cookie = request.cookies[cookieName]?.value, let field = form[fieldName] else { return false }
        return SecureToken.constantTimeEquals(cookie, field)
    }
}
