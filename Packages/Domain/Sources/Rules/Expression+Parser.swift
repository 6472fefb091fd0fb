import Identifiers
/// A fault in the text of a condition, with the character where it was found (from 1).
public struct ExpressionSyntaxError: Error, Sendable, Equatable {
    /// Where in the condition text, counting characters from 1.
    public let column: Int
    /// What is wrong, in a sentence.
    public let problem: String
}

extension Expression {
    /// Parses a condition such as `citizenship == "UKR" and not missing(date_of_birth)`.
    public static func parse(_ text: String) throws(ExpressionSyntaxError) -> Expression {
        var parser = ExpressionParser(tokens: try ExpressionLexer.tokens(text), length: text.count)
        let expression = try parser.parseOr()
        guard parser.atEnd else { throw parser.error("unexpected \(parser.peekDescription) after a complete condition") }
        return expression
    }
}

enum ExpressionToken: Equatable {
    case identifier(String)
    case integer(Int64)
    case date(CalendarDate)
    case text(String)
    case symbol(String)
}

enum ExpressionLexer {
    static let symbols = ["==", "!=", "<=", ">=", "<", ">", "+", "-", "(", ")", "[", "]", ","]

    static func tokens(_ text: String) throws(ExpressionSyntaxError) -> [(token: ExpressionToken, column: Int)] {
        let characters = Array(text)
        guard characters.count <= 10_000 else { throw ExpressionSyntaxError(column: 1, problem: "the condition is longer than 10,000 characters") }
        var result: [(ExpressionToken, Int)] = []
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let column = i + 1
            if c.isWhitespace { i += 1; continue }
            if c.isASCII && (c.isLetter || c == "_") {
                var j = i
                while j < characters.count, characters[j].isASCII, characters[j].isLetter || characters[j].isNumber || characters[j] == "_" { j += 1 }
                result.append((.identifier(String(characters[i..<j])), column)); i = j; continue
            }
            if c.isASCII && c.isNumber {
                var j = i
                while j < characters.count, characters[j].isASCII, characters[j].isNumber || characters[j] == "-" { j += 1 }
                let word = String(characters[i..<j])
                if word.contains("-") {
                    guard let date = CalendarDate.strict(word) else { throw ExpressionSyntaxError(column: column, problem: "`\(word)` is not a date of the form YYYY-MM-DD that exists") }
                    result.append((.date(date), column))
                } else {
                    guard let number = Int64(word), number <= 1_000_000_000_000 else { throw ExpressionSyntaxError(column: column, problem: "the number `\(word)` is too large") }
                    result.append((.integer(number), column))
                }
                i = j; continue
            }
            if c == "\"" || c == "'" {
                var j = i + 1
                while j < characters.count, characters[j] != c { j += 1 }
                guard j < characters.count else { throw ExpressionSyntaxError(column: column, problem: "the text starting here has no closing \(c)") }
                result.append((.text(String(characters[(i + 1)..<j])), column)); i = j + 1; continue
            }
            let two = i + 1 < characters.count ? String(characters[i...i + 1]) : ""
            if symbols.contains(two) { result.append((.symbol(two), column)); i += 2; continue }
            if symbols.contains(String(c)) { result.append((.symbol(String(c)), column)); i += 1; continue }
            if c == "=" { throw ExpressionSyntaxError(column: column, problem: "use `==` to compare, not `=`") }
            throw ExpressionSyntaxError(column: column, problem: "the character `\(c)` has no meaning in a condition")
        }
        return result
    }
}

struct ExpressionParser {
    let tokens: [(token: ExpressionToken, column: Int)]
    let length: Int
    var position = 0
    var depth = 0

    init(tokens: [(token: ExpressionToken, column: Int)], length: Int) {
        self.tokens = tokens
        self.length = length
    }

    var atEnd: Bool { position >= tokens.count }
    var peek: ExpressionToken? { atEnd ? nil : tokens[position].token }
    var peekDescription: String {
        switch peek {
        case nil: "the end"
        case .identifier(let name): "`\(name)`"
        case .integer(let n): "`\(n)`"
        case .date(let d): "`\(d)`"
        case .text(let t): "\"\(t)\""
        case .symbol(let s): "`\(s)`"
        }
    }

