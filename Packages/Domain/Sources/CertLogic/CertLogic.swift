/// An evaluator for CertLogic, the subset of JsonLogic that EU DCC business rules are written in
/// (ehn-dcc-development/dgc-business-rules, certlogic specification 1.x).
///
/// Operations: `var`, `if`, `===`, `!==`, `and`, `or`, `!`, `<`, `>`, `<=`, `>=` (integers, two or
/// three operands), `in`, `+`, `plusTime`, `before`, `after`, `not-before`, `not-after`,
/// `reduce`, `extractFromUVCI` and `dccDateOfBirth`. Anything else is an error, never a guess.
public enum CertLogic {
    /// Why an expression could not be evaluated.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The operation, or "expression" when the shape itself is wrong.
        public var operation: String
        /// What is wrong.
        public var reason: String

        public var description: String { "\(operation): \(reason)" }

        /// A failure of `operation`.
        public init(operation: String, reason: String) {
            self.operation = operation
            self.reason = reason
        }
    }

    /// The deepest nesting an expression may have.
    public static let depthLimit = 64

    /// `expression` evaluated against `data`.
    public static func evaluate(_ expression: JSONValue, data: JSONValue) throws(Failure) -> JSONValue {
        try evaluateValue(expression, data, depth: 0).json
    }

    /// Whether a result counts as true (CertLogic's truthiness): `true`, a non-zero integer, a
    /// non-empty string, array or object, or a date-time.
    public static func isTruthy(_ value: JSONValue) -> Bool { Value(value).truthy }

    static func evaluateValue(_ expression: JSONValue, _ data: JSONValue, depth: Int) throws(Failure) -> Value {
        guard depth < depthLimit else { throw Failure(operation: "expression", reason: "is nested deeper than \(depthLimit) levels") }
        switch expression {
        case .array(let items):
            var values: [Value] = []
            for item in items { values.append(try evaluateValue(item, data, depth: depth + 1)) }
            return .array(values)
        case .object(let members):
            guard members.count == 1, let (operation, operand) = members.first else {
                throw Failure(operation: "expression", reason: "an operation is an object with exactly one key, not \(members.count)")
            }
            let operands: [JSONValue] = if case .array(let items) = operand { items } else { [operand] }
            return try apply(operation, operands, data, depth: depth + 1)
        default:
            return Value(expression)
        }
    }

    private static func apply(_ operation: String, _ operands: [JSONValue], _ data: JSONValue, depth: Int) throws(Failure) -> Value {
        func fail(_ reason: String) -> Failure { Failure(operation: operation, reason: reason) }
        func arguments(_ counts: ClosedRange<Int>) throws(Failure) -> [Value] {
            guard counts.contains(operands.count) else {
                throw fail("takes \(counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)") operands, not \(operands.count)")
            }
            var values: [Value] = []
            for operand in operands { values.append(try evaluateValue(operand, data, depth: depth)) }
            return values
        }
        switch operation {
        case "var":
            guard operands.count == 1 else { throw fail("takes one path") }
            return try variable(operands[0], in: data)
        case "if":
            guard operands.count == 3 else { throw fail("takes a guard, a then and an else, not \(operands.count) operands") }
            let condition = try evaluateValue(operands[0], data, depth: depth)
            return try evaluateValue(condition.truthy ? operands[1] : operands[2], data, depth: depth)
        case "and", "or":
            guard !operands.isEmpty else { throw fail("takes at least one operand") }
            var last = Value.null
            for operand in operands {
                last = try evaluateValue(operand, data, depth: depth)
                if last.truthy == (operation == "or") { return last }
            }
            return last
        case "!":
            return .bool(!(try arguments(1...1))[0].truthy)
        case "===", "!==":
            let values = try arguments(2...2)
            return .bool((values[0] == values[1]) == (operation == "==="))
        case "<", ">", "<=", ">=":
            let numbers = try integers(try arguments(2...3), fail)
            return .bool(chain(numbers, operation))
        case "before", "after", "not-before", "not-after":
            let moments = try dateTimes(try arguments(2...3), fail)
            let comparison = ["before": "<", "after": ">", "not-before": ">=", "not-after": "<="][operation]!
            return .bool(chain(moments, comparison))
        case "in":
            let values = try arguments(2...2)
            guard case .array(let items) = values[1] else { throw fail("needs an array as its second operand") }
            return .bool(items.contains(values[0]))
        case "+":
            return .int(Int64(try integers(try arguments(1...64), fail).reduce(0, +)))
        case "plusTime":
            let values = try arguments(3...3)
            return try plusTime(values, fail)
        case "reduce":
            return try reduce(operands, data, depth: depth, fail)
        case "extractFromUVCI":
            let values = try arguments(2...2)
            guard case .int(let index) = values[1] else { throw fail("needs an integer index") }
            guard case .string(let uvci) = values[0] else { return .null }
            return extract(from: uvci, index: Int(index)).map(Value.string) ?? .null
        case "dccDateOfBirth":
            let values = try arguments(1...1)
            guard case .string(let text) = values[0], let moment = ISODate.partialDate(text) else {
                throw fail("needs a date of birth as YYYY, YYYY-MM or YYYY-MM-DD")
            }
            return .dateTime(moment)
        default:
            throw Failure(operation: operation, reason: "is not a CertLogic operation")
        }
    }
}
