import CBOR

/// The CWT claims of a health certificate (RFC 8392; eHealth Network, "Electronic Health
/// Certificate Container Format"): issuer, issued at, expiry, and the `hcert` claim whose key 1
/// holds the EU DCC payload.
public struct CWTClaims: Sendable, Equatable {
    /// Claim keys.
    public enum Key {
        public static let issuer: Int64 = 1
        public static let expiresAt: Int64 = 4
        public static let issuedAt: Int64 = 6
        public static let healthCertificate: Int64 = -260
        /// Inside `hcert`: the EU Digital COVID Certificate.
        public static let euDCC: Int64 = 1
    }

    /// `iss`: the issuing country (ISO 3166-1 alpha-2).
    public var issuer: String?
    /// `iat`, in seconds since 1970.
    public var issuedAt: Int64?
    /// `exp`, in seconds since 1970.
    public var expiresAt: Int64?
    /// The DCC payload under `hcert` key 1, as encoded CBOR: decoded on demand, so that reading
    /// the claims builds no tree.
    public var certificateBytes: [UInt8]

    /// The DCC payload under `hcert` key 1, as a CBOR item.
    public var certificate: CBOR { (try? CBOR.decode(certificateBytes)) ?? .null }

    /// Why a payload is not CWT claims with a DCC in them.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case notCBOR(CBORError)
        /// The claims or a claim has the wrong type, or the DCC is missing.
        case malformed(String)

        public var description: String {
            switch self {
            case .notCBOR(let error): "The CWT claims are not CBOR: \(error)"
            case .malformed(let reason): "The CWT claims are malformed: \(reason)"
            }
        }
    }

    /// Claims holding `certificate` (encoded deterministically).
    public init(issuer: String?, issuedAt: Int64?, expiresAt: Int64?, certificate: CBOR) {
        self.init(issuer: issuer, issuedAt: issuedAt, expiresAt: expiresAt, certificateBytes: certificate.encoded(deterministic: true))
    }

    /// Claims holding a payload that is already encoded (one CBOR map).
    public init(issuer: String?, issuedAt: Int64?, expiresAt: Int64?, certificateBytes: [UInt8]) {
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.certificateBytes = certificateBytes
    }

    /// The claims as a CBOR map, with integer keys in deterministic order (1, 4, 6, −260).
    public func encoded() -> [UInt8] {
        var out = CBORWriter(capacity: certificateBytes.count + 32)
        out.map((issuer == nil ? 0 : 1) + (expiresAt == nil ? 0 : 1) + (issuedAt == nil ? 0 : 1) + 1)
        if let issuer { out.int(Key.issuer); out.text(issuer) }
        if let expiresAt { out.int(Key.expiresAt); out.int(expiresAt) }
        if let issuedAt { out.int(Key.issuedAt); out.int(issuedAt) }
        out.int(Key.healthCertificate)
        out.map(1)
        out.int(Key.euDCC)
        out.raw(certificateBytes)
        return out.bytes
    }

    /// Reads the claims from a COSE payload. Claims other than these four are checked as well
    /// formed and skipped; the first of a repeated key counts, as in a decoded map. A CBOR error
    /// anywhere wins over a claim of the wrong type.
    public init(decoding bytes: [UInt8], limits: CBOR.Limits = .standard) throws(Failure) {
        var issuer: String?, issuedAt: Int64?, expiresAt: Int64?, certificate: Range<Int>?
        var seen: Set<Int64> = [], isMap = true, hcertIsMap = true, issuerIsText = true, iatIsInteger = true, expIsInteger = true
        do {
            var cursor = try CBORCursor(bytes, limits: limits)
            let top = try cursor.head()
            if top.major != 5 {
                isMap = false
                try cursor.skip(top, depth: 0)
            } else {
                try Self.entries(of: top, in: &cursor, depth: 0) { key, cursor throws(CBORError) in
                    let value = try cursor.head()
                    guard seen.insert(key).inserted else { try cursor.skip(value, depth: 1); return }
                    switch key {
                    case Key.issuer:
                        if value.major == 3 { issuer = try cursor.text(value) } else { issuerIsText = false; try cursor.skip(value, depth: 1) }
                    case Key.issuedAt:
                        issuedAt = try Self.number(value, in: &cursor)
                        iatIsInteger = issuedAt != nil
                    case Key.expiresAt:
                        expiresAt = try Self.number(value, in: &cursor)
                        expIsInteger = expiresAt != nil
                    case Key.healthCertificate:
                        guard value.major == 5 else { hcertIsMap = false; try cursor.skip(value, depth: 1); return }
                        try Self.entries(of: value, in: &cursor, depth: 1) { inner, cursor throws(CBORError) in
                            let range = try cursor.skipItem(depth: 2)
                            if inner == Key.euDCC, certificate == nil { certificate = range }
                        }
                    default:
                        try cursor.skip(value, depth: 1)
                    }
                }
            }
            try cursor.finish()
        } catch {
            throw .notCBOR(error)
        }
        guard isMap else { throw .malformed("not a map") }
        guard issuerIsText else { throw .malformed("iss (1) is not text") }
        guard seen.contains(Key.healthCertificate) else { throw .malformed("there is no hcert claim (-260)") }
        guard hcertIsMap else { throw .malformed("hcert (-260) is not a map") }
        guard let certificate else { throw .malformed("hcert (-260) holds no EU DCC under key 1") }
        guard bytes[certificate.lowerBound] >> 5 == 5 else { throw .malformed("the EU DCC under hcert key 1 is not a map") }
        guard iatIsInteger else { throw .malformed("iat (6) is not an integer") }
        guard expIsInteger else { throw .malformed("exp (4) is not an integer") }
        self.init(issuer: issuer, issuedAt: issuedAt, expiresAt: expiresAt, certificateBytes: Array(bytes[certificate]))
    }

    /// Calls `body` with each integer key of the map whose head is `head`, the cursor at its
    /// value; entries with other keys are checked and skipped.
    private static func entries(of head: CBORCursor.Head, in cursor: inout CBORCursor, depth: Int,
                                _ body: (Int64, inout CBORCursor) throws(CBORError) -> Void) throws(CBORError) {
        let count = try cursor.count(head)
        var index = 0
        while true {
            if let count { guard index < count else { break } } else if try cursor.atBreak() { break }
            let key = try cursor.head()
            if let number = CBORCursor.integer(key) {
                try body(number, &cursor)
            } else {
                try cursor.skip(key, depth: depth + 1)
                try cursor.skipItem(depth: depth + 1)
            }
            index += 1
        }
    }

    /// An integer, or a float holding a whole number (some issuers wrote `exp` and `iat` so);
    /// nil for anything else, which is skipped.
    private static func number(_ head: CBORCursor.Head, in cursor: inout CBORCursor) throws(CBORError) -> Int64? {
        if let integer = CBORCursor.integer(head) { return integer }
        if let value = CBORCursor.float(head) { return value.rounded() == value && abs(value) < 9.0e15 ? Int64(value) : nil }
        try cursor.skip(head, depth: 1)
        return nil
    }
}