    func error(_ problem: String) -> ExpressionSyntaxError {
        ExpressionSyntaxError(column: atEnd ? length + 1 : tokens[position].column, problem: problem)
    }

    mutating func take(_ symbol: String) -> Bool {
        guard peek == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    mutating func takeKeyword(_ word: String) -> Bool {
        guard peek == .identifier(word) else { return false }
        position += 1
        return true
    }

    mutating func parseOr() throws(ExpressionSyntaxError) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth < 64 else { throw error("the condition nests more than 64 levels deep") }
        var left = try parseAnd()
        while takeKeyword("or") { left = .logical(.or, left, try parseAnd()) }
        return left
    }

    mutating func parseAnd() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseNot()
        while takeKeyword("and") { left = .logical(.and, left, try parseNot()) }
        return left
    }

    mutating func parseNot() throws(ExpressionSyntaxError) -> Expression {
        if takeKeyword("not") {
            depth += 1
            defer { depth -= 1 }
            guard depth < 64 else { throw error("the condition nests more than 64 levels deep") }
            return .not(try parseNot())
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws(ExpressionSyntaxError) -> Expression {
        let left = try parseSum()
        for op in ComparisonOperator.allCases where take(op.rawValue) {
            return .comparison(op, left, try parseSum())
        }
        if takeKeyword("in") {
            guard take("[") else { throw error("expected `[` to start the list after `in`") }
            var values: [FactValue] = []
            repeat {
                guard let value = literal() else { throw error("a list after `in` holds only literal values, not \(peekDescription)") }
                values.append(value)
                position += 1
            } while take(",")
            guard take("]") else { throw error("expected `]` or `,` in the list, not \(peekDescription)") }
            return .member(left, values)
        }
        return left
    }

    mutating func parseSum() throws(ExpressionSyntaxError) -> Expression {
        var left = try parsePrimary()
        while true {
            if take("+") { left = .arithmetic(.plus, left, try parsePrimary()) }
            else if take("-") { left = .arithmetic(.minus, left, try parsePrimary()) }
            else { return left }
        }
    }

    func literal() -> FactValue? {
        switch peek {
        case .integer(let n): .integer(n)
        case .date(let d): .date(d)
        case .text(let t): .text(t)
        case .identifier("true"): .boolean(true)
        case .identifier("false"): .boolean(false)
        default: nil
        }
    }

    mutating func parsePrimary() throws(ExpressionSyntaxError) -> Expression {
        if let value = literal() { position += 1; return .literal(value) }
        if take("-") {
            guard case .integer(let n) = peek else { throw error("`-` must be followed by a number here") }
            position += 1
            return .literal(.integer(-n))
        }
        if take("(") {
            let inner = try parseOr()
            guard take(")") else { throw error("expected `)` to close the bracket, not \(peekDescription)") }
            return inner
        }
        guard case .identifier(let name) = peek else { throw error("expected a fact, a value or `(`, not \(peekDescription)") }
        guard !["and", "or", "not", "in"].contains(name) else { throw error("`\(name)` needs a condition before it") }
        let nameColumn = tokens[position].column
        position += 1
        guard take("(") else { return .name(name) }
        guard let function = RuleFunction(rawValue: name) else {
            throw ExpressionSyntaxError(column: nameColumn, problem: "`\(name)` is not a function; the functions are \(RuleFunction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var arguments: [Expression] = []
        if !take(")") {
            repeat { arguments.append(try parseOr()) } while take(",")
            guard take(")") else { throw error("expected `)` or `,` in the call to \(name), not \(peekDescription)") }
        }
        guard arguments.count == function.arity else {
            throw ExpressionSyntaxError(column: nameColumn, problem: "\(name) takes \(function.arity) value\(function.arity == 1 ? "" : "s"), not \(arguments.count)")
        }
        return .call(function, arguments)
    }
}
