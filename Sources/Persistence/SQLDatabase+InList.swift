import SQLKit

extension Array {
    /// The array in pieces of at most `size`, to keep a statement's binds well under every limit.
    func pieces(of size: Int = 500) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension SQLDatabase {
    /// Runs `head` + `(v1, …, vn)` + `tail` for each piece of `values` (every value bound) and
    /// returns the rows of all of them.
    func all(_ head: SQLQueryString, in values: [some Encodable & Sendable], _ tail: String = "") async throws -> [any SQLRow] {
        var rows: [any SQLRow] = []
        for piece in values.pieces() { rows += try await raw(Self.query(head, Array(piece), tail)).all() }
        return rows
    }

    /// The rows of `select` (which ends in `WHERE` or `AND`) whose text `column` is one of `values`.
    /// On PostgreSQL each value is one index probe (`unnest` and `LATERAL … OFFSET 0`), whatever the
    /// planner's statistics say: with an IN list and young statistics it read whole tables instead
    /// (46 ms for 500 idempotency keys; 16 ms for 250 people and their contact entries). Elsewhere
    /// IN lists of at most 500. The select's column names must be distinct.
    func all(_ select: SQLQueryString, where column: String, in values: [String]) async throws -> [any SQLRow] {
        let values = Array(Set(values))
        guard !values.isEmpty else { return [] }
        guard dialect.name == "postgresql" else { return try await all(select + " \(unsafeRaw: column) IN", in: values) }
        return try await raw("SELECT m.* FROM unnest(\(bind: values)::text[]) AS k(key) CROSS JOIN LATERAL ("
                             + select + " \(unsafeRaw: column) = k.key OFFSET 0) m").all()
    }

    /// The same for statements that return nothing (updates).
    func run(_ head: SQLQueryString, in values: [some Encodable & Sendable], _ tail: String = "") async throws {
        for piece in values.pieces() { try await raw(Self.query(head, Array(piece), tail)).run() }
    }

    private static func query(_ head: SQLQueryString, _ values: [some Encodable & Sendable], _ tail: String) -> SQLQueryString {
        var query = head
        query.appendLiteral("(")
        query.appendInterpolation(binds: values)
        query.appendLiteral(")" + tail)
        return query
    }
}
