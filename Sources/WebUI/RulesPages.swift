import Localization
import Plot

/// A rule set as the public rules page shows it: every text already in the page's language.
public struct RulesPageModel: Sendable {
    public struct Fact: Sendable { public var name, type, meaning: String; public init(name: String, type: String, meaning: String) { (self.name, self.type, self.meaning) = (name, type, meaning) } }
    public struct Rule: Sendable {
        public var id, title, legalReference: String
        /// The condition as written, or nil for a table.
        public var condition: String?
        public var columns: [String], rows: [[String]], tableNote: String
        public init(id: String, title: String, legalReference: String, condition: String?, columns: [String], rows: [[String]], tableNote: String) {
            (self.id, self.title, self.legalReference, self.condition, self.columns, self.rows, self.tableNote) = (id, title, legalReference, condition, columns, rows, tableNote)
        }
    }
    public struct Version: Sendable {
        public var heading: String, rules: [Rule], decision: [String]
        public init(heading: String, rules: [Rule], decision: [String]) { (self.heading, self.rules, self.decision) = (heading, rules, decision) }
    }
    public var id, title: String
    /// Label and value pairs: owner, legal basis, outcomes.
    public var summary: [(String, String)]
    public var factsHeading: String, factColumns: [String], facts: [Fact]
    public var versions: [Version]
    public var decisionHeading: String

    public init(id: String, title: String, summary: [(String, String)], factsHeading: String, factColumns: [String], facts: [Fact],
                versions: [Version], decisionHeading: String) {
        (self.id, self.title, self.summary, self.factsHeading, self.factColumns, self.facts, self.versions, self.decisionHeading)
            = (id, title, summary, factsHeading, factColumns, facts, versions, decisionHeading)
    }
}

/// The public rules pages: the legal content of automated decisions (forvaltningsloven 2025 § 13).
public enum RulesPages {
    public static func index(_ sets: [(id: String, title: String)], context: PageContext) -> String {
        Layout.page(title: context.t(.rulesTitle), context: context, content: .group(
            .h1(.text(context.t(.rulesTitle))),
            .p(.text(context.t(.rulesLead))),
            .ul(.forEach(sets) { set in .li(.a(.href("/rules/\(set.id)"), .text(set.title))) })
        ))
    }

    public static func ruleSet(_ model: RulesPageModel, context: PageContext) -> String {
        Layout.page(title: model.title, context: context, content: .group(
            .h1(.text(model.title)),
            .dl(.forEach(model.summary) { label, value in .group(.dt(.text(label)), .dd(.text(value))) }),
            .h2(.text(model.factsHeading)),
            .div(.class("table-scroll"), .table(
                .thead(.tr(.forEach(model.factColumns) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                .tbody(.forEach(model.facts) { fact in .tr(.td(.code(.text(fact.name))), .td(.text(fact.type)), .td(.text(fact.meaning))) }))),
            .forEach(model.versions) { version in
                .section(
                    .h2(.text(version.heading)),
                    .forEach(version.rules) { rule in
                        .group(
                            .h3(.id("\(model.id)-\(rule.id)"), .code(.text(rule.id)), .text(": \(rule.title)")),
                            .p(.em(.text(rule.legalReference))),
                            rule.condition.map { .pre(.code(.text($0))) } ?? .group(
                                .div(.class("table-scroll"), .table(
                                    .thead(.tr(.forEach(rule.columns) { .th(.attribute(named: "scope", value: "col"), .code(.text($0))) })),
                                    .tbody(.forEach(rule.rows) { row in .tr(.forEach(row) { .td(.text($0)) }) }))),
                                .p(.text(rule.tableNote)))
                        )
                    },
                    .h3(.text(model.decisionHeading)),
                    .ul(.forEach(version.decision) { .li(.text($0)) })
                )
            }
        ))
    }
}
