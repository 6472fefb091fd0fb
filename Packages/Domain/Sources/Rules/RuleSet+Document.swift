import Foundation
import Localization

extension RuleSet {
    /// The rule set in readable form, as Markdown: what it decides, the facts it reads, and each
    /// version's rules with their legal references. Published under forvaltningsloven 2025 § 13.
    public func markdown(language: Language = .nb) -> String {
        var lines: [String] = ["# \(title[language])", ""]
        lines.append("- **\(Self.label(.authority, language))**: \(authority)")
        lines.append("- **\(Self.label(.legalBasis, language))**: \(legalBasis)")
        lines.append("- **\(Self.label(.outcomes, language))**: \(Self.label(.outcomesText, language))")
        lines.append("")
        lines.append("## \(Self.label(.facts, language))")
        lines.append("")
        lines.append("| \(Self.label(.fact, language)) | \(Self.label(.type, language)) | \(Self.label(.meaning, language)) |")
        lines.append("|---|---|---|")
        for fact in facts {
            let type = fact.allowedValues.map { "\(fact.type.rawValue): \($0.joined(separator: ", "))" } ?? fact.type.rawValue
            lines.append("| `\(fact.name)` | \(type) | \(escape(fact.description[language])) |")
        }
        for version in versions.reversed() {
            lines.append("")
            let end = version.effectiveTo.map { "\(Self.label(.until, language)) \($0)" } ?? Self.label(.noEnd, language)
            lines.append("## \(Self.label(.version, language)) \(version.version): \(Self.label(.from, language)) \(version.effectiveFrom), \(end)")
            for rule in version.rules {
                lines.append("")
                lines.append("### `\(rule.id)`: \(rule.title[language])")
                lines.append("")
                lines.append("*\(rule.legalReference)*")
                lines.append("")
                switch rule.body {
                case .condition(let text):
                    lines.append("```")
                    lines.append(text)
                    lines.append("```")
                case .table(let table):
                    let header = table.columns.map { "`\($0)`" } + (table.defaultResult == nil ? [] : [Self.label(.result, language)])
                    lines.append("| " + header.joined(separator: " | ") + " |")
                    lines.append("|" + String(repeating: "---|", count: header.count))
                    for row in table.rows {
                        let cells = row.cells.map { escape($0) } + (row.result.map { [$0.plain] } ?? [])
                        lines.append("| " + cells.joined(separator: " | ") + " |")
                    }
                    if let value = table.defaultResult { lines.append("\n\(Self.label(.otherwise, language)): \(value.plain)") }
                    else { lines.append("\n\(Self.label(.anyRow, language))") }
                }
            }
            lines.append("")
            lines.append("### \(Self.label(.decision, language))")
            lines.append("")
            lines.append("- **\(Self.label(.grant, language))** (\(version.decision.grantLegalReference)): `\(version.decision.grantWhen)`")
            for route in version.decision.routes {
                lines.append("- **\(Self.label(.route, language)) `\(route.reason)`**: `\(route.condition)`. \(route.explanation[language])")
            }
            lines.append("- **\(Self.label(.route, language)) `\(version.decision.otherwise.reason)`** \(Self.label(.otherwiseRoute, language)). \(version.decision.otherwise.explanation[language])")
        }
        lines.append("")
        lines.append("## \(Self.label(.tests, language))")
        lines.append("")
        for test in tests {
            lines.append("- \(escape(test.name)) (\(test.applicationDate)): **\(test.expectedOutcome.rawValue)**")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// The headings and phrases of the published rules.
    public enum DocumentLabel: Sendable { case authority, legalBasis, outcomes, outcomesText, facts, fact, type, meaning, version, from, until, noEnd, result, otherwise, anyRow, decision, grant, route, otherwiseRoute, tests }

    /// A heading or phrase of the published rules in a language.
    public static func label(_ key: DocumentLabel, _ language: Language) -> String {
        let (nb, nn, en, uk) = Self.labels(key)
        return switch language {
        case .nb: nb
        case .nn: nn
        case .en: en
        case .uk: uk
        }
    }

    private static func labels(_ key: DocumentLabel) -> (String, String, String, String) {
        switch key {
        case .authority: ("Eier", "Eigar", "Owner", "Власник")
        case .legalBasis: ("Rettsgrunnlag", "Rettsgrunnlag", "Legal basis", "Правова основа")
        case .outcomes: ("Utfall", "Utfall", "Outcomes", "Результати")
        case .outcomesText: (
            "innvilgelse, eller til saksbehandler med begrunnelse. Reglene avslår aldri; et avslag gjøres alltid av et menneske.",
            "innvilging, eller til saksbehandlar med grunngjeving. Reglane avslår aldri; eit avslag blir alltid gjort av eit menneske.",
            "grant, or send to a caseworker with the reasons. The rules never refuse; a refusal is always made by a person.",
            "задоволення або передача працівнику з причинами. Правила ніколи не відмовляють; відмову завжди ухвалює людина.")
        case .facts: ("Opplysninger reglene bruker", "Opplysningar reglane bruker", "Facts the rules read", "Відомості, які використовують правила")
        case .fact: ("Opplysning", "Opplysning", "Fact", "Відомість")
        case .type: ("Type", "Type", "Type", "Тип")
        case .meaning: ("Betydning", "Tyding", "Meaning", "Значення")
        case .version: ("Versjon", "Versjon", "Version", "Версія")
        case .from: ("gjelder fra", "gjeld frå", "in force from", "діє з")
        case .until: ("til", "til", "until", "до")
        case .noEnd: ("uten sluttdato", "utan sluttdato", "with no end date", "без дати завершення")
        case .result: ("Resultat", "Resultat", "Result", "Результат")
        case .otherwise: ("Ellers", "Elles", "Otherwise", "Інакше")
        case .anyRow: ("Regelen slår til når en rad passer. `-` passer alltid.", "Regelen slår til når ei rad passar. `-` passar alltid.",
                       "The rule holds when any row matches. `-` matches anything.", "Правило виконується, коли підходить будь-який рядок. `-` підходить завжди.")
        case .decision: ("Vedtak", "Vedtak", "Decision", "Рішення")
        case .grant: ("Innvilg når", "Innvilg når", "Grant when", "Задовольнити, коли")
        case .route: ("Til saksbehandler", "Til saksbehandlar", "To a caseworker", "Працівнику")
        case .otherwiseRoute: ("når ingenting over gjelder", "når ingenting over gjeld", "when nothing above applies", "коли нічого з наведеного не застосовується")
        case .tests: ("Testtilfeller", "Testtilfelle", "Test cases", "Тестові випадки")
        }
    }
}
