import Identifiers
import SQLKit

/// Checks for role assignment: the person is registered and the organisation exists.
public enum StaffRoleInput {
    public static func person(_ text: String, store: Store) async throws -> String {
        let number: NationalIdentityNumber
        do { number = try NationalIdentityNumber(text) } catch { throw RegistrationError("\"\(text.prefix(20))\" is not a valid number: \(error).") }
        guard try await store.sql.raw("SELECT 1 AS ok FROM persons WHERE identity_number = \(bind: number.value)").first() != nil else {
            throw RegistrationError("No one in the population register has the number \(number.value).")
        }
        return number.value
    }

    public static func organisation(_ text: String, store: Store) async throws -> String {
        let number: OrganisationNumber
        do { number = try OrganisationNumber(text) } catch { throw RegistrationError("\"\(text.prefix(20))\" is not a valid organisation number.") }
        guard try await store.sql.raw("SELECT 1 AS ok FROM organisations WHERE number = \(bind: number.value)").first() != nil else {
            throw RegistrationError("No organisation with number \(number.value) is registered.")
        }
        return number.value
    }
}
