import Foundation
import Hummingbird

/// An RFC 9457 problem details response, with a plain-language `detail` a person can act on.
public struct Problem: Error, HTTPResponseError, Codable, Sendable, Equatable {
    /// A URI that identifies the kind of problem; `about:blank` when the status says it all.
    public var type: String
    /// A short summary of the kind of problem.
    public var title: String
    /// The HTTP status code.
    public var statusCode: Int
    /// What went wrong here, and what to do about it.
    public var detail: String
    /// The path of the request that went wrong.
    public var instance: String?
    /// A `WWW-Authenticate` challenge to send with a 401 or 403 (not part of the body).
    public var authenticate: String? = nil
    /// Seconds for a `Retry-After` header (with a 429 or 503; not part of the body).
    public var retryAfter: Int? = nil

    enum CodingKeys: String, CodingKey { case type, title, statusCode = "status", detail, instance }

    /// Creates a problem.
    public init(_ status: HTTPResponse.Status, type: String = "about:blank", title: String? = nil,
                detail: String, instance: String? = nil) {
        self.type = type
        self.title = title ?? (status.reasonPhrase.isEmpty ? Self.reasonPhrases[status.code] ?? "Error" : status.reasonPhrase)
        self.statusCode = status.code
        self.detail = detail
        self.instance = instance
    }

    /// Reason phrases for statuses made from a bare code (which carry none).
    static let reasonPhrases: [Int: String] = [400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                                               409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error",
                                               503: "Service Unavailable"]

    /// The HTTP status.
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    /// The `application/problem+json` response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var problem = self
        if problem.instance == nil { problem.instance = request.uri.path }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(problem)
        var response = Response(status: status, headers: [.contentType: "application/problem+json"],
                                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        if let authenticate { response.headers[.wwwAuthenticate] = authenticate }
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}

extension Problem {
    /// No route matches the request path.
    static func notFound(_ path: String) -> Problem {
        Problem(.notFound, detail: "There is nothing at \(path). Check the address against /openapi.json.")
    }
}
