import Foundation
import Identity
import SQLKit

/// The provider's signing keys: the private key lives in the data folder
/// (`keys/oidc-signing.pem`, mode 0600); its public half is published in the database so that
/// every instance's JWKS lists it. Rotation retires the old key but keeps it published until
/// every token it signed has expired.
public struct TokenKeys: Sendable {
    let store: Store
    let dataDirectory: String

    /// The longest any token lives; a retired key stays published this long and then some.
    public static let maximumTokenLifetime: Int64 = 300
    public static let retiredKeyKept: Int64 = 2 * maximumTokenLifetime

    public init(store: Store, dataDirectory: String) {
        self.store = store
        self.dataDirectory = dataDirectory
    }

    var folder: String { (dataDirectory as NSString).appendingPathComponent("keys") }
    var path: String { (folder as NSString).appendingPathComponent("oidc-signing.pem") }

    /// The current key, created at first use, and published.
    public func current(at date: Date = Date()) async throws -> TokenSigningKey {
        let key: TokenSigningKey
        if let pem = try? String(contentsOfFile: path, encoding: .utf8) {
            do { key = try TokenSigningKey(pem: pem) } catch {
                throw AuditSigningKey.Failure(description: "The token signing key at \(path) cannot be read as a P-256 PEM key; restore it or run tverr keys rotate.")
            }
        } else {
            key = TokenSigningKey()
            try write(key)
        }
        try await publish(key, at: date)
        return key
    }

    /// Replaces the current key with a new one. The old key stays in the JWKS for
    /// `retiredKeyKept` seconds. Returns the new key's id.
    @discardableResult
    public func rotate(at date: Date = Date()) async throws -> String {
        let old = try await current(at: date)
        let new = TokenSigningKey()
        let retiredPath = (folder as NSString).appendingPathComponent("oidc-signing-\(old.id).retired.pem")
        try? FileManager.default.removeItem(atPath: retiredPath)
        try FileManager.default.moveItem(atPath: path, toPath: retiredPath)
        try write(new)
        try await store.sql.raw("UPDATE signing_keys SET retired_at = \(bind: Int64(date.timeIntervalSince1970)) WHERE key_id = \(bind: old.id) AND retired_at IS NULL").run()
        try await publish(new, at: date)
        return new.id
    }

    /// The keys to publish: every live key and every key retired less than `retiredKeyKept` ago.
    public func published(at date: Date = Date()) async throws -> [PublicJWK] {
        let cutoff = Int64(date.timeIntervalSince1970) - Self.retiredKeyKept
        return try await store.sql.raw("""
            SELECT public_jwk FROM signing_keys WHERE retired_at IS NULL OR retired_at > \(bind: cutoff) ORDER BY created_at DESC, key_id
            """).all().compactMap { row in
                try? JSONDecoder().decode(PublicJWK.self, from: Data(try row.decode(column: "public_jwk", as: String.self).utf8))
            }
    }

    func publish(_ key: TokenSigningKey, at date: Date) async throws {
        let jwk = String(decoding: try JSONEncoder().encode(key.publicJWK), as: UTF8.self)
        try await store.sql.raw("""
            INSERT INTO signing_keys (key_id, public_jwk, created_at) VALUES (\(bind: key.id), \(bind: jwk), \(bind: Int64(date.timeIntervalSince1970)))
            ON CONFLICT DO NOTHING
            """).run()
    }

    func write(_ key: TokenSigningKey) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: path, contents: Data(key.pem.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            throw AuditSigningKey.Failure(description: "The token signing key cannot be written to \(path); check that the data folder is writable.")
        }
    }
}
