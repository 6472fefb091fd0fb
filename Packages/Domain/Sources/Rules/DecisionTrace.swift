import Identifiers
/// The explanation of one decision: the version used, the facts, and each rule with its result.
///
/// It is stored with the decision, shown to the caseworker, and turned into a plain-language
/// explanation for the applicant (forvaltningsloven 2025 § 12).
public struct DecisionTrace: Sendable, Codable, Equatable {
    /// The rule set's name.
    public let ruleSet: String
    /// The version used, or nil when none was in force on the application date.
    public let version: String?
    /// The day the application was made, `YYYY-MM-DD`.
    public let applicationDate: String
    /// The facts the rules read, with their values.
    public let facts: [Fact]
    /// Each rule in order, with its value.
    public let rules: [RuleResult]
    /// Each route condition, and whether it held.
    public let routes: [RouteResult]
    /// Whether the grant condition held.
    public let grantConditionHeld: Bool
    /// The outcome.
    public let outcome: Outcome
    /// The reasons for routing, by name.
    public let reasons: [String]

    /// One fact and its value as the rule language writes it (`missing` when not given).
    public struct Fact: Sendable, Codable, Equatable {
        public let name: String
        public let value: String
    }

    /// One rule and its value.
    public struct RuleResult: Sendable, Codable, Equatable {
        public let id: String
        public let legalReference: String
        /// The value, as the rule language writes it.
        public let value: String
        /// For a true-or-false rule, whether it held.
        public let held: Bool?
    }

    /// One route condition and whether it held.
    public struct RouteResult: Sendable, Codable, Equatable {
        public let reason: String
        public let held: Bool
    }
}

extension Decisions {
    /// The trace of one application; nil unless the decisions were made with `traced: true`.
    public func trace(at row: Int) -> DecisionTrace? {
        guard let traces else { return nil }
        let date = CalendarDate(daysSinceEpoch: Int(table.value(slot: 0, row: row))).description
        guard let version = version(at: row) else {
            return DecisionTrace(ruleSet: ruleSet.id, version: nil, applicationDate: date, facts: [], rules: [], routes: [], grantConditionHeld: false, outcome: .route, reasons: reasons(at: row))
        }
        let values = traces[Int(versionIndices[row])]
        func traced(_ column: Int) -> Int64 { values[column * count + row] }
        let facts = version.program.factsUsed.filter { $0 > 0 }.map { slot in
            let fact = ruleSet.facts[slot - 1]
            return DecisionTrace.Fact(name: fact.name, value: render(table.value(slot: slot, row: row), as: fact.type))
        }
        let rules = version.rules.enumerated().map { index, rule in
            let value = traced(index)
            return DecisionTrace.RuleResult(
                id: rule.id, legalReference: rule.legalReference, value: render(value, as: rule.type),
                held: rule.type == .boolean ? value == 1 : nil
            )
        }
        let routes = version.decision.routes.enumerated().map { index, route in
            DecisionTrace.RouteResult(reason: route.reason, held: traced(version.rules.count + index) & 1 == 1)
        }
        let grant = traced(version.rules.count + version.decision.routes.count) & 1 == 1
        return DecisionTrace(
            ruleSet: ruleSet.id, version: version.version, applicationDate: date, facts: facts, rules: rules,
            routes: routes, grantConditionHeld: grant, outcome: outcome(at: row), reasons: reasons(at: row)
        )
    }

    private func render(_ value: Int64, as type: FactType) -> String {
        guard value != missingValue else { return "missing" }
        return switch type {
        case .boolean: value == 1 ? "true" : "false"
        case .integer: String(value)
        case .date: CalendarDate(daysSinceEpoch: Int(value)).description
        case .text: table.texts.text(for: value) ?? "?"
        }
    }
}

extension RuleSet {
    /// Decides one application, with its trace.
    public func decide(applicationDate: CalendarDate, facts: [String: FactValue]) throws(FactInputError) -> (outcome: Outcome, reasons: [String], trace: DecisionTrace) {
        var builder = FactTableBuilder(ruleSet: self, capacity: 1)
        try builder.append(applicationDate: applicationDate, facts: facts)
        let decisions = decide(builder.build(), traced: true)
        return (decisions.outcome(at: 0), decisions.reasons(at: 0), decisions.trace(at: 0)!)
    }
}
