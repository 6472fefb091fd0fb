import Testing
@testable import Rules

/// Small rule files for tests, built from parts so that each test changes one thing.
enum Fixture {
    static let title = "{nb: Tittel, nn: Tittel, en: Title, uk: Назва}"

    static func rules(_ rules: String = defaultRules, facts: String = defaultFacts, versions: String? = nil, tests: String = "") -> String {
        """
        rule_set: fixture
        title: \(title)
        authority: Test
        legal_basis: testloven § 1
        facts:
        \(facts)
        versions:
        \(versions ?? version("v1", from: "2022-01-01", to: nil, rules: rules))
        \(tests.isEmpty ? "" : "tests:\n" + tests)
        """
    }

    static let defaultFacts = """
          citizenship: {type: text, description: {nb: Statsborgerskap, en: Citizenship}}
          age: {type: integer, description: {nb: Alder, en: Age}}
          relation: {type: text, values: [none, child], description: {nb: Forhold, en: Relation}}
        """

    static let defaultRules = """
              - id: adult
                legal_reference: testloven § 2
                title: \(title)
                condition: age >= 18
        """

    static func version(_ name: String, from: String, to: String?, rules: String = defaultRules, grant: String = "adult") -> String {
        """
          - version: "\(name)"
            effective_from: \(from)
        \(to.map { "    effective_to: \($0)" } ?? "")
            rules:
        \(rules)
            decision:
              grant_when: \(grant)
              legal_reference: testloven § 3
              route:
                - reason: not-citizen
                  when: citizenship != "NOR"
                  explanation: \(title)
              otherwise: {reason: no-ground, explanation: \(title)}
        """
    }

