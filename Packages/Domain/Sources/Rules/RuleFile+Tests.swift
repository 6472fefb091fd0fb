import Yams

extension RuleFileReader {
    mutating func testCase(_ node: Node, facts: [FactDefinition], ruleTypes: [String: FactType], versions: [String], earlier: [RuleTestCase]) throws(RuleFileError) -> RuleTestCase {
        let keys = try mapping(node, "a test", allowed: ["name", "like", "application_date", "facts", "expect"], required: ["name", "application_date", "facts", "expect"])
        let name = try string(keys["name"]!, "the test's name")
        guard !earlier.contains(where: { $0.name == name }) else { throw fail(keys["name"], "two tests are called \"\(name)\"") }
        let date = try date(keys["application_date"]!, "application_date")
        var values: [String: FactValue] = [:]
        if let like = keys["like"] {
            let base = try string(like, "like")
            guard let test = earlier.first(where: { $0.name == base }) else { throw fail(like, "test \"\(name)\": there is no earlier test called \"\(base)\"") }
            values = test.facts
        }
        for (fact, keyNode, value) in try pairs(keys["facts"]!, "the facts of test \"\(name)\"") {
            guard let definition = facts.first(where: { $0.name == fact }) else {
                throw fail(keyNode, "test \"\(name)\": `\(fact)` is not a fact of this rule set")
            }
            values[fact] = try self.value(value, as: definition.type, "test \"\(name)\": `\(fact)`")
        }
        let expect = try mapping(keys["expect"]!, "the expectation of test \"\(name)\"", allowed: ["outcome", "reasons", "rules", "version"], required: ["outcome"])
        let outcomeText = try string(expect["outcome"]!, "the expected outcome")
        guard let outcome = Outcome(rawValue: outcomeText) else {
            let hint = outcomeText == "refuse" ? "; rules never refuse, they route to a caseworker" : ""
            throw fail(expect["outcome"], "test \"\(name)\": the outcome must be grant or route, not `\(outcomeText)`\(hint)")
        }
        var reasons: [String]?
        if let node = expect["reasons"] {
            reasons = []
            for reason in try sequence(node, "the expected reasons") { reasons!.append(try string(reason, "a reason")) }
        }
        var rules: [String: FactValue] = [:]
        if let node = expect["rules"] {
            for (rule, keyNode, value) in try pairs(node, "the expected rules") {
                guard let type = ruleTypes[rule] else { throw fail(keyNode, "test \"\(name)\": `\(rule)` is not a rule of this rule set") }
                rules[rule] = try self.value(value, as: type, "test \"\(name)\": rule `\(rule)`")
            }
        }
        var version: String?
        if let node = expect["version"] {
            version = try string(node, "the expected version")
            guard versions.contains(version!) else { throw fail(node, "test \"\(name)\": there is no version `\(version!)`") }
        }
        return RuleTestCase(
            name: name, applicationDate: date, facts: values, expectedOutcome: outcome, expectedReasons: reasons,
            expectedRules: rules, expectedVersion: version, line: line(node)
        )
    }
}
