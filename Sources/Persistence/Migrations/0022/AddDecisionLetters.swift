import FluentKit
import SQLKit

/// 0022: the signed decision letter of each protection decision. `letter_code` is the sealed
/// decision (`TVD1:…`) for the decision made at `letter_code_for` (its `decided_at`), kept so
/// that a retry sends the same letter and the public check can tell a current decision from one
/// replaced after an appeal; `letter_message_id` is the notify message that carried it. A decision
/// is owed a letter while its code is missing, is for an earlier decision, or has not been sent.
struct AddDecisionLetters: AsyncMigration {
    var name: String { "0022_AddDecisionLetters" }

    func prepare(on database: any Database) async throws {
        try await database.schema("protection_applications").field("letter_code", .string).update()
        try await database.schema("protection_applications").field("letter_code_for", .int64).update()
        try await database.schema("protection_applications").field("letter_message_id", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("protection_applications").deleteField("letter_message_id").update()
        try await database.schema("protection_applications").deleteField("letter_code_for").update()
        try await database.schema("protection_applications").deleteField("letter_code").update()
    }
}
