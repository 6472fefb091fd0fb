import Hummingbird
import Localization
import Rules
import WebUI

/// The public rules pages (no login): every rule set the platform decides with, in readable form
/// in the page's language, with each rule's legal reference (forvaltningsloven 2025 § 13).
struct RulesController {
    let rules: RuleBook

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.rules.path) { request, _ in
            let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
            let sets = rules.sets.values.sorted { $0.id < $1.id }.map { (id: $0.id, title: $0.title[context.language]) }
            return WebController<TverrRequestContext>.html(RulesPages.index(sets, context: context), request: request)
        }
        router.get(SiteRoute.ruleSet.path) { request, routeContext in
            let context = PageContext(language: request.preferredLanguage, path: request.uri.path)
            guard let set = rules.sets[routeContext.parameters.get("id") ?? ""] else {
                throw Problem(.notFound, detail: "There is no rule set with that name; /rules lists them.")
            }
            return WebController<TverrRequestContext>.html(RulesPages.ruleSet(Self.model(set, context.language), context: context), request: request)
        }
    }

    static func model(_ set: RuleSet, _ language: Language) -> RulesPageModel {
        func label(_ key: RuleSet.DocumentLabel) -> String { RuleSet.label(key, language) }
        let facts = set.facts.map { fact in
            RulesPageModel.Fact(name: fact.name, type: fact.allowedValues.map { "\(fact.type.rawValue): \($0.joined(separator: ", "))" } ?? fact.type.rawValue,
                                meaning: fact.description[language])
        }
        let versions = set.versions.reversed().map { version in
            let end = version.effectiveTo.map { "\(label(.until)) \($0)" } ?? label(.noEnd)
            let rules = version.rules.map { rule -> RulesPageModel.Rule in
                switch rule.body {
                case .condition(let text):
                    return RulesPageModel.Rule(id: rule.id, title: rule.title[language], legalReference: rule.legalReference, condition: text,
                                               columns: [], rows: [], tableNote: "")
                case .table(let table):
                    let valued = table.defaultResult != nil
                    return RulesPageModel.Rule(
                        id: rule.id, title: rule.title[language], legalReference: rule.legalReference, condition: nil,
                        columns: table.columns + (valued ? [label(.result)] : []),
                        rows: table.rows.map { $0.cells + ($0.result.map { [$0.plain] } ?? []) },
                        tableNote: valued ? "\(label(.otherwise)): \(table.defaultResult!.plain)" : label(.anyRow))
                }
            }
            var decision = ["\(label(.grant)) (\(version.decision.grantLegalReference)): \(version.decision.grantWhen)"]
            decision += version.decision.routes.map { "\(label(.route)) (\($0.reason)): \($0.condition). \($0.explanation[language])" }
            decision.append("\(label(.route)) (\(version.decision.otherwise.reason)), \(label(.otherwiseRoute)). \(version.decision.otherwise.explanation[language])")
            return RulesPageModel.Version(heading: "\(label(.version)) \(version.version): \(label(.from)) \(version.effectiveFrom), \(end)",
                                          rules: rules, decision: decision)
        }
        return RulesPageModel(
            id: set.id, title: set.title[language],
            summary: [(label(.authority), set.authority), (label(.legalBasis), set.legalBasis), (label(.outcomes), label(.outcomesText))],
            factsHeading: label(.facts), factColumns: [label(.fact), label(.type), label(.meaning)], facts: facts,
            versions: versions, decisionHeading: label(.decision))
    }
}
