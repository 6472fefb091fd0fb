import FluentKit
import SQLKit

/// 0005: the identity provider: published signing keys, registered clients (relying parties and
/// machine clients), authorization codes, login sessions, seen assertion ids, staff roles, and
/// the eID (identity verification and enrolled credentials).
struct CreateIdentity: AsyncMigration {
    var name: String { "0005_CreateIdentity" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("signing_keys")
            .field("key_id", .string, .identifier(auto: false))
            .field("public_jwk", .string, .required)
            .field("created_at", .int64, .required)
            .field("retired_at", .int64)
            .create()
        try await database.schema("clients")
            .field("client_id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("organisation_number", .string, .required)
            .field("secret_digest", .string)
            .field("public_jwk", .string)
            .field("redirect_uris", .string, .required)
            .field("post_logout_redirect_uris", .string, .required)
            .field("scopes", .string, .required)
            .field("created_at", .int64, .required)
            .field("disabled_at", .int64)
            .create()
        try await database.schema("login_sessions")
            .field("session_id", .string, .identifier(auto: false))
            .field("cookie_digest", .string, .required)
            .field("pid", .string, .required)
            .field("acr", .string, .required)
            .field("amr", .string, .required)
            .field("authenticated_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .field("ended_at", .int64)
            .unique(on: "cookie_digest")
            .create()
        try await database.schema("authorization_codes")
            .field("code_digest", .string, .identifier(auto: false))
            .field("client_id", .string, .required, .references("clients", "client_id"))
            .field("redirect_uri", .string, .required)
            .field("session_id", .string, .required, .references("login_sessions", "session_id"))
            .field("scope", .string, .required)
            .field("nonce", .string)
            .field("code_challenge", .string, .required)
            .field("expires_at", .int64, .required)
            .field("used_at", .int64)
            .create()
        try await database.schema("assertion_ids")
            .field("client_id", .string, .required)
            .field("jti", .string, .required)
            .field("expires_at", .int64, .required)
            .compositeIdentifier(over: "client_id", "jti")
            .create()
        try await sql.create(index: "assertion_ids_expires_at").on("assertion_ids").column("expires_at").run()
        try await database.schema("staff_roles")
            .field("pid", .string, .required)
            .field("role", .string, .required)
            .field("organisation_number", .string, .required, .references("organisations", "number"))
            .field("granted_at", .int64, .required)
            .compositeIdentifier(over: "pid", "role", "organisation_number")
            .create()
        try await database.schema("identity_verifications")
            .field("pid", .string, .identifier(auto: false))
            .field("verified_by", .string, .required)
            .field("document_type", .string, .required)
            .field("verified_at", .int64, .required)
            .field("activation_digest", .string)
            .field("activation_expires_at", .int64)
            .create()
        try await database.schema("eid_enrolments")
            .field("token_digest", .string, .identifier(auto: false))
            .field("pid", .string, .required)
            .field("password_hash", .string)
            .field("totp_secret", .data, .required)
            .field("expires_at", .int64, .required)
            .create()
        try await database.schema("eid_credentials")
            .field("pid", .string, .identifier(auto: false))
            .field("password_hash", .string, .required)
            .field("totp_secret", .data, .required)
            .field("totp_last_step", .int64)
            .field("failed_attempts", .int, .required)
            .field("locked_until", .int64)
            .field("enrolled_at", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["eid_credentials", "eid_enrolments", "identity_verifications", "staff_roles", "assertion_ids", "authorization_codes",
                      "login_sessions", "clients", "signing_keys"] {
            try await database.schema(table).delete()
        }
    }
}
