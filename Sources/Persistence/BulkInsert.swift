import FluentKit
import Foundation
import SQLKit
import NIOCore
import SQLiteNIO

/// One value in a bulk insert, already in the form its column stores.
enum Cell: Sendable {
    case text(String)
    case null
    /// NULL in a number column (PostgreSQL wants the bind typed as a number).
    case nullNumber
    case integer(Int)
    case real(Double)
    case uuid(UUID)
    case time(Date)
    /// Bytes (a BLOB on SQLite, `bytea` on PostgreSQL).
    case blob(Data)

    /// Text, or NULL when absent.
    static func text(_ value: String?) -> Cell { value.map(Cell.text) ?? .null }

    /// A 64-bit number, or NULL when absent.
    static func number(_ value: Int64?) -> Cell { value.map { .integer(Int($0)) } ?? .nullNumber }

    /// A boolean, stored as 0 or 1 on SQLite and as `boolean` on PostgreSQL.
    static func bool(_ value: Bool) -> Cell { .integer(value ? 1 : 0) }

    /// The value as SQLite stores it: UUIDs as text (as Fluent does), times as seconds since 1970.
    var sqlite: SQLiteData {
        switch self {
        case .text(let text): .text(text)
        case .null, .nullNumber: .null
        case .integer(let number): .integer(number)
        case .real(let number): .float(number)
        case .uuid(let id): .text(id.uuidString)
        case .time(let date): .float(date.timeIntervalSince1970)
        case .blob(let data): .blob(ByteBuffer(bytes: data))
        }
    }

    /// The value for SQLKit binds (PostgreSQL).
    func bind(boolean: Bool) -> any Encodable & Sendable {
        switch self {
        case .text(let text): text
        case .null: String?.none
        case .nullNumber: Int64?.none
        case .integer(let number): boolean ? number != 0 : number
        case .real(let number): number
        case .uuid(let id): id
        case .time(let date): date
        case .blob(let data): data
        }
    }
}

/// Multi-row INSERTs in chunks, the hot path for loading registers. On SQLite it binds
/// `SQLiteData` directly into one prepared multi-row statement (no Codable, no serializer); on
/// PostgreSQL it goes through SQLKit.
struct BulkInsert {
    let table: String
    let columns: [String]
    /// Columns that are `boolean` on PostgreSQL.
    var booleanColumns: Set<String> = []
    /// Rows per statement, far below SQLite's 32,766 and PostgreSQL's 65,535 bind limits.
    static let rowsPerStatement = 500

    func run(_ rows: [[Cell]], on database: any Database) async throws {
        try await run(rows, on: database as! any SQLDatabase)
    }

    /// The same inside an SQLKit transaction (the object is both a Fluent and an SQLKit database).
    func run(_ rows: [[Cell]], on database: any SQLDatabase) async throws {
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + Self.rowsPerStatement, rows.count)]
            if let sqlite = database as? any SQLiteDatabase {
                try await sqlite.query(statement(rows: chunk.count), chunk.flatMap { $0.map(\.sqlite) }) { _ in }
            } else {
                let sql = database
                let booleans = columns.map(booleanColumns.contains)
                var insert = sql.insert(into: table).columns(columns)
                for row in chunk {
                    insert = insert.values(zip(row, booleans).map { $0.bind(boolean: $1) })
                }
                try await insert.run()
            }
            start += chunk.count
        }
    }

    func statement(rows: Int) -> String {
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO \"\(table)\" (\(columns.map { "\"\($0)\"" }.joined(separator: ","))) VALUES "
            + Array(repeating: placeholders, count: rows).joined(separator: ",")
    }
}
