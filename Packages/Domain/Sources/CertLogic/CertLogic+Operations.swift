/// The operations that need more than a line.
extension CertLogic {
    /// `{"var": "a.0.b"}`: members and array indexes by a dotted path; "" is the data itself; a
    /// missing member is null.
    static func variable(_ operand: JSONValue, in data: JSONValue) throws(Failure) -> Value {
        let path: String
        switch operand {
        case .string(let text): path = text
        case .int(let index): path = String(index)
        default: throw Failure(operation: "var", reason: "needs a path as a string")
        }
        guard !path.isEmpty else { return Value(data) }
        var current = data
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            switch current {
            case .object(let members): current = members[String(segment)] ?? .null
            case .array(let items):
                guard let index = Int(segment), items.indices.contains(index) else { return .null }
                current = items[index]
            default: return .null
            }
        }
        return Value(current)
    }

    static func integers(_ values: [Value], _ fail: (String) -> Failure) throws(Failure) -> [Double] {
        var numbers: [Double] = []
        for value in values {
            guard case .int(let number) = value else { throw fail("compares integers only") }
            numbers.append(Double(number))
        }
        return numbers
    }

    static func dateTimes(_ values: [Value], _ fail: (String) -> Failure) throws(Failure) -> [Double] {
        var moments: [Double] = []
        for value in values {
            guard case .dateTime(let moment) = value else { throw fail("compares date-times only (made with plusTime or dccDateOfBirth)") }
            moments.append(moment)
        }
        return moments
    }

    /// a < b, or a < b < c for three operands (and likewise for the other comparisons).
    static func chain(_ values: [Double], _ comparison: String) -> Bool {
        zip(values, values.dropFirst()).allSatisfy { a, b in
            switch comparison {
            case "<": a < b
            case ">": a > b
            case "<=": a <= b
            default: a >= b
            }
        }
    }

    /// `{"plusTime": [date-time, amount, unit]}`, unit one of year, month, day, hour.
    static func plusTime(_ values: [Value], _ fail: (String) -> Failure) throws(Failure) -> Value {
        guard case .string(let text) = values[0], let moment = ISODate.dateTime(text) else {
            throw fail("needs a date or date-time string (ISO 8601) as its first operand")
        }
        guard case .int(let amount) = values[1], abs(amount) <= 100_000 else { throw fail("needs an integer amount") }
        guard case .string(let unit) = values[2] else { throw fail("needs a unit") }
        switch unit {
        case "hour": return .dateTime(moment + Double(amount) * 3600)
        case "day": return .dateTime(moment + Double(amount) * 86_400)
        case "month": return .dateTime(ISODate.adding(months: Int(amount), to: moment))
        case "year": return .dateTime(ISODate.adding(months: Int(amount) * 12, to: moment))
        default: throw fail("knows the units year, month, day and hour, not \"\(unit)\"")
        }
    }

    /// `{"reduce": [array, lambda, initial]}`: the lambda sees `current` and `accumulator`.
    static func reduce(_ operands: [JSONValue], _ data: JSONValue, depth: Int, _ fail: (String) -> Failure) throws(Failure) -> Value {
        guard operands.count == 3 else { throw fail("takes an array, a lambda and an initial value") }
        let array = try evaluateValue(operands[0], data, depth: depth)
        var accumulator = try evaluateValue(operands[2], data, depth: depth)
        switch array {
        case .null: return accumulator
        case .array(let items):
            for item in items {
                let scope: JSONValue = .object(["current": item.json, "accumulator": accumulator.json])
                accumulator = try evaluateValue(operands[1], scope, depth: depth)
            }
            return accumulator
        default: throw fail("needs an array or null as its first operand")
        }
    }

    /// The fragment at `index` of a UVCI split at `/`, `#` and `:`, after an optional
    /// `URN:UVCI:` prefix.
    static func extract(from uvci: String, index: Int) -> String? {
        let body = uvci.hasPrefix("URN:UVCI:") ? String(uvci.dropFirst(9)) : uvci
        let fragments = body.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "#" || $0 == ":" }
        return fragments.indices.contains(index) ? String(fragments[index]) : nil
    }
}

/// A value during evaluation: JSON, plus the date-time that `plusTime` and `dccDateOfBirth`
/// make (seconds since 1970 UTC).
enum Value: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([Value])
    case object([String: JSONValue])
    case dateTime(Double)

    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = value.rounded() == value && abs(value) < 9e15 ? .int(Int64(value)) : .double(value)
        case .string(let value): self = .string(value)
        case .array(let items): self = .array(items.map(Value.init))
        case .object(let members): self = .object(members)
        }
    }

    var json: JSONValue {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        case .array(let items): .array(items.map(\.json))
        case .object(let members): .object(members)
        case .dateTime(let moment): .string(ISODate.format(dateTime: moment))
        }
    }

    var truthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .array(let items): !items.isEmpty
        case .object(let members): !members.isEmpty
        case .dateTime: true
        }
    }
}