    static func error(_ yaml: String) -> RuleFileError? {
        do {
            _ = try RuleFile.parse(yaml, file: "fixture.yaml")
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Faults in rule files name the file, the line and the problem")
struct RuleFileErrorTests {
    @Test("the fixture itself is a valid rule file")
    func fixtureIsValid() throws {
        let ruleSet = try RuleFile.parse(Fixture.rules(), file: "fixture.yaml")
        #expect(ruleSet.versions.count == 1)
        #expect(ruleSet.versions[0].rules.map(\.id) == ["adult"])
    }

    @Test("a YAML syntax error gives its line")
    func yamlSyntax() throws {
        let error = try #require(Fixture.error("rule_set: x\ntitle: {nb: a\nfacts: [\n"))
        #expect(error.file == "fixture.yaml")
        #expect(error.line >= 2)
        #expect(error.problem.hasPrefix("YAML syntax error"))
    }

    @Test("a condition naming an unknown fact gives the rule's line and the name")
    func unknownFact() throws {
        let yaml = Fixture.rules(Fixture.defaultRules.replacingOccurrences(of: "age >= 18", with: "agee >= 18"))
        let error = try #require(Fixture.error(yaml))
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("- id: adult") }! + 1
        #expect(error.line == line)
        #expect(error.problem.contains("`agee` is not a fact"))
        #expect(error.description == "fixture.yaml:\(line): rule `adult`: `agee` is not a fact, nor a rule defined above this one")
    }

    @Test("overlapping versions are refused at the later version's line")
    func overlappingVersions() throws {
        let versions = Fixture.version("v1", from: "2022-01-01", to: "2022-06-30") + "\n" + Fixture.version("v2", from: "2022-06-01", to: nil)
        let yaml = Fixture.rules(versions: versions)
        let error = try #require(Fixture.error(yaml))
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("version: \"v2\"") }! + 1
        #expect(error.line == line)
        #expect(error.problem == "version v2 from 2022-06-01 overlaps version v1, which is in force from 2022-01-01 until 2022-06-30")
    }

    @Test("an open-ended version followed by another overlaps it")
    func openEndedOverlap() throws {
        let versions = Fixture.version("v1", from: "2022-01-01", to: nil) + "\n" + Fixture.version("v2", from: "2023-01-01", to: nil)
        #expect(Fixture.error(Fixture.rules(versions: versions))?.problem.contains("with no end") == true)
    }

    @Test("a syntax error inside a condition points at the character")
    func conditionSyntax() throws {
        let yaml = Fixture.rules(Fixture.defaultRules.replacingOccurrences(of: "age >= 18", with: "age = 18"))
        let error = try #require(Fixture.error(yaml))
        #expect(error.problem == "rule `adult`: at character 5 of `age = 18`: use `==` to compare, not `=`")
    }

    @Test("types that do not fit are named")
    func typeMismatch() throws {
        let yaml = Fixture.rules(Fixture.defaultRules.replacingOccurrences(of: "age >= 18", with: "age >= \"18\""))
        #expect(Fixture.error(yaml)?.problem == "rule `adult`: `age` is a number and `\"18\"` is a text; they cannot be compared")
        let notBoolean = Fixture.rules(Fixture.defaultRules.replacingOccurrences(of: "age >= 18", with: "age and true"))
        #expect(Fixture.error(notBoolean)?.problem == "rule `adult`: `age` is a number, but true or false is needed here")
    }

    @Test("a text a fixed list never holds is refused")
    func valueOutsideList() throws {
        let yaml = Fixture.rules(Fixture.defaultRules.replacingOccurrences(of: "age >= 18", with: "relation == \"chlid\""))
        #expect(Fixture.error(yaml)?.problem == "rule `adult`: `relation` is never \"chlid\"; its values are none, child")
    }

    @Test("an unknown key is named with the keys allowed")
    func unknownKey() throws {
        let yaml = Fixture.rules(Fixture.defaultRules.replacingOccurrences(of: "condition:", with: "conditon:"))
        let error = try #require(Fixture.error(yaml))
        #expect(error.problem.hasPrefix("a rule has no key `conditon`"))
    }

    @Test("a key given twice is refused")
    func duplicateKey() throws {
        let yaml = Fixture.rules().replacingOccurrences(of: "authority: Test", with: "authority: Test\nauthority: Other")
        #expect(Fixture.error(yaml)?.problem == "the key `authority` is given twice in one mapping")
    }

    @Test("a missing translation of a title is named")
    func missingLanguage() throws {
        let yaml = Fixture.rules().replacingOccurrences(of: "title: \(Fixture.title)\nauthority", with: "title: {nb: T, en: T}\nauthority")
        #expect(Fixture.error(yaml)?.problem == "title needs `nn`")
    }

    @Test("a test may not expect a refusal, because rules never refuse")
    func noRefusal() throws {
        let tests = """
          - name: refuse
            application_date: 2022-02-01
            facts: {age: 3}
            expect: {outcome: refuse}
        """
        #expect(Fixture.error(Fixture.rules(tests: tests))?.problem == "test \"refuse\": the outcome must be grant or route, not `refuse`; rules never refuse, they route to a caseworker")
    }

    @Test("a test naming an unknown fact or a wrongly typed value is refused")
    func badTestFacts() throws {
        let unknown = "  - {name: t, application_date: 2022-02-01, facts: {height: 3}, expect: {outcome: grant}}"
        #expect(Fixture.error(Fixture.rules(tests: unknown))?.problem == "test \"t\": `height` is not a fact of this rule set")
        let typed = "  - {name: t, application_date: 2022-02-01, facts: {age: old}, expect: {outcome: grant}}"
        #expect(Fixture.error(Fixture.rules(tests: typed))?.problem == "test \"t\": `age` must be a whole number, not `old`")
        let date = "  - {name: t, application_date: 2022-02-30, facts: {}, expect: {outcome: grant}}"
        #expect(Fixture.error(Fixture.rules(tests: date))?.problem == "application_date `2022-02-30` is not a date of the form YYYY-MM-DD that exists")
    }

    @Test("a table row with the wrong number of cells is refused at its line")
    func tableCells() throws {
        let table = """
              - id: family
                legal_reference: testloven § 4
                title: \(Fixture.title)
                table:
                  columns: [relation, age]
                  rows:
                    - [child, "< 18"]
                    - [child]
              - id: adult
                legal_reference: testloven § 2
                title: \(Fixture.title)
                condition: age >= 18
        """
        let yaml = Fixture.rules(table)
        let error = try #require(Fixture.error(yaml))
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("- [child]") }! + 1
        #expect(error.line == line)
        #expect(error.problem == "a row of `family` has 1 cells, but the table has 2 columns")
    }

