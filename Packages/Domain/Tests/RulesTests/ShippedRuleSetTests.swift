import Foundation
import Localization
import Testing
@testable import Rules
import Identifiers

/// The rule files shipped in `rules/` at the top of the repository.
enum ShippedRules {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules")

    static func collectiveProtection() throws -> RuleSet {
        try RuleFile.load(path: directory.appendingPathComponent("collective-protection.yaml").path)
    }
}

@Suite("The shipped 2022 collective-protection rules")
struct ShippedRuleSetTests {
    @Test("every test case written in the rule file passes")
    func embeddedTestsPass() throws {
        let ruleSet = try ShippedRules.collectiveProtection()
        let results = ruleSet.runTests()
        #expect(results.count >= 16)
        for result in results where !result.passed {
            Issue.record("\(result.test.name) (line \(result.test.line)): \(result.failures.joined(separator: "; "))")
        }
    }

    @Test("a decision keeps a trace of the version, the facts used and each rule with its legal reference")
    func traceHoldsEverything() throws {
        let ruleSet = try ShippedRules.collectiveProtection()
        let decision = try ruleSet.decide(applicationDate: CalendarDate(iso8601: "2022-04-01")!, facts: [
            "citizenship": .text("UKR"), "lived_in_ukraine": .boolean(true), "left_ukraine_on": .date(CalendarDate(iso8601: "2022-03-02")!),
            "relationship_to_principal": .text("none"), "date_of_birth": .date(CalendarDate(iso8601: "1985-06-14")!),
            "identity_documented": .boolean(true), "address_in_norway": .boolean(true),
        ])
        #expect(decision.outcome == .grant)
        #expect(decision.trace.version == "2022.1")
        #expect(decision.trace.facts.first { $0.name == "citizenship" }?.value == "UKR")
        #expect(decision.trace.facts.first { $0.name == "protection_in_ukraine" }?.value == "missing")
        let resident = try #require(decision.trace.rules.first { $0.id == "ukrainian_resident" })
        #expect(resident.held == true)
        #expect(resident.legalReference == "utlendingsforskriften § 7-5 a første ledd bokstav a")
        #expect(decision.trace.rules.first { $0.id == "age" }?.value == "36")
        #expect(decision.trace.routes.map(\.held) == [false, false, false])
        #expect(decision.trace.grantConditionHeld)
    }
}
