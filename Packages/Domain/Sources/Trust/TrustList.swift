import Crypto
import DCC
import Foundation

/// The list of keys a verifier trusts, as Tverr publishes it at `/credentials/trust-list`: the
/// country signing CAs and the document signers beneath them, each with its DER certificate and
/// key identifier. Modelled on the EU gateway's trust list (`kid`, `country`, `rawData`,
/// `thumbprint`).
///
/// **Rollover.** A new DSC is added as `active`, and the one it replaces becomes `retired`: it
/// signs nothing new, but stays listed until it expires so that the certificates it signed still
/// verify.
public struct TrustList: Sendable, Equatable, Codable {
    /// Who published the list.
    public var issuer: String
    /// When it was made (ISO 8601).
    public var generated: String
    /// Country signing CAs.
    public var authorities: [Entry]
    /// Document signers.
    public var signers: [Entry]

    /// One certificate on the list.
    public struct Entry: Sendable, Equatable, Codable {
        /// Base64 of the key identifier (first 8 bytes of the SHA-256 of the DER).
        public var kid: String
        /// ISO 3166-1 alpha-2.
        public var country: String
        /// Base64 of the DER certificate.
        public var rawData: String
        /// Hex SHA-256 of the DER certificate.
        public var thumbprint: String
        /// `active` (signs new certificates) or `retired` (verifies only).
        public var status: Status
        /// The types a DSC may sign (`v`, `t`, `r`).
        public var kinds: [HealthCertificate.Kind]

        /// Whether the key still signs new certificates.
        public enum Status: String, Sendable, Codable { case active, retired }

        /// An entry for `certificate`.
        public init(_ certificate: SignerCertificate, status: Status = .active) {
            kid = Data(certificate.keyID).base64EncodedString()
            country = certificate.country ?? ""
            rawData = Data(certificate.der).base64EncodedString()
            thumbprint = certificate.thumbprint
            self.status = status
            kinds = HealthCertificate.Kind.allCases.filter(certificate.kinds.contains)
        }
    }

    /// A list.
    public init(issuer: String, generated: String, authorities: [Entry], signers: [Entry]) {
        self.issuer = issuer
        self.generated = generated
        self.authorities = authorities
        self.signers = signers
    }
}

/// A trust list checked and indexed for verifying: every DSC parsed, its key identifier and
/// thumbprint recomputed, and its signature checked against a CSCA of its country. Entries
/// that fail are left out and reported.
public struct TrustStore: Sendable {
    /// Document signers by key identifier (several certificates may share one).
    public let signers: [[UInt8]: [SignerCertificate]]
    /// What was refused, with the reason.
    public let rejected: [(kid: String, reason: String)]

    /// Checks and indexes `list`. With `requireAuthority`, a DSC needs a CSCA on the list.
    public init(_ list: TrustList, requireAuthority: Bool = true) {
        var authorities: [String: [SignerCertificate]] = [:]
        var rejected: [(String, String)] = []
        for entry in list.authorities {
            switch Self.parse(entry) {
            case .success(let certificate): authorities[entry.country, default: []].append(certificate)
            case .failure(let failure): rejected.append((entry.kid, failure.reason))
            }
        }
        var signers: [[UInt8]: [SignerCertificate]] = [:]
        for entry in list.signers {
            switch Self.parse(entry) {
            case .success(let certificate):
                if requireAuthority, !(authorities[entry.country] ?? []).contains(where: certificate.isSigned(by:)) {
                    rejected.append((entry.kid, "not signed by a country signing CA of \(entry.country)"))
                } else {
                    signers[certificate.keyID, default: []].append(certificate)
                }
            case .failure(let failure): rejected.append((entry.kid, failure.reason))
            }
        }
        self.signers = signers
        self.rejected = rejected
    }

    /// A store of `certificates`, trusted as given (for a verifier configured by hand).
    public init(trusting certificates: [SignerCertificate]) {
        signers = Dictionary(grouping: certificates, by: \.keyID)
        rejected = []
    }

    private static func parse(_ entry: TrustList.Entry) -> Result<SignerCertificate, ParseFailure> {
        guard let der = Data(base64Encoded: entry.rawData) else { return .failure("rawData is not base64") }
        guard let certificate = try? SignerCertificate(der: Array(der)) else { return .failure("rawData is not an X.509 certificate") }
        guard certificate.thumbprint == entry.thumbprint.lowercased() else { return .failure("the thumbprint does not match the certificate") }
        guard Data(certificate.keyID).base64EncodedString() == entry.kid else { return .failure("the kid does not match the certificate") }
        guard certificate.country == entry.country.uppercased() else { return .failure("the country does not match the certificate's subject") }
        return .success(certificate)
    }

    private struct ParseFailure: Error, ExpressibleByStringLiteral {
        let reason: String
        init(stringLiteral reason: String) { self.reason = reason }
    }
}
