import Foundation

/// A message text with `((placeholder))` fields, as in GOV.UK Notify. Names are 1 to 50
/// letters, digits, spaces, hyphens or underscores; they are matched without regard to case.
public struct TemplateText: Equatable, Sendable {
    public let text: String
    /// The placeholders in order of first appearance, each once (as written the first time).
    public let placeholders: [String]
    /// The text split into literals and fields, parsed once.
    let parts: [Part]

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case unclosed(at: Int)
        case badName(String)
        case empty
        case tooLong(Int)
        public var description: String {
            switch self {
            case .unclosed(let offset): "A placeholder opened with (( at character \(offset + 1) is never closed with ))."
            case .badName(let name): "\"((\(name.prefix(60))))\" is not a placeholder name: use 1 to 50 letters, digits, spaces, - or _."
            case .empty: "The text is empty."
            case .tooLong(let limit): "The text is longer than \(limit) characters."
            }
        }
    }

    public static let maximumLength = 20_000

    public init(_ text: String) throws(Problem) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .empty }
        guard text.count <= Self.maximumLength else { throw .tooLong(Self.maximumLength) }
        self.text = text
        var names: [String] = []
        parts = try Self.parts(text)
        for part in parts {
            if case .field(let name) = part, !names.contains(where: { $0.lowercased() == name.lowercased() }) { names.append(name) }
        }
        placeholders = names
    }

    enum Part: Equatable, Sendable { case literal(String), field(String) }

    static func parts(_ text: String) throws(Problem) -> [Part] {
        var parts: [Part] = []
        var rest = Substring(text)
        var offset = 0
        while let open = rest.range(of: "((") {
            parts.append(.literal(String(rest[..<open.lowerBound])))
            offset += rest.distance(from: rest.startIndex, to: open.lowerBound)
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "))") else { throw .unclosed(at: offset) }
            let name = String(after[..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
            guard (1...50).contains(name.count),
                  name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" }) else { throw .badName(name) }
            parts.append(.field(name))
            offset += 2 + after.distance(from: after.startIndex, to: close.upperBound)
            rest = after[close.upperBound...]
        }
        parts.append(.literal(String(rest)))
        return parts
    }

    /// Fills the placeholders. Every placeholder must have a value and every value a placeholder:
    /// a sender who misspells a name hears about it instead of sending "Dear ((nmae))".
    public func render(_ values: [String: String]) throws(RenderProblem) -> String {
        let byName = Dictionary(values.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        let known = Set(placeholders.map { $0.lowercased() })
        if let missing = placeholders.first(where: { byName[$0.lowercased()] == nil }) { throw .missing(missing) }
        if let unknown = values.keys.sorted().first(where: { !known.contains($0.lowercased()) }) { throw .unknown(unknown) }
        var out = ""
        for part in parts {
            switch part {
            case .literal(let literal): out += literal
            case .field(let name): out += byName[name.lowercased()] ?? ""
            }
        }
        return out
    }

    public enum RenderProblem: Error, Equatable, CustomStringConvertible {
        case missing(String), unknown(String)
        public var placeholder: String {
            switch self { case .missing(let name), .unknown(let name): name }
        }
        public var description: String {
            switch self {
            case .missing(let name): "The placeholder ((\(name))) has no value in personalisation."
            case .unknown(let name): "personalisation has \"\(name.prefix(60))\", which is not a placeholder in this template."
            }
        }
    }
}

