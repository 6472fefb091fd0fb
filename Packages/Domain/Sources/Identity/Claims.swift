import JWTKit

/// The levels of assurance, as ID-porten names them.
public enum AssuranceLevel: String, Codable, Sendable, Comparable, CaseIterable {
    case substantial = "idporten-loa-substantial"
    case high = "idporten-loa-high"

    public static func < (a: Self, b: Self) -> Bool { a == .substantial && b == .high }
}

/// The claims of an ID token (OpenID Connect Core §2, with ID-porten's `pid`).
/// Times are whole seconds since 1970; checks take an explicit clock (see `TokenIssuer`).
public struct IDTokenClaims: JWTPayload, Equatable {
    public var iss: String
    public var sub: String
    public var aud: String
    public var exp: Int
    public var iat: Int
    public var auth_time: Int
    public var nonce: String?
    public var acr: String
    public var amr: [String]
    public var sid: String
    public var pid: String
    public var locale: String?

    public init(iss: String, sub: String, aud: String, exp: Int, iat: Int, auth_time: Int, nonce: String?, acr: String,
                amr: [String], sid: String, pid: String, locale: String?) {
        self.iss = iss; self.sub = sub; self.aud = aud; self.exp = exp; self.iat = iat; self.auth_time = auth_time
        self.nonce = nonce; self.acr = acr; self.amr = amr; self.sid = sid; self.pid = pid; self.locale = locale
    }

    /// Times are checked by the caller against its own clock.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The consumer of a machine token, in Maskinporten's form (ISO 6523 with the Norwegian prefix 0192).
public struct Consumer: Codable, Equatable, Sendable {
    public var authority: String
    public var ID: String

    public init(organisationNumber: String) {
        self.authority = "iso6523-actorid-upis"
        self.ID = "0192:\(organisationNumber)"
    }

    /// The nine-digit organisation number.
    public var organisationNumber: String { String(ID.split(separator: ":").last ?? "") }
}

/// The claims of an access token (RFC 9068 `at+jwt`): for a person after login (with `pid`,
/// `acr` and `sid`) or for a machine client (with `consumer`).
public struct AccessTokenClaims: JWTPayload, Equatable {
    public var iss: String
    public var sub: String
    public var aud: String
    public var client_id: String
    public var scope: String
    public var exp: Int
    public var iat: Int
    public var jti: String
    public var consumer: Consumer?
    public var pid: String?
    public var acr: String?
    public var sid: String?

    public init(iss: String, sub: String, aud: String, client_id: String, scope: String, exp: Int, iat: Int, jti: String,
                consumer: Consumer? = nil, pid: String? = nil, acr: String? = nil, sid: String? = nil) {
        self.iss = iss; self.sub = sub; self.aud = aud; self.client_id = client_id; self.scope = scope
        self.exp = exp; self.iat = iat; self.jti = jti; self.consumer = consumer; self.pid = pid; self.acr = acr; self.sid = sid
    }

    /// The granted scopes.
    public var scopes: Set<String> { Set(scope.split(separator: " ").map(String.init)) }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The claims of a machine client's grant (RFC 7523 §3, as Maskinporten takes them).
public struct ClientAssertionClaims: JWTPayload, Equatable {
    public var iss: String?
    public var sub: String?
    public var aud: AudienceValue?
    public var exp: Int?
    public var iat: Int?
    public var jti: String?
    public var scope: String?

    public init(iss: String?, sub: String? = nil, aud: AudienceValue?, exp: Int?, iat: Int?, jti: String?, scope: String?) {
        self.iss = iss; self.sub = sub; self.aud = aud; self.exp = exp; self.iat = iat; self.jti = jti; self.scope = scope
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// `aud` as either one string or an array of strings (RFC 7519 §4.1.3).
public enum AudienceValue: Codable, Equatable, Sendable {
    case one(String)
    case many([String])

    public var values: [String] {
        switch self {
        case .one(let value): [value]
        case .many(let values): values
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) { self = .one(one) } else { self = .many(try container.decode([String].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .one(let value): try container.encode(value)
        case .many(let values): try container.encode(values)
        }
    }
}
