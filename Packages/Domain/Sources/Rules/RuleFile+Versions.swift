import Identifiers
import Yams

extension RuleFileReader {
    mutating func version(_ node: Node, facts: [FactDefinition], texts: inout TextInterner) throws(RuleFileError) -> RuleSetVersion {
        let keys = try mapping(node, "a version", allowed: ["version", "effective_from", "effective_to", "rules", "decision"], required: ["version", "effective_from", "rules", "decision"])
        let name = try string(keys["version"]!, "the version's name")
        let from = try date(keys["effective_from"]!, "effective_from")
        var to: CalendarDate?
        if let node = keys["effective_to"] {
            to = try date(node, "effective_to")
            guard to! >= from else { throw fail(node, "version \(name) ends on \(to!), before it starts on \(from)") }
        }
        var compiler = Compiler(facts: facts, texts: texts)
        var rules: [Rule] = []
        var columns: [Column] = []
        for ruleNode in try sequence(keys["rules"]!, "the rules of version \(name)") {
            let (rule, column) = try rule(ruleNode, compiler: &compiler)
            rules.append(rule)
            columns.append(column)
        }
        let decision = try decisionRules(keys["decision"]!, compiler: &compiler)
        texts = compiler.texts
        return RuleSetVersion(
            version: name, effectiveFrom: from, effectiveTo: to, rules: rules, decision: decision.rules, line: line(node),
            program: compiler.program(factCount: facts.count, rules: columns, routes: decision.routes, grant: decision.grant)
        )
    }

    mutating func rule(_ node: Node, compiler: inout Compiler) throws(RuleFileError) -> (Rule, Column) {
        let keys = try mapping(node, "a rule", allowed: ["id", "legal_reference", "title", "condition", "table"], required: ["id", "legal_reference", "title"])
        let id = try name(keys["id"]!, "the rule id")
        guard !RuleFileReader.reservedNames.contains(id) else { throw fail(keys["id"], "`\(id)` is a reserved word and cannot name a rule") }
        let expression: Expression
        let body: RuleBody
        switch (keys["condition"], keys["table"]) {
        case (let condition?, nil):
            let text = try string(condition, "the condition of `\(id)`")
            expression = try parse(text, at: condition, in: "rule `\(id)`")
            body = .condition(text)
        case (nil, let table?):
            let parsed = try decisionTable(table, rule: id)
            expression = parsed.expression
            body = .table(parsed.table)
        default:
            throw fail(node, "rule `\(id)` needs either `condition` or `table`, and not both")
        }
        let column: Column
        let type: FactType
        do {
            (column, type) = try compiler.compile(expression)
            try compiler.bind(rule: id, to: column, type: type)
        } catch {
            throw fail(node, "rule `\(id)`: \(error.message)")
        }
        let rule = Rule(
            id: id, legalReference: try string(keys["legal_reference"]!, "the legal reference of `\(id)`"),
            title: try localized(keys["title"]!, "the title of `\(id)`"), body: body, type: type, line: line(node)
        )
        return (rule, column)
    }

    func parse(_ text: String, at node: Node, in what: String) throws(RuleFileError) -> Expression {
        do {
            return try Expression.parse(text)
        } catch {
            throw fail(node, "\(what): at character \(error.column) of `\(text)`: \(error.problem)")
        }
    }

    mutating func decisionRules(_ node: Node, compiler: inout Compiler) throws(RuleFileError) -> (rules: DecisionRules, routes: [Column], grant: Column) {
        let keys = try mapping(node, "the decision", allowed: ["grant_when", "legal_reference", "route", "otherwise"], required: ["grant_when", "legal_reference", "otherwise"])
        let grantText = try string(keys["grant_when"]!, "grant_when")
        let grant: Column
        do {
            grant = try compiler.compile(try parse(grantText, at: keys["grant_when"]!, in: "grant_when"), expecting: .boolean)
        } catch {
            throw fail(keys["grant_when"], "grant_when: \(error.message)")
        }
        var routes: [RouteCondition] = []
        var columns: [Column] = []
        for routeNode in try keys["route"].map({ (n: Node) throws(RuleFileError) in try sequence(n, "route") }) ?? [] {
            let route = try mapping(routeNode, "a route condition", allowed: ["reason", "when", "explanation"], required: ["reason", "when", "explanation"])
            let reason = try string(route["reason"]!, "the reason")
            guard !routes.contains(where: { $0.reason == reason }) else { throw fail(route["reason"], "the reason `\(reason)` is given twice") }
            let text = try string(route["when"]!, "the condition of `\(reason)`")
            do {
                columns.append(try compiler.compile(try parse(text, at: route["when"]!, in: "route `\(reason)`"), expecting: .boolean))
            } catch {
                throw fail(route["when"], "route `\(reason)`: \(error.message)")
            }
            routes.append(RouteCondition(reason: reason, condition: text, explanation: try localized(route["explanation"]!, "the explanation of `\(reason)`"), line: line(routeNode)))
        }
        guard routes.count <= 30 else { throw fail(keys["route"], "a version can have at most 30 route conditions") }
        let other = try mapping(keys["otherwise"]!, "otherwise", allowed: ["reason", "explanation"], required: ["reason", "explanation"])
        let otherwise = RouteCondition(
            reason: try string(other["reason"]!, "the reason"), condition: "",
            explanation: try localized(other["explanation"]!, "the explanation of `otherwise`"), line: line(keys["otherwise"]!)
        )
        let rules = DecisionRules(grantWhen: grantText, grantLegalReference: try string(keys["legal_reference"]!, "legal_reference"), routes: routes, otherwise: otherwise)
        return (rules, columns, grant)
    }
}

extension Error {
    /// The message of a ``CompileProblem`` or a ``RuleFileError``.
    var message: String {
        switch self {
        case let problem as CompileProblem: problem.message
        case let error as RuleFileError: error.problem
        default: String(describing: self)
        }
    }
}
