import Foundation
import HummingbirdBcrypt
import Identity
import SQLKit

/// The eID (seed 000): a police officer verifies a person's identity and gets an activation
/// code to hand over; the person then enrols a password (bcrypt) and a TOTP authenticator, and
/// logs in with both at `idporten-loa-substantial`.
public struct EIDStore: Sendable {
    let store: Store
    /// The bcrypt cost; tests lower it, production keeps 12.
    let cost: UInt8

    public static let activationLifetime: Int64 = 14 * 24 * 3600
    public static let enrolmentLifetime: Int64 = 30 * 60
    public static let maximumFailures = 5
    public static let lockout: Int64 = 15 * 60

    public init(store: Store, bcryptCost: UInt8 = 12) {
        self.store = store
        self.cost = bcryptCost
    }

    static func now(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970) }

    /// Why an eID step was refused (the page says it in the person's language).
    public enum Failure: Error, Equatable {
        case notVerified, activationInvalid, enrolmentExpired, password(PasswordPolicy.Problem), codeInvalid
        case credentialsInvalid, locked(until: Int64), notEnrolled
    }

    // MARK: Verification (called by the police intake)

    /// Records that `verifiedBy` has verified the person's identity; returns a fresh activation
    /// code for the person (stored only as a digest; a new verification replaces the old code).
    public func verifyIdentity(pid: String, verifiedBy: String, documentType: String, on sql: (any SQLDatabase)? = nil,
                               at date: Date = Date()) async throws -> String {
        let sql = sql ?? store.sql
        let code = Self.activationCode()
        let now = Self.now(date)
        try await sql.raw("DELETE FROM identity_verifications WHERE pid = \(bind: pid)").run()
        try await sql.insert(into: "identity_verifications")
            .columns("pid", "verified_by", "document_type", "verified_at", "activation_digest", "activation_expires_at")
            .values(pid, verifiedBy, documentType, now, SecureToken.digest(Self.normalise(code)), now + Self.activationLifetime).run()
        return code
    }

    /// Whether the person's identity has been verified.
    public func isVerified(pid: String) async throws -> Bool {
        try await store.sql.raw("SELECT 1 AS ok FROM identity_verifications WHERE pid = \(bind: pid)").first() != nil
    }

    /// A code that is easy to read aloud and type: 12 characters from an alphabet without 0/O, 1/I/L.
    static func activationCode() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(characters[0..<4]) + "-" + String(characters[4..<8]) + "-" + String(characters[8..<12])
    }

    static func normalise(_ code: String) -> String { code.uppercased().filter { $0.isLetter || $0.isNumber } }

    // MARK: Enrolment

    /// Step 1: the number and activation code. The code works once; returns an enrolment token.
    public func startEnrolment(pid: String, activationCode: String, at date: Date = Date()) async throws -> String {
        let now = Self.now(date)
        guard try await isVerified(pid: pid) else { throw Failure.notVerified }
        let claimed = try await store.sql.raw("""
            UPDATE identity_verifications SET activation_digest = NULL
            WHERE pid = \(bind: pid) AND activation_digest = \(bind: SecureToken.digest(Self.normalise(activationCode)))
            AND activation_expires_at > \(bind: now) RETURNING pid
            """).first()
        guard claimed != nil else { throw Failure.activationInvalid }
        let token = SecureToken.generate()
        try await store.sql.raw("DELETE FROM eid_enrolments WHERE pid = \(bind: pid) OR expires_at < \(bind: now)").run()
        try await store.sql.insert(into: "eid_enrolments").columns("token_digest", "pid", "totp_secret", "expires_at")
            .values(SecureToken.digest(token), pid, TOTP.generateSecret(), now + Self.enrolmentLifetime).run()
        return token
    }

    /// The person an enrolment token belongs to, and its TOTP secret.
    public func enrolment(token: String, at date: Date = Date()) async throws -> (pid: String, secret: Data, hasPassword: Bool)? {
        guard token.utf8.count <= 100 else { return nil }
        guard let row = try await store.sql.raw("""
            SELECT pid, totp_secret, password_hash FROM eid_enrolments
            WHERE token_digest = \(bind: SecureToken.digest(token)) AND expires_at > \(bind: Self.now(date))
            """).first() else { return nil }
        return (try row.decode(column: "pid", as: String.self), try row.decode(column: "totp_secret", as: Data.self),
                try row.decode(column: "password_hash", as: String?.self) != nil)
    }

    /// Step 2: the password, checked against the policy and stored as a bcrypt hash.
    public func choosePassword(token: String, password: String, repeated: String, at date: Date = Date()) async throws {
        guard let enrolment = try await enrolment(token: token, at: date) else { throw Failure.enrolmentExpired }
        if let problem = PasswordPolicy.check(password, repeated: repeated, identityNumber: enrolment.pid) { throw Failure.password(problem) }
        let cost = self.cost
        let hash = await Self.offload { Bcrypt.hash(password, cost: cost) }
        try await store.sql.raw("UPDATE eid_enrolments SET password_hash = \(bind: hash) WHERE token_digest = \(bind: SecureToken.digest(token))").run()
    }

    /// Step 3: a code from the authenticator proves it is set up; the eID is then active
    /// (replacing any earlier one) and the enrolment is over.
    public func confirm(token: String, code: String, at date: Date = Date()) async throws -> String {
        let digest = SecureToken.digest(token)
        guard let row = try await store.sql.raw("""
            SELECT pid, totp_secret, password_hash FROM eid_enrolments WHERE token_digest = \(bind: digest) AND expires_at > \(bind: Self.now(date))
            """).first(), let hash = try row.decode(column: "password_hash", as: String?.self) else { throw Failure.enrolmentExpired }
        let pid = try row.decode(column: "pid", as: String.self)
        let secret = try row.decode(column: "totp_secret", as: Data.self)
        guard let step = TOTP(secret: secret).matchingStep(for: code, at: date) else { throw Failure.codeInvalid }
        try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            try await sql.raw("DELETE FROM eid_credentials WHERE pid = \(bind: pid)").run()
            try await sql.insert(into: "eid_credentials")
                .columns("pid", "password_hash", "totp_secret", "totp_last_step", "failed_attempts", "enrolled_at")
                .values(pid, hash, secret, step, 0, Self.now(date)).run()
            try await sql.raw("DELETE FROM eid_enrolments WHERE token_digest = \(bind: digest)").run()
            // A step of the arrival journey (and a fact other services may wait for): the eID is active.
            try await Outbox.append(type: "no.tverr.eid.enrolled.v1", subject: pid, data: ["level": "idporten-loa-substantial"], on: sql, at: date,
                                    source: "/tverr/eid")
        }
        return pid
    }

    // MARK: Login

    /// Checks number, password and one-time code. Five failures lock the eID for 15 minutes; a
    /// used code cannot be used again.
    public func login(pid: String, password: String, code: String, at date: Date = Date()) async throws -> String {
        let now = Self.now(date)
        let cost = self.cost
        guard let row = try await store.sql.raw("""
            SELECT password_hash, totp_secret, totp_last_step, failed_attempts, locked_until FROM eid_credentials WHERE pid = \(bind: pid)
            """).first() else {
            _ = await Self.offload { Bcrypt.hash(password, cost: cost) } // the same work whether or not the person has an eID
            throw Failure.credentialsInvalid
        }
        if let until = try row.decode(column: "locked_until", as: Int64?.self), until > now { throw Failure.locked(until: until) }
        let stored = try row.decode(column: "password_hash", as: String.self)
        let passwordOK = await Self.offload { Bcrypt.verify(password, hash: stored) }
        let step = TOTP(secret: try row.decode(column: "totp_secret", as: Data.self))
            .matchingStep(for: code, at: date, after: try row.decode(column: "totp_last_step", as: Int64?.self))
        guard passwordOK, let step else {
            let failures = try row.decode(column: "failed_attempts", as: Int.self) + 1
            let lockedUntil: Int64? = failures >= Self.maximumFailures ? now + Self.lockout : nil
            try await store.sql.raw("""
                UPDATE eid_credentials SET failed_attempts = \(bind: lockedUntil == nil ? failures : 0), locked_until = \(bind: lockedUntil)
                WHERE pid = \(bind: pid)
                """).run()
            if let lockedUntil { throw Failure.locked(until: lockedUntil) }
            throw Failure.credentialsInvalid
        }
        // Claim the step atomically, so the same code cannot log in twice even at once.
        let claimed = try await store.sql.raw("""
            UPDATE eid_credentials SET totp_last_step = \(bind: step), failed_attempts = 0, locked_until = NULL
            WHERE pid = \(bind: pid) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step)) RETURNING pid
            """).first()
        guard claimed != nil else { throw Failure.credentialsInvalid }
        return pid
    }

    /// Runs deliberately slow work (bcrypt) on a dispatch queue, off Swift's cooperative threads.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
