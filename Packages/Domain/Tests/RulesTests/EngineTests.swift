import Foundation
import Identifiers
import Testing
@testable import Rules
import RulesBench

@Suite("The vectorised engine")
struct EngineTests {
    static func table(_ ruleSet: RuleSet, _ applications: [ProtectionApplication]) throws -> FactTable {
        var builder = FactTableBuilder(ruleSet: ruleSet, capacity: applications.count)
        for application in applications {
            try builder.append(applicationDate: CalendarDate(daysSinceEpoch: Int(application.applicationDate)), facts: application.facts)
        }
        return builder.build()
    }

    @Test("decides 20,000 generated applications exactly as the same rules written in Swift")
    func agreesWithSwift() throws {
        let ruleSet = try ShippedRules.collectiveProtection()
        let applications = ProtectionApplication.wave(count: 20_000, seed: 7)
        let decisions = ruleSet.decide(try Self.table(ruleSet, applications))
        var granted = 0
        for (row, application) in applications.enumerated() {
            let expected = application.decideInSwift()
            #expect(decisions.outcome(at: row) == (expected.grant ? .grant : .route), "row \(row)")
            #expect(decisions.reasonBits[row] == expected.reasons, "row \(row)")
            granted += expected.grant ? 1 : 0
        }
        #expect(decisions.grantedCount == granted)
        // The wave is realistic: most are granted, and every route reason occurs.
        #expect(granted > 14_000 && granted < 19_000)
        for bit in 0..<4 { #expect(decisions.reasonBits.contains { $0 & (1 << UInt32(bit)) != 0 }, "reason bit \(bit) never occurs") }
    }

    @Test("two threads, a partial last batch and traces change nothing in the outcome")
    func threadsAndTraces() throws {
        let ruleSet = try ShippedRules.collectiveProtection()
        let table = try Self.table(ruleSet, ProtectionApplication.wave(count: 5_000 + 17, seed: 11))
        let plain = ruleSet.decide(table)
        let traced = ruleSet.decide(table, traced: true, threads: 2)
        #expect(plain.outcomes == traced.outcomes)
        #expect(plain.reasonBits == traced.reasonBits)
        #expect(plain.trace(at: 0) == nil)
        for row in [0, 511, 512, 2_600, 5_016] {
            let facts = ProtectionApplication.wave(count: 5_017, seed: 11)[row].facts
            let date = CalendarDate(daysSinceEpoch: Int(table.value(slot: 0, row: row)))
            let single = try ruleSet.decide(applicationDate: date, facts: facts)
            #expect(traced.trace(at: row) == single.trace, "row \(row)")
        }
    }

    @Test("an application is decided by the version in force on its application date")
    func versionInForce() throws {
        let versions = Fixture.version("v1", from: "2022-01-01", to: "2022-06-30")
            + "\n" + Fixture.version("v2", from: "2022-07-01", to: nil, rules: Fixture.defaultRules.replacingOccurrences(of: "age >= 18", with: "age >= 16"))
        let ruleSet = try RuleFile.parse(Fixture.rules(versions: versions), file: "fixture.yaml")
        let facts: [String: FactValue] = ["age": .integer(17), "citizenship": .text("NOR")]
        let before = try ruleSet.decide(applicationDate: CalendarDate(iso8601: "2022-06-30")!, facts: facts)
        let after = try ruleSet.decide(applicationDate: CalendarDate(iso8601: "2022-07-01")!, facts: facts)
        #expect(before.outcome == .route && before.trace.version == "v1")
        #expect(after.outcome == .grant && after.trace.version == "v2")
        let early = try ruleSet.decide(applicationDate: CalendarDate(iso8601: "2021-12-31")!, facts: facts)
        #expect(early.outcome == .route && early.reasons == [RuleSet.noVersionReason] && early.trace.version == nil)

        var builder = FactTableBuilder(ruleSet: ruleSet)
        for day in ["2022-06-30", "2022-07-01", "2021-12-31", "2022-08-01", "2022-01-01"] {
            try builder.append(applicationDate: CalendarDate(iso8601: day)!, facts: facts)
        }
        let mixed = ruleSet.decide(builder.build(), traced: true)
        #expect((0..<5).map { mixed.outcome(at: $0) } == [.route, .grant, .route, .grant, .route])
        #expect((0..<5).map { mixed.version(at: $0)?.version } == ["v1", "v2", nil, "v2", "v1"])
        #expect(mixed.trace(at: 1)?.rules.first?.held == true)
        #expect(mixed.trace(at: 4)?.rules.first?.held == false)
    }

    @Test("facts the rule set cannot take are refused by name and nothing is added")
    func badFacts() throws {
        let ruleSet = try ShippedRules.collectiveProtection()
        var builder = FactTableBuilder(ruleSet: ruleSet)
        let day = CalendarDate(iso8601: "2022-04-01")!
        #expect(throws: FactInputError(fact: "shoe_size", problem: "the rule set has no fact of this name")) {
            try builder.append(applicationDate: day, facts: ["shoe_size": .integer(42)])
        }
        #expect(throws: FactInputError(fact: "date_of_birth", problem: "\"yesterday\" is not a date")) {
            try builder.append(applicationDate: day, facts: ["date_of_birth": .text("yesterday")])
        }
        #expect(throws: FactInputError(fact: "relationship_to_principal", problem: "\"aunt\" is not one of none, spouse, cohabitant, child, household_member")) {
            try builder.append(applicationDate: day, facts: ["relationship_to_principal": .text("aunt")])
        }
        #expect(builder.build().count == 0)
    }
}

