import Credentials
import Crypto
import DCC
import Foundation

/// Revoked certificates, following the DCC revocation approach (eHN "Revocation of DCCs"): the
/// list holds no identifiers, only the first 128 bits of SHA-256 hashes, of three types:
/// - `UCI`: of the UVCI (`ci`);
/// - `COUNTRYCODEUCI`: of the issuing country followed by the UVCI;
/// - `SIGNATURE`: of the COSE signature (for ECDSA, of its r half only, so that a re-encoded
///   signature cannot escape the list).
public struct RevocationList: Sendable, Equatable, Codable {
    /// When the list was made (ISO 8601).
    public var generated: String
    /// Base64 of 16-byte UCI hashes.
    public var uci: Set<String>
    /// Base64 of 16-byte COUNTRYCODEUCI hashes.
    public var countryCodeUCI: Set<String>
    /// Base64 of 16-byte SIGNATURE hashes.
    public var signature: Set<String>

    /// An empty list.
    public init(generated: String) {
        self.generated = generated
        uci = []
        countryCodeUCI = []
        signature = []
    }

    /// The three hashes of a certificate, as base64.
    public struct Hashes: Sendable, Equatable {
        public var uci: String
        public var countryCodeUCI: String
        public var signature: String

        /// The three hashes, base64.
        public init(uci: String, countryCodeUCI: String, signature: String) {
            (self.uci, self.countryCodeUCI, self.signature) = (uci, countryCodeUCI, signature)
        }
    }

    /// The hashes of `certificate`, signed as `message`.
    public static func hashes(of certificate: HealthCertificate, message: COSESign1) -> Hashes {
        let identifier = certificate.statement.identifier
        let country = switch certificate.statement {
        case .vaccination(let entry): entry.country
        case .test(let entry): entry.country
        case .recovery(let entry): entry.country
        }
        let signed = message.algorithm == .es256 && message.signature.count == 64 ? Array(message.signature.prefix(32)) : message.signature
        func short(_ bytes: [UInt8]) -> String { Data(SHA256.hash(data: bytes).prefix(16)).base64EncodedString() }
        return Hashes(uci: short(Array(identifier.utf8)), countryCodeUCI: short(Array((country + identifier).utf8)), signature: short(signed))
    }

    /// Adds a certificate by all three hashes.
    public mutating func revoke(_ hashes: Hashes) {
        uci.insert(hashes.uci)
        countryCodeUCI.insert(hashes.countryCodeUCI)
        signature.insert(hashes.signature)
    }

    /// Whether the list holds nothing.
    public var isEmpty: Bool { uci.isEmpty && countryCodeUCI.isEmpty && signature.isEmpty }

    /// Whether any of the hashes is on the list.
    public func contains(_ hashes: Hashes) -> Bool {
        uci.contains(hashes.uci) || countryCodeUCI.contains(hashes.countryCodeUCI) || signature.contains(hashes.signature)
    }

    enum CodingKeys: String, CodingKey {
        case generated, uci = "UCI", countryCodeUCI = "COUNTRYCODEUCI", signature = "SIGNATURE"
    }
}
