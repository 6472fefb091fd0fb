/// The result of one test case of a rule file.
public struct RuleTestResult: Sendable {
    /// The test case.
    public let test: RuleTestCase
    /// What went differently from the expectation; empty when the test passed.
    public let failures: [String]
    /// The trace of the decision, to show what happened.
    public let trace: DecisionTrace?

    /// Whether the decision matched every expectation.
    public var passed: Bool { failures.isEmpty }
}

extension RuleSet {
    /// Runs the test cases written in the rule file.
    public func runTests() -> [RuleTestResult] {
        tests.map(run)
    }

    private func run(_ test: RuleTestCase) -> RuleTestResult {
        let decision: (outcome: Outcome, reasons: [String], trace: DecisionTrace)
        do {
            decision = try decide(applicationDate: test.applicationDate, facts: test.facts)
        } catch {
            return RuleTestResult(test: test, failures: ["the facts cannot be used: \(error)"], trace: nil)
        }
        var failures: [String] = []
        if decision.outcome != test.expectedOutcome {
            failures.append("expected \(test.expectedOutcome.rawValue), got \(decision.outcome.rawValue) (\(decision.reasons.joined(separator: ", ")))")
        }
        if let expected = test.expectedReasons, Set(expected) != Set(decision.reasons) {
            failures.append("expected the reasons [\(expected.joined(separator: ", "))], got [\(decision.reasons.joined(separator: ", "))]")
        }
        if let expected = test.expectedVersion, expected != decision.trace.version {
            failures.append("expected version \(expected), got \(decision.trace.version ?? "none")")
        }
        for (rule, value) in test.expectedRules.sorted(by: { $0.key < $1.key }) {
            let expected = value.plain
            guard let got = decision.trace.rules.first(where: { $0.id == rule }) else {
                failures.append("rule `\(rule)` is not in version \(decision.trace.version ?? "none")")
                continue
            }
            if got.value != expected { failures.append("expected rule `\(rule)` to be \(expected), got \(got.value)") }
        }
        return RuleTestResult(test: test, failures: failures, trace: decision.trace)
    }
}

extension FactValue {
    /// The value as a trace writes it: texts without quotes.
    public var plain: String {
        if case .text(let text) = self { return text }
        return description
    }
}
