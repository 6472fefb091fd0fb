import Crypto
import DCC
import Foundation
import SQLKit
import Trust

/// The platform's EU DCC signing keys: a CSCA and the current document signer (DSC), kept in the
/// data folder (`keys/dcc-*.pem`, private keys mode 0600), with their certificates published in
/// `credential_signers` for the trust list.
///
/// Rollover (`rotate`): a new DSC signed by the CSCA becomes active; the old one is marked
/// retired and stays on the trust list until its certificate expires, so that what it signed
/// still verifies.
public struct CredentialSigners: Sendable {
    let store: Store

    /// The country in the certificates and in `iss`.
    public static let country = "NO"
    /// The organisation in the certificates' subject.
    public static let organisation = "Tverr"

    public init(store: Store) { self.store = store }

    /// A failure to read or write the key files, in one sentence.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The issuer for the current DSC, creating the CSCA and DSC at first use and publishing both.
    public func issuer(dataDirectory: String, now: Date = Date()) async throws -> Issuer {
        let files = KeyFiles(dataDirectory: dataDirectory)
        let (csca, cscaKey) = try files.load("dcc-csca") ?? {
            let key = P256.Signing.PrivateKey()
            let certificate = try CertificateAuthority.makeCSCA(country: Self.country, organisation: Self.organisation, key: key,
                                                               notBefore: now - 86_400, notAfter: now + 15 * 365 * 86_400)
            try files.save("dcc-csca", certificate: certificate, key: key)
            return (certificate, key)
        }()
        try await publish(csca, role: "csca", at: now)
        let (dsc, dscKey) = try files.load("dcc-dsc") ?? (try newSigner(csca: csca, cscaKey: cscaKey, files: files, now: now))
        try await publish(dsc, role: "dsc", at: now)
        return try Issuer(signer: dsc, key: dscKey, country: Self.country)
    }

    /// The issuer for the current DSC, for issuing on every request: loaded and published once,
    /// and again only when the DSC's certificate file changes (after `tverr dcc rotate`, in this
    /// process or another). Checking costs one read of a small file.
    public func currentIssuer(dataDirectory: String) async throws -> Issuer {
        let path = KeyFiles(dataDirectory: dataDirectory).path("dcc-dsc.pem")
        let pem = try? String(contentsOfFile: path, encoding: .utf8)
        if let pem, let cached = Self.cache.value(for: path, version: pem) { return cached }
        let issuer = try await issuer(dataDirectory: dataDirectory)
        if let pem = try? String(contentsOfFile: path, encoding: .utf8), pem == issuer.signer.pem { Self.cache.store(issuer, for: path, version: pem) }
        return issuer
    }

    static let cache = VersionedCache<Issuer>()

    /// The trust store for verifying here, built from `trustList` and kept until the signers
    /// change or the hour turns (so that expired signers drop out): building it parses every
    /// certificate and checks every DSC's signature, too much for each request to a public page.
    public func trustStore(now: Date = Date()) async throws -> TrustStore {
        let rows = try await store.sql.raw("SELECT kid, status FROM credential_signers ORDER BY kid").all()
        let version = try rows.map { "\(try $0.decode(column: "kid", as: String.self)):\(try $0.decode(column: "status", as: String.self))" }
            .joined(separator: ",") + "@\(Int(now.timeIntervalSince1970 / 3600))"
        if let cached = Self.trustStores.value(for: "trust", version: version) { return cached }
        let trust = TrustStore(try await trustList(now: now))
        Self.trustStores.store(trust, for: "trust", version: version)
        return trust
    }

    static let trustStores = VersionedCache<TrustStore>()

    /// Replaces the current DSC with a new one; the old one is retired but stays listed.
    @discardableResult
    public func rotate(dataDirectory: String, now: Date = Date()) async throws -> SignerCertificate {
        let old = try await issuer(dataDirectory: dataDirectory, now: now).signer
        let files = KeyFiles(dataDirectory: dataDirectory)
        guard let (csca, cscaKey) = try files.load("dcc-csca") else { throw Failure(description: "The CSCA key is missing from \(files.folder)") }
        try files.retire("dcc-dsc", as: "dcc-dsc-\(old.thumbprint.prefix(16)).retired")
        let (dsc, _) = try newSigner(csca: csca, cscaKey: cscaKey, files: files, now: now)
        try await store.sql.raw("UPDATE credential_signers SET status = 'retired', retired_at = \(bind: Int64(now.timeIntervalSince1970)) WHERE kid = \(bind: Data(old.keyID).base64EncodedString())").run()
        try await publish(dsc, role: "dsc", at: now)
        return dsc
    }

