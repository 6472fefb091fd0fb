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
