import Foundation
import Localization
import Yams

/// Reads rule files: YAML documents holding one versioned ``RuleSet`` and its tests.
///
/// Every fault is reported with the file, the line and the problem, and a file with a
/// fault gives no rule set at all. See `docs/rules.md` for the format.
public enum RuleFile {
    /// The largest rule file read.
    public static let sizeLimit = 1_000_000

    /// Reads a rule file from disk.
    public static func load(path: String) throws(RuleFileError) -> RuleSet {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleFileError(file: name, line: 0, problem: "the file cannot be read")
        }
        guard data.count <= sizeLimit else { throw RuleFileError(file: name, line: 0, problem: "the file is larger than \(sizeLimit) bytes") }
        guard let text = String(data: data, encoding: .utf8) else { throw RuleFileError(file: name, line: 0, problem: "the file is not UTF-8 text") }
        return try parse(text, file: name)
    }

    /// Reads a rule set from YAML text; `file` names it in messages.
    public static func parse(_ yaml: String, file: String) throws(RuleFileError) -> RuleSet {
        guard yaml.utf8.count <= sizeLimit else { throw RuleFileError(file: file, line: 0, problem: "the file is larger than \(sizeLimit) bytes") }
        if let (line, token) = anchorOrAlias(in: yaml) {
            throw RuleFileError(file: file, line: line, problem: "rule files do not use YAML anchors or aliases (`\(token)…`); to reuse an earlier test's facts, write `like: <its name>`")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw RuleFileError(file: file, line: 0, problem: "the file is empty") }
            root = node
        } catch let error as RuleFileError {
            throw error
        } catch {
            throw syntaxError(error, file: file)
        }
        var reader = RuleFileReader(file: file)
        return try reader.ruleSet(root)
    }

    /// A YAML syntax error as a ``RuleFileError`` with its line.
    static func syntaxError(_ error: any Error, file: String) -> RuleFileError {
        guard let yaml = error as? YamlError else { return RuleFileError(file: file, line: 0, problem: "the YAML cannot be read: \(error)") }
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return RuleFileError(file: file, line: mark.line, problem: "YAML syntax error: \(detail)\(problem) (column \(mark.column))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return RuleFileError(file: file, line: context.mark.line, problem: "the key `\(duplicates.joined(separator: "`, `"))` is given twice in one mapping")
        case .reader(let problem, _, _, _):
            return RuleFileError(file: file, line: 0, problem: "the text cannot be read: \(problem)")
        default:
            return RuleFileError(file: file, line: 0, problem: "the YAML cannot be read: \(yaml)")
        }
    }
}

extension RuleFileReader {
    static let topKeys = ["rule_set", "title", "authority", "legal_basis", "facts", "versions", "tests"]

    mutating func ruleSet(_ root: Node) throws(RuleFileError) -> RuleSet {
        let top = try mapping(root, "the rule file", allowed: Self.topKeys, required: ["rule_set", "title", "authority", "legal_basis", "facts", "versions"])
        let id = try string(top["rule_set"]!, "rule_set")
        let facts = try factDefinitions(top["facts"]!)
        var texts = TextInterner()
        var versions: [RuleSetVersion] = []
        for node in try sequence(top["versions"]!, "versions") {
            versions.append(try version(node, facts: facts, texts: &texts))
        }
        guard !versions.isEmpty else { throw fail(top["versions"], "the rule set needs at least one version") }
        versions = try ordered(versions)
        let ruleTypes = Dictionary(versions.flatMap { $0.rules.map { ($0.id, $0.type) } }, uniquingKeysWith: { first, _ in first })
        var tests: [RuleTestCase] = []
        if let node = top["tests"] {
            for test in try sequence(node, "tests") {
                tests.append(try testCase(test, facts: facts, ruleTypes: ruleTypes, versions: versions.map(\.version), earlier: tests))
            }
        }
        return RuleSet(
            id: id, title: try localized(top["title"]!, "title"), authority: try string(top["authority"]!, "authority"),
            legalBasis: try string(top["legal_basis"]!, "legal_basis"), facts: facts, versions: versions,
            tests: tests, file: file, texts: texts
        )
    }

    /// Sorts versions by start and refuses overlapping periods and repeated names.
    func ordered(_ versions: [RuleSetVersion]) throws(RuleFileError) -> [RuleSetVersion] {
        let sorted = versions.sorted { $0.effectiveFrom < $1.effectiveFrom }
        var names: Set<String> = []
        for version in sorted {
            guard names.insert(version.version).inserted else { throw fail(line: version.line, "the version name `\(version.version)` is used twice") }
        }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) {
            guard let end = earlier.effectiveTo, end < later.effectiveFrom else {
                let span = earlier.effectiveTo.map { "until \($0)" } ?? "with no end"
                throw fail(line: later.line, "version \(later.version) from \(later.effectiveFrom) overlaps version \(earlier.version), which is in force from \(earlier.effectiveFrom) \(span)")
            }
        }
        return sorted
    }

    mutating func factDefinitions(_ node: Node) throws(RuleFileError) -> [FactDefinition] {
        var facts: [FactDefinition] = []
        for (name, keyNode, value) in try pairs(node, "facts") {
            guard name.isRuleName else { throw fail(keyNode, "the fact name `\(name)` must be lower-case letters, digits and _, starting with a letter") }
            guard !RuleFileReader.reservedNames.contains(name) else { throw fail(keyNode, "`\(name)` is a reserved word and cannot name a fact") }
            let keys = try mapping(value, "the fact `\(name)`", allowed: ["type", "values", "description"], required: ["type", "description"])
            let typeName = try string(keys["type"]!, "the type of `\(name)`")
            guard let type = FactType(rawValue: typeName) else {
                throw fail(keys["type"], "`\(typeName)` is not a type; the types are \(FactType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var allowed: [String]?
            if let list = keys["values"] {
                guard type == .text else { throw fail(list, "only a text fact can have a list of values") }
                allowed = []
                for item in try sequence(list, "the values of `\(name)`") { allowed!.append(try string(item, "a value of `\(name)`")) }
            }
            facts.append(FactDefinition(
                name: name, type: type, allowedValues: allowed,
                description: try localized(keys["description"]!, "the description of `\(name)`", required: [.nb, .en]),
                line: line(keyNode)
            ))
        }
        guard facts.count < 200 else { throw fail(node, "a rule set can have at most 200 facts") }
        return facts
    }

    static let reservedNames: Set<String> = ["and", "or", "not", "in", "true", "false", "missing", "application_date"]
}
