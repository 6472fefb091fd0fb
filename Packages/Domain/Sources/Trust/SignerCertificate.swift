import Credentials
import Crypto
import CryptoExtras
import DCC
import Foundation
import SwiftASN1
import X509

/// An X.509 certificate in the DCC public key infrastructure: a country signing certificate
/// authority (CSCA) or a document signer certificate (DSC) whose key signs health certificates.
public struct SignerCertificate: Sendable, Hashable {
    /// The certificate in DER.
    public let der: [UInt8]
    /// The parsed certificate.
    public let certificate: Certificate
    /// The key identifier: the first 8 bytes of the SHA-256 of the DER certificate.
    public let keyID: [UInt8]
    /// The certificate types this DSC may sign (from its extended key usage).
    public let kinds: Set<HealthCertificate.Kind>
    /// The key that checks signatures made with this certificate: P-256 or RSA.
    public let verificationKey: COSESign1.VerificationKey?

    public static func == (lhs: SignerCertificate, rhs: SignerCertificate) -> Bool { lhs.der == rhs.der }
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }

    /// The extended key usages that limit a DSC to certificate types (eHN DCC "Technical
    /// Specifications" vol. 1, §5): a DSC with none of them may sign all three.
    public enum Usage {
        public static let test = try! ASN1ObjectIdentifier(dotRepresentation: "1.3.6.1.4.1.1847.2021.1.1")
        public static let vaccination = try! ASN1ObjectIdentifier(dotRepresentation: "1.3.6.1.4.1.1847.2021.1.2")
        public static let recovery = try! ASN1ObjectIdentifier(dotRepresentation: "1.3.6.1.4.1.1847.2021.1.3")

        static func oid(_ kind: HealthCertificate.Kind) -> ASN1ObjectIdentifier {
            switch kind {
            case .test: test
            case .vaccination: vaccination
            case .recovery: recovery
            }
        }
    }

    /// Reads a DER certificate.
    public init(der: [UInt8]) throws {
        try self.init(try Certificate(derEncoded: der), der: der)
    }

    /// Reads a PEM certificate.
    public init(pem: String) throws {
        try self.init(try Certificate(pemEncoded: pem))
    }

    init(_ certificate: Certificate, der: [UInt8]? = nil) throws {
        self.der = try der ?? Self.serialize(certificate)
        self.certificate = certificate
        // Worked out once: issuing and verifying ask for these on every certificate.
        keyID = Array(SHA256.hash(data: self.der).prefix(8))
        kinds = Self.kinds(of: certificate)
        verificationKey = if let key = P256.Signing.PublicKey(certificate.publicKey) { .p256(key) }
            else if let key = _RSA.Signing.PublicKey(certificate.publicKey) { .rsa(key) } else { nil }
    }

    private static func serialize(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    /// The SHA-256 of the DER certificate, in lower-case hex.
    public var thumbprint: String { SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined() }

    /// The subject's country (C), upper case.
    public var country: String? {
        for rdn in certificate.subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.countryName {
                return attribute.value.description.uppercased()
            }
        }
        return nil
    }

    private static func kinds(of certificate: Certificate) -> Set<HealthCertificate.Kind> {
        guard let usage = try? certificate.extensions.extendedKeyUsage else { return Set(HealthCertificate.Kind.allCases) }
        let allowed = Set(HealthCertificate.Kind.allCases.filter { usage.contains(.init(oid: Usage.oid($0))) })
        return allowed.isEmpty ? Set(HealthCertificate.Kind.allCases) : allowed
    }

    /// Whether `instant` is within the certificate's validity.
    public func isValid(at instant: Date) -> Bool {
        certificate.notValidBefore <= instant && instant <= certificate.notValidAfter
    }

    /// Whether `authority`'s key signed this certificate.
    public func isSigned(by authority: SignerCertificate) -> Bool {
        authority.certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    /// The certificate in PEM.
    public var pem: String {
        "-----BEGIN CERTIFICATE-----\n" + Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed]) + "\n-----END CERTIFICATE-----\n"
    }
}
