import Identifiers
import Localization

/// A versioned rule set read from a rule file: the facts it reads, its versions and its tests.
///
/// A rule set can grant or route an application to a caseworker. It cannot refuse: the
/// format has no way to say so, because refusals are never automatic (utlendingsforskriften
/// § 17-7 c, forvaltningsloven 2025 § 12).
public struct RuleSet: Sendable {
    /// The rule set's name, such as `collective-protection`.
    public let id: String
    /// The title in each language.
    public let title: LocalizedText
    /// Who owns the rules, such as the immigration directorate.
    public let authority: String
    /// The law the whole set rests on.
    public let legalBasis: String
    /// The facts an application gives, in the order the file lists them.
    public let facts: [FactDefinition]
    /// The versions, earliest first; their periods never overlap.
    public let versions: [RuleSetVersion]
    /// The test cases written in the file.
    public let tests: [RuleTestCase]
    /// The file the set was read from, for messages.
    public let file: String
    /// Every text literal the rules use, with a number each; ``FactTable`` extends it.
    let texts: TextInterner

    /// The version in force on a day, or nil when none is.
    public func version(on day: CalendarDate) -> RuleSetVersion? {
        versions.first { $0.isInForce(on: day) }
    }

    /// A fact by name.
    public func fact(named name: String) -> FactDefinition? {
        facts.first { $0.name == name }
    }
}

/// A text in nb, nn, en and uk.
public struct LocalizedText: Sendable, Hashable {
    /// The texts by language.
    public let texts: [Language: String]

    /// The text in a language, falling back to English and then Bokmål.
    public subscript(language: Language) -> String {
        texts[language] ?? texts[.en] ?? texts[.nb] ?? ""
    }
}

/// One fact an application gives.
public struct FactDefinition: Sendable, Hashable {
    /// Its name in the rules, such as `date_of_birth`.
    public let name: String
    /// Its type.
    public let type: FactType
    /// For a text fact with a fixed list, the values it may take.
    public let allowedValues: [String]?
    /// What it means, for the published rules and the caseworker.
    public let description: LocalizedText
    /// The line in the rule file.
    public let line: Int
}

/// One version of a rule set, with the period it is in force.
public struct RuleSetVersion: Sendable {
    /// The version's name, such as `2022.1`.
    public let version: String
    /// The first day it is in force.
    public let effectiveFrom: CalendarDate
    /// The last day it is in force, or nil when it has no end yet.
    public let effectiveTo: CalendarDate?
    /// The rules, in the order they are worked out.
    public let rules: [Rule]
    /// When to grant and when to route to a caseworker.
    public let decision: DecisionRules
    /// The line in the rule file.
    public let line: Int
    /// The rules compiled for fast evaluation.
    let program: Program

    /// Whether the version is in force on a day.
    public func isInForce(on day: CalendarDate) -> Bool {
        day >= effectiveFrom && (effectiveTo.map { day <= $0 } ?? true)
    }
}

/// One rule: a named condition or decision table with its legal reference.
public struct Rule: Sendable {
    /// Its name, which later rules use.
    public let id: String
    /// The provision it implements, such as "utlendingsforskriften § 7-5 a".
    public let legalReference: String
    /// A plain statement of what the rule checks, in each language.
    public let title: LocalizedText
    /// The condition or table as the file writes it.
    public let body: RuleBody
    /// The type of its value: boolean for conditions.
    public let type: FactType
    /// The line in the rule file.
    public let line: Int
}

/// How a rule is written.
public enum RuleBody: Sendable {
    /// A condition in the rule language.
    case condition(String)
    /// A decision table.
    case table(DecisionTable)
}

/// A decision table: columns of values, and rows of cells that each test one column.
///
/// A table without results is true when any row matches. A table with results gives the
/// result of the first row that matches, or its default.
public struct DecisionTable: Sendable {
    /// Each column's expression, as written.
    public let columns: [String]
    /// The rows, in order.
    public let rows: [Row]
    /// The result when no row matches, for a table with results.
    public let defaultResult: FactValue?

    /// One row of a decision table.
    public struct Row: Sendable {
        /// The cells as written: `-` matches anything, `< 18` compares, a value must be equal.
        public let cells: [String]
        /// The row's result, for a table with results.
        public let result: FactValue?
        /// The line in the rule file.
        public let line: Int
    }
}

/// The decision part of a version: grant when, route when.
public struct DecisionRules: Sendable {
    /// The condition for a grant, as written.
    public let grantWhen: String
    /// The provision a grant rests on.
    public let grantLegalReference: String
    /// Conditions that send the application to a caseworker, whatever else holds.
    public let routes: [RouteCondition]
    /// Why an application that meets no route condition and no grant condition goes to a caseworker.
    public let otherwise: RouteCondition
}

/// A reason to send an application to a caseworker.
public struct RouteCondition: Sendable {
    /// A short name for the reason, such as `missing-information`.
    public let reason: String
    /// The condition, as written (empty for the `otherwise` reason).
    public let condition: String
    /// What the applicant and the caseworker read, in each language.
    public let explanation: LocalizedText
    /// The line in the rule file.
    public let line: Int
}

/// A test case written in the rule file: facts in, outcome expected.
public struct RuleTestCase: Sendable {
    /// What the case is about.
    public let name: String
    /// The day the application was made; it picks the version.
    public let applicationDate: CalendarDate
    /// The facts of the application.
    public let facts: [String: FactValue]
    /// The outcome expected.
    public let expectedOutcome: Outcome
    /// The reasons expected for a routed application, when the test names them.
    public let expectedReasons: [String]?
    /// Values of single rules expected, when the test names them.
    public let expectedRules: [String: FactValue]
    /// The version expected, when the test names it.
    public let expectedVersion: String?
    /// The line in the rule file.
    public let line: Int
}

/// What an automated decision can be.
public enum Outcome: String, Sendable, Hashable, Codable {
    /// The application is granted.
    case grant
    /// The application goes to a caseworker, with reasons.
    case route
}
