/// What a password for the eID must be: long enough to resist guessing, not a common password,
/// and not built from the person's own number (NIST SP 800-63B §5.1.1.2, without composition rules).
public enum PasswordPolicy {
    public enum Problem: Equatable, Sendable {
        case tooShort, tooLong, mismatch, common, containsNumber
    }

    public static let minimumLength = 10
    public static let maximumLength = 128

    /// Passwords people pick most, and their Norwegian variants.
    static let common: Set<String> = [
        "password", "password1", "password12", "password123", "passord", "passord1", "passord12", "passord123", "passord1234",
        "1234567890", "12345678910", "qwertyuiop", "qwertyuiop1", "asdfghjkl1", "sommer2024", "sommer2025", "sommer2026",
        "vinter2025", "vinter2026", "høst2026", "norge12345", "norge123456", "iloveyou12", "0987654321", "1111111111",
    ]

    /// The first problem with `password`, or nil when it is acceptable.
    public static func check(_ password: String, repeated: String, identityNumber: String) -> Problem? {
        guard password == repeated else { return .mismatch }
        guard password.count >= minimumLength else { return .tooShort }
        guard password.count <= maximumLength else { return .tooLong }
        let folded = password.lowercased()
        if common.contains(folded) || Set(folded).count <= 2 { return .common }
        if folded.contains(identityNumber) || folded.contains(String(identityNumber.prefix(6))) { return .containsNumber }
        return nil
    }
}
