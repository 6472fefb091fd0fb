import Foundation
import Rules

/// The rule sets the platform decides with, read once from the rules folder
/// (`TVERR_RULES_DIR`, default `./rules`). A fault in a file is kept, so that the pages that
/// need the rules answer 503 with the file and line, and `tverr serve` refuses to start.
public struct RuleBook: Sendable {
    /// The rule sets by name.
    public let sets: [String: RuleSet]
    /// Faults in the files, as `file:line: problem`.
    public let faults: [String]

    /// The collective-protection rules, when loaded.
    public var collectiveProtection: RuleSet? { sets["collective-protection"] }

    /// Reads every `.yaml` file in `directory`.
    public static func load(directory: String = ProcessInfo.processInfo.environment["TVERR_RULES_DIR"] ?? "rules") -> RuleBook {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var sets: [String: RuleSet] = [:], faults: [String] = []
        if names.isEmpty { faults.append("\(directory): no rule files") }
        for name in names {
            do {
                let set = try RuleFile.load(path: (directory as NSString).appendingPathComponent(name))
                sets[set.id] = set
            } catch {
                faults.append(error.description)
            }
        }
        return RuleBook(sets: sets, faults: faults)
    }

    /// Read once per process.
    public static let shared = load()
}
