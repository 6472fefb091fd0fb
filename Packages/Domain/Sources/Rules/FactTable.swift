import Identifiers
/// Applications as columns of facts, ready for the engine: one column a fact, one row an application.
public struct FactTable: Sendable {
    /// How many applications.
    public let count: Int
    /// Columns, including slot 0 for `application_date`.
    let factCount: Int
    /// The values, column by column.
    let values: [Int64]
    /// The numbers of the texts in `values`.
    let texts: TextInterner

    /// The value of one fact of one application.
    func value(slot: Int, row: Int) -> Int64 { values[slot * count + row] }

    /// The rows whose indices are given, as a new table.
    func rows(_ indices: [Int]) -> FactTable {
        var picked: [Int64] = []
        picked.reserveCapacity(indices.count * factCount)
        for slot in 0..<factCount {
            let base = slot * count
            for row in indices { picked.append(values[base + row]) }
        }
        return FactTable(count: indices.count, factCount: factCount, values: picked, texts: texts)
    }
}

/// A fact in an application that the rule set cannot take.
public struct FactInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The fact's name.
    public let fact: String
    /// What is wrong.
    public let problem: String

    public var description: String { "\(fact): \(problem)" }
}

/// Builds a ``FactTable`` one application at a time, checking each fact against the rule set.
public struct FactTableBuilder: Sendable {
    private let slots: [String: (slot: Int, fact: FactDefinition)]
    private var columns: [[Int64]]
    private var texts: TextInterner
    private var count = 0

    /// A builder for applications to a rule set.
    public init(ruleSet: RuleSet, capacity: Int = 0) {
        var slots: [String: (Int, FactDefinition)] = [:]
        for (index, fact) in ruleSet.facts.enumerated() { slots[fact.name] = (index + 1, fact) }
        self.slots = slots
        columns = Array(repeating: [], count: ruleSet.facts.count + 1)
        for index in columns.indices { columns[index].reserveCapacity(capacity) }
        texts = ruleSet.texts
    }

    /// Adds an application. A fact it does not give is missing; a fact the rule set does not know,
    /// or a value of the wrong type or outside the fact's list, is refused and nothing is added.
    public mutating func append(applicationDate: CalendarDate, facts: [String: FactValue]) throws(FactInputError) {
        var row = Array(repeating: missingValue, count: columns.count)
        row[0] = Int64(applicationDate.daysSinceEpoch)
        for (name, value) in facts {
            guard let (slot, fact) = slots[name] else {
                throw FactInputError(fact: name, problem: "the rule set has no fact of this name")
            }
            row[slot] = try encode(value, for: fact)
        }
        for (slot, value) in row.enumerated() { columns[slot].append(value) }
        count += 1
    }

    private mutating func encode(_ value: FactValue, for fact: FactDefinition) throws(FactInputError) -> Int64 {
        switch (value, fact.type) {
        case (.missing, _): return missingValue
        case (.boolean(let b), .boolean): return b ? 1 : 0
        case (.integer(let n), .integer):
            guard n != missingValue else { throw FactInputError(fact: fact.name, problem: "the number is out of range") }
            return n
        case (.date(let d), .date): return Int64(d.daysSinceEpoch)
        case (.text(let t), .text):
            if let allowed = fact.allowedValues, !allowed.contains(t) {
                throw FactInputError(fact: fact.name, problem: "\"\(t)\" is not one of \(allowed.joined(separator: ", "))")
            }
            guard t.utf8.count <= 200 else { throw FactInputError(fact: fact.name, problem: "the text is longer than 200 bytes") }
            return texts.id(for: t)
        default:
            throw FactInputError(fact: fact.name, problem: "\(value) is not \(fact.type.phrase)")
        }
    }

    /// The table of everything added.
    public func build() -> FactTable {
        FactTable(count: count, factCount: columns.count, values: Array(columns.joined()), texts: texts)
    }
}
