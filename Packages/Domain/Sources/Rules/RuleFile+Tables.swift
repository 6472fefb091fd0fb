import Foundation
import Yams

extension RuleFileReader {
    /// Reads a decision table and turns it into one expression.
    mutating func decisionTable(_ node: Node, rule id: String) throws(RuleFileError) -> (table: DecisionTable, expression: Expression) {
        let keys = try mapping(node, "the table of `\(id)`", allowed: ["columns", "rows", "default"], required: ["columns", "rows"])
        var columnTexts: [String] = []
        var columns: [Expression] = []
        for column in try sequence(keys["columns"]!, "the columns of `\(id)`") {
            let text = try string(column, "a column of `\(id)`")
            columnTexts.append(text)
            columns.append(try parse(text, at: column, in: "a column of `\(id)`"))
        }
        guard !columns.isEmpty else { throw fail(keys["columns"], "the table of `\(id)` needs at least one column") }
        var rows: [DecisionTable.Row] = []
        var conditions: [Expression] = []
        for rowNode in try sequence(keys["rows"]!, "the rows of `\(id)`") {
            var cellNodes: [Node]
            var result: FactValue?
            if case .mapping = rowNode {
                let row = try mapping(rowNode, "a row of `\(id)`", allowed: ["when", "then"], required: ["when", "then"])
                cellNodes = try sequence(row["when"]!, "the cells of a row")
                result = literalOrText(try string(row["then"]!, "the result of a row"))
            } else {
                cellNodes = try sequence(rowNode, "a row of `\(id)`")
            }
            guard cellNodes.count == columns.count else {
                throw fail(rowNode, "a row of `\(id)` has \(cellNodes.count) cells, but the table has \(columns.count) columns")
            }
            var cells: [String] = []
            var tests: [Expression] = []
            for (cellNode, column) in zip(cellNodes, columns) {
                guard case .scalar(let scalar) = cellNode else { throw fail(cellNode, "a cell must be a single value") }
                cells.append(scalar.string)
                do {
                    if let test = try RuleFileReader.cell(scalar.string, column: column) { tests.append(test) }
                } catch {
                    throw fail(cellNode, "a cell of `\(id)`: \(error.problem)")
                }
            }
            if let last = rows.last, (last.result == nil) != (result == nil) {
                throw fail(rowNode, "every row of `\(id)` must have a result (`when` and `then`), or none must")
            }
            rows.append(DecisionTable.Row(cells: cells, result: result, line: line(rowNode)))
            conditions.append(tests.dropFirst().reduce(tests.first ?? .literal(.boolean(true))) { .logical(.and, $0, $1) })
        }
        guard !rows.isEmpty else { throw fail(keys["rows"], "the table of `\(id)` needs at least one row") }
        let valued = rows[0].result != nil
        var defaultResult: FactValue?
        if valued {
            guard let node = keys["default"] else { throw fail(keys["rows"], "the table of `\(id)` has results, so it needs a `default` for when no row matches") }
            defaultResult = literalOrText(try string(node, "the default of `\(id)`"))
        } else if let node = keys["default"] {
            throw fail(node, "the table of `\(id)` has no results, so it cannot have a default: it is true when a row matches")
        }
        let expression: Expression
        if let defaultResult {
            expression = zip(conditions, rows).reversed().reduce(Expression.literal(defaultResult)) { next, pair in
                .select(pair.0, .literal(pair.1.result!), next)
            }
        } else {
            expression = conditions.dropFirst().reduce(conditions[0]) { .logical(.or, $0, $1) }
        }
        return (DecisionTable(columns: columnTexts, rows: rows, defaultResult: defaultResult), expression)
    }

    /// A cell's test of its column: `-` matches anything, `< 18` compares, `in [...]` is a list, a value must be equal.
    static func cell(_ text: String, column: Expression) throws(ExpressionSyntaxError) -> Expression? {
        let cell = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if cell == "-" || cell.isEmpty { return nil }
        for op in [">=", "<=", "==", "!=", ">", "<"] where cell.hasPrefix(op) {
            let rest = String(cell.dropFirst(op.count)).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !rest.isEmpty else { throw ExpressionSyntaxError(column: op.count + 1, problem: "`\(op)` needs a value after it") }
            return .comparison(ComparisonOperator(rawValue: op)!, column, .literal(literalOrText(rest)))
        }
        if cell.hasPrefix("in ") || cell.hasPrefix("in[") {
            guard case .member(_, let values) = try Expression.parse("cell " + cell) else {
                throw ExpressionSyntaxError(column: 1, problem: "`\(cell)` is not a list of values")
            }
            return .member(column, values)
        }
        return .comparison(.equal, column, .literal(literalOrText(cell)))
    }
}

/// A literal as the rule language reads it, or else the whole text as a text value.
func literalOrText(_ text: String) -> FactValue {
    if let expression = try? Expression.parse(text), case .literal(let value) = expression { return value }
    return .text(text.trimmingCharacters(in: .whitespacesAndNewlines))
}