    @Test("a rule naming a later rule is refused, so rules cannot go round in circles")
    func laterRule() throws {
        let rules = """
              - id: first
                legal_reference: testloven § 2
                title: \(Fixture.title)
                condition: adult
              - id: adult
                legal_reference: testloven § 2
                title: \(Fixture.title)
                condition: first
        """
        #expect(Fixture.error(Fixture.rules(rules))?.problem == "rule `first`: `adult` is not a fact, nor a rule defined above this one")
    }

    @Test("anchors and aliases are refused before the YAML library sees them, so an alias bomb cannot stall it")
    func aliasBomb() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 { yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "? *a8\n: 1\n? *a7\n: 2\n"
        let error = try #require(Fixture.error(yaml))
        #expect(error.line == 1)
        #expect(error.problem.hasPrefix("rule files do not use YAML anchors or aliases (`&a…`)"))
        #expect(RuleFile.anchorOrAlias(in: "title: \"*not an alias\" # &nor this\ntext: R&D, 2 * 3") == nil)
        #expect(RuleFile.anchorOrAlias(in: "a: 1\nb: [x, *y]")?.line == 2)
    }

    @Test("a test can reuse an earlier test's facts with like, and must name one that exists")
    func like() throws {
        let tests = """
          - {name: base, application_date: 2022-02-01, facts: {age: 30, citizenship: NOR}, expect: {outcome: grant}}
          - {name: child, like: base, application_date: 2022-02-01, facts: {age: 3}, expect: {outcome: route, reasons: [no-ground]}}
        """
        let ruleSet = try RuleFile.parse(Fixture.rules(tests: tests), file: "fixture.yaml")
        #expect(ruleSet.tests[1].facts == ["age": .integer(3), "citizenship": .text("NOR")])
        #expect(ruleSet.runTests().allSatisfy { $0.passed })
        let wrong = tests.replacingOccurrences(of: "like: base", with: "like: bsae")
        #expect(Fixture.error(Fixture.rules(tests: wrong))?.problem == "test \"child\": there is no earlier test called \"bsae\"")
    }

    @Test("a test whose expectation is wrong fails and says how")
    func failingTest() throws {
        let tests = "  - {name: t, application_date: 2022-02-01, facts: {age: 30, citizenship: SWE}, expect: {outcome: grant, rules: {adult: false}}}"
        let result = try #require(try RuleFile.parse(Fixture.rules(tests: tests), file: "fixture.yaml").runTests().first)
        #expect(!result.passed)
        #expect(result.failures == ["expected grant, got route (not-citizen)", "expected rule `adult` to be false, got true"])
    }

    @Test("hostile and empty texts give errors, never a crash")
    func hostile() throws {
        for text in ["", "---", "[]", "rule_set: [", "\u{0}", String(repeating: "[", count: 5_000), "rule_set: x\n" + String(repeating: " ", count: 100) + "\t: y"] {
            #expect(Fixture.error(text) != nil, "\(text.prefix(20)) was accepted")
        }
        let deep = Fixture.rules(Fixture.defaultRules.replacingOccurrences(of: "age >= 18", with: String(repeating: "not ", count: 100) + "true"))
        #expect(Fixture.error(deep)?.problem.contains("64 levels") == true)
    }
}
