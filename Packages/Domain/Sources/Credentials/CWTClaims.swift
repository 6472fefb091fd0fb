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
    /// The DCC payload under `hcert` key 1.
    public var certificate: CBOR

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

    public init(issuer: String?, issuedAt: Int64?, expiresAt: Int64?, certificate: CBOR) {
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.certificate = certificate
    }

    /// The claims as a CBOR map, with integer keys in deterministic order.
    public func encoded() -> [UInt8] {
        var entries: [CBOR.Entry] = []
        if let issuer { entries.append(CBOR.Entry(.int(Key.issuer), .text(issuer))) }
        if let expiresAt { entries.append(CBOR.Entry(.int(Key.expiresAt), .int(expiresAt))) }
        if let issuedAt { entries.append(CBOR.Entry(.int(Key.issuedAt), .int(issuedAt))) }
        entries.append(CBOR.Entry(.int(Key.healthCertificate), .map([CBOR.Entry(.int(Key.euDCC), certificate)])))
        return CBOR.map(entries).encoded(deterministic: true)
    }

    /// Reads the claims from a COSE payload.
    public init(decoding bytes: [UInt8], limits: CBOR.Limits = .standard) throws(Failure) {
        let claims: CBOR
        do { claims = try CBOR.decode(bytes, limits: limits) } catch { throw .notCBOR(error) }
        guard claims.entries != nil else { throw .malformed("not a map") }
        func integer(_ key: Int64, _ name: String) throws(Failure) -> Int64? {
            guard let value = claims[key] else { return nil }
            guard let number = value.int64 ?? value.wholeFloat else { throw .malformed("\(name) (\(key)) is not an integer") }
            return number
        }
        if let issuer = claims[Key.issuer], issuer.string == nil { throw .malformed("iss (1) is not text") }
        guard let hcert = claims[Key.healthCertificate] else { throw .malformed("there is no hcert claim (-260)") }
        guard hcert.entries != nil else { throw .malformed("hcert (-260) is not a map") }
        guard let certificate = hcert[Key.euDCC] else { throw .malformed("hcert (-260) holds no EU DCC under key 1") }
        guard certificate.entries != nil else { throw .malformed("the EU DCC under hcert key 1 is not a map") }
        self.init(issuer: claims[Key.issuer]?.string, issuedAt: try integer(Key.issuedAt, "iat"),
                  expiresAt: try integer(Key.expiresAt, "exp"), certificate: certificate)
    }
}

extension CBOR {
    /// A float that holds a whole number of seconds (some issuers wrote `exp` and `iat` as floats).
    var wholeFloat: Int64? {
        guard case .float(let value) = self, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int64(value)
    }
}
