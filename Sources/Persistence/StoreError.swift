/// Why the store could not be opened. Each message says what is wrong and what to do.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case dataDirectoryNotWritable(String)
    case notAnSQLiteDatabase(String)
    case databaseUnreachable(String, reason: String)
    case migrationFailed(String)

    public var description: String {
        switch self {
        case .dataDirectoryNotWritable(let path):
            "The data folder \(path) cannot be written to; give this user write access or choose another folder with --data-dir."
        case .notAnSQLiteDatabase(let path):
            "The file \(path) is not a valid SQLite database (it may be corrupt); move it away and start again to create a new one."
        case .databaseUnreachable(let target, let reason):
            "Could not reach the database (\(target)): \(reason); check that it is running and that DATABASE_URL is right."
        case .migrationFailed(let reason):
            "The database could not be brought up to date: \(reason)."
        }
    }
}