@Suite("The rule language")
struct ExpressionTests {
    @Test("and binds tighter than or, and not tighter than both")
    func precedence() throws {
        #expect(try Expression.parse("a or b and not c").description == "a or (b and not c)")
        #expect(try Expression.parse("(a or b) and c").description == "(a or b) and c")
        #expect(try Expression.parse("x in [\"a\", 'b'] and y >= 2022-02-24 - 90").description == "(x in [\"a\", \"b\"]) and (y >= (2022-02-24 - 90))")
    }

    @Test("syntax errors name the character")
    func errors() {
        #expect(throws: ExpressionSyntaxError(column: 6, problem: "the text starting here has no closing \"")) { try Expression.parse("a == \"UKR") }
        #expect(throws: ExpressionSyntaxError(column: 6, problem: "`2022-02-30` is not a date of the form YYYY-MM-DD that exists")) { try Expression.parse("a >= 2022-02-30") }
        #expect(throws: ExpressionSyntaxError(column: 1, problem: "`age` is not a function; the functions are missing, known, years_between, days_between")) { try Expression.parse("age(x)") }
        #expect(throws: ExpressionSyntaxError(column: 1, problem: "missing takes 1 value, not 2")) { try Expression.parse("missing(a, b)") }
        #expect(throws: ExpressionSyntaxError(column: 3, problem: "unexpected `b` after a complete condition")) { try Expression.parse("a b") }
        #expect(throws: ExpressionSyntaxError(column: 1, problem: "`and` needs a condition before it")) { try Expression.parse("and a") }
    }

    @Test("a missing fact makes comparisons false, and missing() sees it; days and years count whole days and years")
    func missingAndDates() throws {
        let facts = """
          born: {type: date, description: {nb: F, en: B}}
          code: {type: text, description: {nb: K, en: C}}
          age: {type: integer, description: {nb: A, en: A}}
          citizenship: {type: text, description: {nb: S, en: C}}
        """
        let title = Fixture.title
        let lines: [String] = ["eq: code == \"X\"", "ne: code != \"X\"", "gone: missing(code)", "years: years_between(born, application_date)",
                     "days: days_between(born, application_date)", "adult: age >= 18"]
        let rules = lines.map { (line: String) -> String in
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            return "      - {id: \(parts[0]), legal_reference: x, title: \(title), condition: '\(parts[1].trimmingCharacters(in: .whitespacesAndNewlines))'}"
        }.joined(separator: "\n")
        let ruleSet = try RuleFile.parse(Fixture.rules(rules, facts: facts), file: "fixture.yaml")
        let empty = try ruleSet.decide(applicationDate: CalendarDate(iso8601: "2024-02-29")!, facts: [:])
        #expect(empty.trace.rules.map(\.value) == ["false", "false", "true", "missing", "missing", "false"])
        let born = try ruleSet.decide(applicationDate: CalendarDate(iso8601: "2024-02-28")!, facts: ["born": .date(CalendarDate(iso8601: "2006-02-28")!), "code": .text("Y"), "age": .integer(18)])
        #expect(born.trace.rules.map(\.value) == ["false", "true", "false", "18", "6574", "true"])
        let dayBefore = try ruleSet.decide(applicationDate: CalendarDate(iso8601: "2024-02-27")!, facts: ["born": .date(CalendarDate(iso8601: "2006-02-28")!)])
        #expect(dayBefore.trace.rules[3].value == "17")
    }
}
