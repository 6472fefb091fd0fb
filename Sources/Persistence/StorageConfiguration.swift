import Foundation

/// Where Tverr keeps its data: an embedded SQLite file (the default) or PostgreSQL.
public enum StorageConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file, created if missing, in WAL mode.
    case sqlite(path: String)
    /// An in-memory SQLite database, for tests.
    case sqliteInMemory
    /// A PostgreSQL server, from a `postgres://user:password@host:port/database` URL.
    case postgres(url: String)

    /// Why a storage setting cannot be used. Each reason is one sentence saying what to do.
    public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
        case malformedDatabaseURL(String)
        case unsupportedScheme(String)

        public var description: String {
            switch self {
            case .malformedDatabaseURL(let reason):
                "DATABASE_URL is not a valid PostgreSQL URL (\(reason)); use the form postgres://user:password@host:5432/database."
            case .unsupportedScheme(let scheme):
                "DATABASE_URL uses '\(scheme)', but Tverr supports only postgres:// and postgresql://; unset it to use the built-in SQLite file."
            }
        }
    }

    /// The storage chosen by `DATABASE_URL` if set, otherwise the SQLite file in `dataDirectory`.
    public static func resolve(databaseURL: String?, dataDirectory: String) throws(ConfigurationError) -> StorageConfiguration {
        guard let databaseURL, !databaseURL.isEmpty else {
            return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("tverr.sqlite"))
        }
        guard let components = URLComponents(string: databaseURL), let scheme = components.scheme else {
            if let authority = databaseURL.components(separatedBy: "://").dropFirst().first?.split(separator: "/").first,
               let port = authority.split(separator: "@").last?.split(separator: ":").dropFirst().first,
               !port.allSatisfy(\.isNumber) {
                throw .malformedDatabaseURL("the port is not a number")
            }
            throw .malformedDatabaseURL("it cannot be read as a URL")
        }
        guard scheme == "postgres" || scheme == "postgresql" else { throw .unsupportedScheme(scheme) }
        guard let host = components.host, !host.isEmpty else { throw .malformedDatabaseURL("the host is missing") }
        if components.port == nil, databaseURL.contains("\(host):") {
            throw .malformedDatabaseURL("the port is not a number")
        }
        guard components.path.count > 1 else { throw .malformedDatabaseURL("the database name is missing") }
        guard components.user != nil else { throw .malformedDatabaseURL("the user name is missing") }
        return .postgres(url: databaseURL)
    }

    /// A description safe for logs: the password of a PostgreSQL URL is hidden.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite at \(path)"
        case .sqliteInMemory: return "SQLite in memory"
        case .postgres(let url):
            var components = URLComponents(string: url)
            if components?.password != nil { components?.password = "****" }
            return "PostgreSQL at \(components?.string ?? "?")"
        }
    }
}