    /// The trust list: the CSCA and every DSC whose certificate has not expired.
    public func trustList(now: Date = Date()) async throws -> TrustList {
        var authorities: [TrustList.Entry] = [], signers: [TrustList.Entry] = []
        for row in try await store.sql.raw("SELECT role, der, status FROM credential_signers ORDER BY CASE status WHEN 'retired' THEN 0 ELSE 1 END, created_at, kid").all() {
            let certificate = try SignerCertificate(der: Array(try row.decode(column: "der", as: Data.self)))
            guard certificate.certificate.notValidAfter > now else { continue }
            let status: TrustList.Entry.Status = try row.decode(column: "status", as: String.self) == "retired" ? .retired : .active
            if try row.decode(column: "role", as: String.self) == "csca" { authorities.append(.init(certificate, status: status)) }
            else { signers.append(.init(certificate, status: status)) }
        }
        return TrustList(issuer: Self.organisation, generated: ISO8601DateFormatter().string(from: now), authorities: authorities, signers: signers)
    }

    private func newSigner(csca: SignerCertificate, cscaKey: P256.Signing.PrivateKey, files: KeyFiles, now: Date) throws -> (SignerCertificate, P256.Signing.PrivateKey) {
        let key = P256.Signing.PrivateKey()
        let certificate = try CertificateAuthority.makeDSC(commonName: "\(Self.organisation) DSC \(ISO8601DateFormatter().string(from: now).prefix(10))",
                                                           key: key.publicKey, kinds: Set(HealthCertificate.Kind.allCases), authority: csca,
                                                           authorityKey: cscaKey, notBefore: now - 3600, notAfter: now + 2 * 365 * 86_400)
        try files.save("dcc-dsc", certificate: certificate, key: key)
        return (certificate, key)
    }

    private func publish(_ certificate: SignerCertificate, role: String, at now: Date) async throws {
        try await store.sql.raw("""
            INSERT INTO credential_signers (kid, role, country, der, status, created_at)
            VALUES (\(bind: Data(certificate.keyID).base64EncodedString()), \(bind: role), \(bind: certificate.country ?? Self.country),
                    \(bind: Data(certificate.der)), 'active', \(bind: Int64(now.timeIntervalSince1970)))
            ON CONFLICT DO NOTHING
            """).run()
    }
}

/// `keys/<name>.pem` (the certificate) and `keys/<name>.key.pem` (the private key, mode 0600).
private struct KeyFiles {
    let folder: String

    init(dataDirectory: String) { folder = (dataDirectory as NSString).appendingPathComponent("keys") }

    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    func load(_ name: String) throws -> (SignerCertificate, P256.Signing.PrivateKey)? {
        guard let pem = try? String(contentsOfFile: path(name + ".pem"), encoding: .utf8),
              let keyPEM = try? String(contentsOfFile: path(name + ".key.pem"), encoding: .utf8) else { return nil }
        do { return (try SignerCertificate(pem: pem), try P256.Signing.PrivateKey(pemRepresentation: keyPEM)) } catch {
            throw CredentialSigners.Failure(description: "The DCC signing key \(path(name)) cannot be read; restore it from the backup.")
        }
    }

    func save(_ name: String, certificate: SignerCertificate, key: P256.Signing.PrivateKey) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: path(name + ".key.pem"), contents: Data(key.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600]),
                  FileManager.default.createFile(atPath: path(name + ".pem"), contents: Data(certificate.pem.utf8)) else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            throw CredentialSigners.Failure(description: "The DCC signing key cannot be written to \(folder); check that the data folder is writable.")
        }
    }

    /// Keeps the retired signer's certificate as `retired.pem` and deletes its private key: a
    /// retired signer signs nothing again, so there is no reason to keep a key that could.
    func retire(_ name: String, as retired: String) throws {
        try? FileManager.default.removeItem(atPath: path(retired + ".pem"))
        try FileManager.default.moveItem(atPath: path(name + ".pem"), toPath: path(retired + ".pem"))
        try FileManager.default.removeItem(atPath: path(name + ".key.pem"))
    }
}

/// One value per key, with the version it was made from; a lookup with another version misses.
/// For things that are costly to build and change rarely (signing keys, trust stores, fonts).
public final class VersionedCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (version: String, value: Value)] = [:]

    public init() {}

    /// The value kept for `key`, if it was made from `version`.
    public func value(for key: String, version: String) -> Value? {
        lock.withLock { entries[key].flatMap { $0.version == version ? $0.value : nil } }
    }

    /// Keeps `value` for `key`, replacing what was there.
    public func store(_ value: Value, for key: String, version: String) {
        lock.withLock { entries[key] = (version, value) }
    }
}
