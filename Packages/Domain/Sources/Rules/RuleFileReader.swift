import Foundation
import Identifiers
import Localization
import Yams

/// Reads the YAML nodes of a rule file, turning every surprise into a ``RuleFileError`` with a line.
struct RuleFileReader {
    let file: String
    /// Nodes read so far; a cap stops alias bombs.
    private var visited = 0
    static let nodeLimit = 200_000

    init(file: String) { self.file = file }

    func fail(_ node: Node?, _ problem: String) -> RuleFileError {
        RuleFileError(file: file, line: node?.mark?.line ?? 0, problem: problem)
    }

    func fail(line: Int, _ problem: String) -> RuleFileError {
        RuleFileError(file: file, line: line, problem: problem)
    }

    func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    mutating func count(_ node: Node) throws(RuleFileError) {
        visited += 1
        guard visited <= RuleFileReader.nodeLimit else { throw fail(node, "the file has more than \(RuleFileReader.nodeLimit) values; aliases may be repeating a part many times") }
    }

    /// A mapping whose keys must be among `allowed`, with `required` present.
    mutating func mapping(_ node: Node, _ what: String, allowed: [String], required: [String] = []) throws(RuleFileError) -> [String: Node] {
        try count(node)
        guard case .mapping(let mapping) = node else { throw fail(node, "\(what) must be a mapping of keys to values") }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw fail(key, "a key in \(what) must be a plain word") }
            guard allowed.contains(scalar.string) else {
                throw fail(key, "\(what) has no key `\(scalar.string)`; its keys are \(allowed.joined(separator: ", "))")
            }
            result[scalar.string] = value
        }
        for key in required where result[key] == nil { throw fail(node, "\(what) needs `\(key)`") }
        return result
    }

    /// A mapping of any keys, in file order.
    mutating func pairs(_ node: Node, _ what: String) throws(RuleFileError) -> [(key: String, keyNode: Node, value: Node)] {
        try count(node)
        guard case .mapping(let mapping) = node else { throw fail(node, "\(what) must be a mapping of names to values") }
        var merged: [(key: String, keyNode: Node, value: Node)] = []
        var explicit: [(key: String, keyNode: Node, value: Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw fail(key, "a name in \(what) must be a plain word") }
            if scalar.string == "<<" {
                // A YAML merge key: the named mapping's entries, which entries written here override.
                merged += try pairs(value, what)
            } else {
                explicit.append((scalar.string, key, value))
            }
        }
        let own = Set(explicit.map(\.key))
        return merged.filter { !own.contains($0.key) } + explicit
    }

    mutating func sequence(_ node: Node, _ what: String) throws(RuleFileError) -> [Node] {
        try count(node)
        guard case .sequence(let sequence) = node else { throw fail(node, "\(what) must be a list") }
        return Array(sequence)
    }

    mutating func string(_ node: Node, _ what: String) throws(RuleFileError) -> String {
        try count(node)
        guard case .scalar(let scalar) = node else { throw fail(node, "\(what) must be a single value, not a list or a mapping") }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw fail(node, "\(what) is empty") }
        return text
    }

    mutating func date(_ node: Node, _ what: String) throws(RuleFileError) -> CalendarDate {
        let text = try string(node, what)
        guard let date = CalendarDate.strict(text) else { throw fail(node, "\(what) `\(text)` is not a date of the form YYYY-MM-DD that exists") }
        return date
    }

    mutating func name(_ node: Node, _ what: String) throws(RuleFileError) -> String {
        let text = try string(node, what)
        guard text.isRuleName else { throw fail(node, "\(what) `\(text)` must be lower-case letters, digits and _, starting with a letter") }
        return text
    }

    /// A text per language; `required` languages must all be there.
    mutating func localized(_ node: Node, _ what: String, required: [Language] = Language.allCases) throws(RuleFileError) -> LocalizedText {
        let keys = try mapping(node, what, allowed: Language.allCases.map(\.rawValue), required: required.map(\.rawValue))
        var texts: [Language: String] = [:]
        for (key, value) in keys { texts[Language(rawValue: key)!] = try string(value, "\(what) (\(key))") }
        return LocalizedText(texts: texts)
    }

    /// A value of a known type, as a test case gives it; `null` or `~` is missing.
    mutating func value(_ node: Node, as type: FactType, _ what: String) throws(RuleFileError) -> FactValue {
        try count(node)
        guard case .scalar(let scalar) = node else { throw fail(node, "\(what) must be a single value") }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if (scalar.style == .plain && ["~", "null", "Null", "NULL", ""].contains(text)) || text == "missing" { return .missing }
        switch type {
        case .boolean:
            guard text == "true" || text == "false" else { throw fail(node, "\(what) must be true or false, not `\(text)`") }
            return .boolean(text == "true")
        case .integer:
            guard let n = Int64(text), n != missingValue else { throw fail(node, "\(what) must be a whole number, not `\(text)`") }
            return .integer(n)
        case .date:
            guard let d = CalendarDate.strict(text) else { throw fail(node, "\(what) `\(text)` is not a date of the form YYYY-MM-DD that exists") }
            return .date(d)
        case .text:
            return .text(text)
        }
    }
}

extension String {
    /// Lower-case ASCII letters, digits and `_`, starting with a letter.
    var isRuleName: Bool {
        guard let first = unicodeScalars.first, ("a"..."z").contains(first), count <= 64 else { return false }
        return unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
