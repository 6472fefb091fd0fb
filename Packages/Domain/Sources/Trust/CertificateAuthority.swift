import Crypto
import DCC
import Foundation
import SwiftASN1
import X509

/// Makes the two levels of the DCC PKI: a self-signed CSCA (a CA that may only sign document
/// signers) and DSCs beneath it, with the DCC extended key usages for the types each may sign.
public enum CertificateAuthority {
    /// A self-signed country signing CA for `country`.
    public static func makeCSCA(country: String, organisation: String, key: P256.Signing.PrivateKey, notBefore: Date, notAfter: Date) throws -> SignerCertificate {
        let name = try DistinguishedName {
            CountryName(country)
            OrganizationName(organisation)
            CommonName("\(organisation) CSCA")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: Certificate.PublicKey(key.publicKey))
            },
            issuerPrivateKey: .init(key)
        )
        return try SignerCertificate(certificate)
    }

    /// A document signer for `kinds`, signed by `authority` with `authorityKey`.
    public static func makeDSC(
        commonName: String, key: P256.Signing.PublicKey, kinds: Set<HealthCertificate.Kind>,
        authority: SignerCertificate, authorityKey: P256.Signing.PrivateKey, notBefore: Date, notAfter: Date
    ) throws -> SignerCertificate {
        // The DSC's subject repeats the CSCA's country and organisation.
        let country = authority.country ?? "NO"
        let organisation = authority.certificate.subject.flatMap { $0 }.first { $0.type == .RDNAttributeType.organizationName }?.value.description
        let subject = try DistinguishedName {
            CountryName(country)
            if let organisation { OrganizationName(organisation) }
            CommonName(commonName)
        }
        let usages = HealthCertificate.Kind.allCases.filter(kinds.contains).map { ExtendedKeyUsage.Usage(oid: SignerCertificate.Usage.oid($0)) }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: authority.certificate.subject, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage(usages)
                AuthorityKeyIdentifier(keyIdentifier: try? authority.certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
                SubjectKeyIdentifier(hash: Certificate.PublicKey(key))
            },
            issuerPrivateKey: .init(authorityKey)
        )
        return try SignerCertificate(certificate)
    }
}
