import Audit
import Credentials
import DCC
import Foundation
import SQLKit
import Trust

/// One issued EU DCC, as the holder's page and the revocation list need it.
public struct IssuedCertificate: Sendable, Equatable {
    public var id: String
    public var uvci: String
    public var person: String
    public var kind: HealthCertificate.Kind
    public var recordID: String
    public var hc1: String
    public var issuedAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var revocationReason: String?

    /// Whether it is neither revoked nor expired at `now`.
    public func isCurrent(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }
}

/// Issuing certificates from health records, and revoking them.
///
/// Issuing is idempotent per record: asking again for the same record while its certificate is
/// current returns that certificate. Each issue and each revocation is written to the audit log
/// in the same transaction as the row.
public struct IssuedCertificates: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// The issuer named in the certificates (`is`).
    public static let issuerName = "Folkehelseinstituttet"
    /// Who issues, in the audit log: the Norwegian Institute of Public Health's certificate service.
    public static let auditActor = "client:983744516/koronasertifikat"
    /// The purpose and legal basis recorded for issuing.
    public static let purpose = "koronasertifikat", legalBasis = "forordning (EU) 2021/953 artikkel 3"

    /// Why a certificate cannot be issued.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The person's records give no certificate from this record now.
        case noSuchOffer
        /// The signer refused (the payload or the signer's validity).
        case refused(String)

        public var description: String {
            switch self {
            case .noSuchOffer: "There is no certificate to issue from this record now."
            case .refused(let reason): "The certificate could not be issued: \(reason)"
            }
        }
    }

    /// Issues (or returns the current) certificate from `recordID` for the person, named as in the
    /// population register.
    public func issue(recordID: String, for pid: String, familyName: String, givenName: String?, dateOfBirth: String,
                      issuer: Issuer, now: Date = Date()) async throws -> IssuedCertificate {
        if let existing = try await list(for: pid).first(where: { $0.recordID == recordID && $0.isCurrent(at: now) }) { return existing }
        guard let offer = try await HealthRecords(store: store).offers(for: pid, now: now).first(where: { $0.recordID == recordID }) else {
            throw Failure.noSuchOffer
        }
        let uvci = try UVCI(country: CredentialSigners.country, opaque: "TV/" + Self.opaque()).value
        let certificate = HealthCertificate(name: .init(familyName: familyName, givenName: givenName), dateOfBirth: dateOfBirth,
                                            statement: offer.statement.identified(by: uvci))
        let hc1: String
        do { hc1 = try issuer.issue(certificate, at: now) } catch { throw Failure.refused(error.description) }
        let decoded = try HC1.decode(hc1)
        let hashes = RevocationList.hashes(of: certificate, message: decoded.message)
        let issued = IssuedCertificate(id: UUID().uuidString.lowercased(), uvci: uvci, person: pid, kind: offer.kind, recordID: recordID, hc1: hc1,
                                       issuedAt: Date(timeIntervalSince1970: Double(decoded.claims.issuedAt ?? Int64(now.timeIntervalSince1970))),
                                       expiresAt: Date(timeIntervalSince1970: Double(decoded.claims.expiresAt ?? 0)), revokedAt: nil, revocationReason: nil)
        let record = AuditRecord(actor: Self.auditActor, subject: pid, action: "credentials.dcc.issue", purpose: Self.purpose, legalBasis: Self.legalBasis)
        do {
            try await AuditLog(store: store).audited([record], at: now) { sql in
                try await Self.refuseIfIssued(recordID: recordID, for: pid, now: now, on: sql)
                try await sql.insert(into: "issued_certificates")
                    .columns("id", "uvci", "person", "kind", "record_id", "kid", "hc1", "uci_hash", "country_uci_hash", "signature_hash", "issued_at",
                             "expires_at")
                    .values(issued.id, uvci, pid, offer.kind.rawValue, recordID, Data(issuer.signer.keyID).base64EncodedString(), hc1,
                            hashes.uci, hashes.countryCodeUCI, hashes.signature, Int64(issued.issuedAt.timeIntervalSince1970),
                            Int64(issued.expiresAt.timeIntervalSince1970))
                    .run()
            }
        } catch let already as AlreadyIssued {
            return already.certificate  // a second request for the same record got there first: its certificate, not a second one
        }
        return issued
    }

    /// A certificate from this record was issued while this request was signing.
    struct AlreadyIssued: Error { let certificate: IssuedCertificate }

    /// The check before the insert, inside its transaction, so that two requests for the same
    /// record at once issue one certificate: the second rolls back (its audit entry too) and
    /// returns the first one's. SQLite's write transactions run one at a time; on PostgreSQL the
    /// record's advisory lock orders them.
    static func refuseIfIssued(recordID: String, for pid: String, now: Date, on sql: any SQLDatabase) async throws {
        if sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(issueLock)), hashtext(\(bind: recordID)))").run()
        }
        let rows = try await sql.raw("""
            SELECT \(unsafeRaw: columns) FROM issued_certificates
            WHERE person = \(bind: pid) AND record_id = \(bind: recordID) AND revoked_at IS NULL
              AND expires_at > \(bind: Int64(now.timeIntervalSince1970))
            ORDER BY issued_at DESC, id
            """).all()
        if let row = rows.first { throw AlreadyIssued(certificate: try decode(row)) }
    }

    /// The advisory lock class for issuing from one record (the audit log uses 7254911).
    static let issueLock = 7254913

    /// The person's certificates, newest first.
    public func list(for pid: String) async throws -> [IssuedCertificate] {
        try await store.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM issued_certificates WHERE person = \(bind: pid) ORDER BY issued_at DESC, id")
            .all().map(Self.decode)
    }

    /// One of the person's certificates; nil if there is none with this id for them.
    public func certificate(_ id: String, for pid: String) async throws -> IssuedCertificate? {
        try await store.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM issued_certificates WHERE id = \(bind: id) AND person = \(bind: pid)")
            .first().map(Self.decode)
    }

    /// Revokes the certificate with `uvci`, recording who did it and why. Revoking again changes
    /// nothing. Nil if no certificate has this UVCI.
    public func revoke(uvci: String, reason: String, actor: String, now: Date = Date()) async throws -> IssuedCertificate? {
        guard let row = try await store.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM issued_certificates WHERE uvci = \(bind: uvci)").first() else {
            return nil
        }
        var issued = try Self.decode(row)
        guard issued.revokedAt == nil else { return issued }
        let record = AuditRecord(actor: actor, subject: issued.person, action: "credentials.dcc.revoke", purpose: Self.purpose, legalBasis: Self.legalBasis)
        let at = Int64(now.timeIntervalSince1970)
        try await AuditLog(store: store).audited([record], at: now) { sql in
            try await sql.raw("""
                UPDATE issued_certificates SET revoked_at = \(bind: at), revocation_reason = \(bind: reason)
                WHERE uvci = \(bind: uvci) AND revoked_at IS NULL
                """).run()
        }
        issued.revokedAt = Date(timeIntervalSince1970: Double(at))
        issued.revocationReason = reason
        return issued
    }

    /// The revocation list: the hashes of every revoked certificate that has not yet expired.
    public func revocationList(now: Date = Date()) async throws -> RevocationList {
        var list = RevocationList(generated: ISO8601DateFormatter().string(from: now))
        for row in try await store.sql.raw("""
            SELECT uci_hash, country_uci_hash, signature_hash FROM issued_certificates
            WHERE revoked_at IS NOT NULL AND expires_at > \(bind: Int64(now.timeIntervalSince1970))
            """).all() {
            list.revoke(.init(uci: try row.decode(column: "uci_hash", as: String.self),
                              countryCodeUCI: try row.decode(column: "country_uci_hash", as: String.self),
                              signature: try row.decode(column: "signature_hash", as: String.self)))
        }
        return list
    }

    static let columns = "id, uvci, person, kind, record_id, hc1, issued_at, expires_at, revoked_at, revocation_reason"

    static func decode(_ row: any SQLRow) throws -> IssuedCertificate {
        IssuedCertificate(id: try row.decode(column: "id", as: String.self), uvci: try row.decode(column: "uvci", as: String.self),
                          person: try row.decode(column: "person", as: String.self),
                          kind: HealthCertificate.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .test,
                          recordID: try row.decode(column: "record_id", as: String.self), hc1: try row.decode(column: "hc1", as: String.self),
                          issuedAt: Date(timeIntervalSince1970: Double(try row.decode(column: "issued_at", as: Int64.self))),
                          expiresAt: Date(timeIntervalSince1970: Double(try row.decode(column: "expires_at", as: Int64.self))),
                          revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map { Date(timeIntervalSince1970: Double($0)) },
                          revocationReason: try row.decode(column: "revocation_reason", as: String?.self))
    }

    /// 12 random characters from A–Z and 0–9 (62 bits).
    static func opaque() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
