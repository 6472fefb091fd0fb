/// A condition or value in a rule, as parsed from a rule file.
///
/// The language is small on purpose: facts and earlier rules by name, literals, `and`, `or`,
/// `not`, comparisons, `+` and `-`, `x in [a, b]`, and the functions in ``RuleFunction``.
public indirect enum Expression: Sendable, Hashable {
    /// A literal value: `true`, `18`, `2022-02-24` or `"UKR"`.
    case literal(FactValue)
    /// A fact, an earlier rule or the built-in `application_date`.
    case name(String)
    /// `not x`.
    case not(Expression)
    /// `x and y`, `x or y`.
    case logical(LogicalOperator, Expression, Expression)
    /// `x == y`, `x < y` and so on. A comparison with a missing value is false.
    case comparison(ComparisonOperator, Expression, Expression)
    /// `x + y`, `x - y` on integers; a date minus a date is a number of days.
    case arithmetic(ArithmeticOperator, Expression, Expression)
    /// `x in ["a", "b"]`.
    case member(Expression, [FactValue])
    /// `years_between(date_of_birth, application_date)` and the other functions.
    case call(RuleFunction, [Expression])
    /// The value of the first row of a decision table that matches: `if c then a else b`.
    case select(Expression, Expression, Expression)

    /// The names of facts and rules the expression reads.
    public var names: Set<String> {
        switch self {
        case .literal: []
        case .name(let name): [name]
        case .not(let inner): inner.names
        case .logical(_, let l, let r), .comparison(_, let l, let r), .arithmetic(_, let l, let r): l.names.union(r.names)
        case .member(let inner, _): inner.names
        case .call(_, let arguments): arguments.reduce(into: Set()) { $0.formUnion($1.names) }
        case .select(let c, let a, let b): c.names.union(a.names).union(b.names)
        }
    }
}

/// `and` and `or`.
public enum LogicalOperator: String, Sendable, Hashable {
    case and, or
}

/// The six comparisons.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// `+` and `-`.
public enum ArithmeticOperator: String, Sendable, Hashable {
    case plus = "+", minus = "-"
}

/// The functions a rule may call.
public enum RuleFunction: String, Sendable, Hashable, CaseIterable {
    /// `missing(fact)`: true when the application does not give the fact.
    case missing
    /// `known(fact)`: true when it does.
    case known
    /// `years_between(earlier, later)`: whole years, such as an age.
    case yearsBetween = "years_between"
    /// `days_between(earlier, later)`: days from one date to another.
    case daysBetween = "days_between"

    var arity: Int {
        switch self {
        case .missing, .known: 1
        case .yearsBetween, .daysBetween: 2
        }
    }
}

extension Expression: CustomStringConvertible {
    /// The expression written back in the rule language, fully parenthesised where it matters.
    public var description: String {
        switch self {
        case .literal(let value): value.description
        case .name(let name): name
        case .not(let inner): "not \(inner.grouped)"
        case .logical(let op, let l, let r): "\(l.grouped) \(op.rawValue) \(r.grouped)"
        case .comparison(let op, let l, let r): "\(l.grouped) \(op.rawValue) \(r.grouped)"
        case .arithmetic(let op, let l, let r): "\(l.grouped) \(op.rawValue) \(r.grouped)"
        case .member(let inner, let values): "\(inner.grouped) in [\(values.map(\.description).joined(separator: ", "))]"
        case .call(let function, let arguments): "\(function.rawValue)(\(arguments.map(\.description).joined(separator: ", ")))"
        case .select(let c, let a, let b): "(if \(c) then \(a) else \(b))"
        }
    }

    private var grouped: String {
        switch self {
        case .literal, .name, .call, .not, .select: description
        default: "(\(description))"
        }
    }
}
