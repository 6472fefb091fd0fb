import ArgumentParser
import Foundation
import Localization
import Rules

/// `tverr rules`: test and publish the rule sets in `rules/`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Rules as code: run a rule file's tests, or print it in readable form.",
        subcommands: [RulesTest.self, RulesDoc.self]
    )

    /// The rule files named, or every `.yaml` file in the rules folder.
    static func files(_ paths: [String], directory: String) throws -> [String] {
        guard paths.isEmpty else { return paths }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !names.isEmpty else { throw ValidationError("no rule files (.yaml) in \(directory)") }
        return names.map { (directory as NSString).appendingPathComponent($0) }
    }

    static var defaultDirectory: String { ProcessInfo.processInfo.environment["TVERR_RULES_DIR"] ?? "rules" }
}

struct RulesTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Check rule files and run the tests written in them; exits non-zero on any fault or failure.")

    @Argument(help: "Rule files; by default every .yaml file in the rules folder.")
    var paths: [String] = []

    @Option(help: "The rules folder (env TVERR_RULES_DIR).")
    var directory: String = RulesCommand.defaultDirectory

    func run() throws {
        var faults = 0
        for path in try RulesCommand.files(paths, directory: directory) {
            let ruleSet: RuleSet
            do {
                ruleSet = try RuleFile.load(path: path)
            } catch {
                say(error.description)
                faults += 1
                continue
            }
            let results = ruleSet.runTests()
            for result in results where !result.passed {
                say("\(ruleSet.file):\(result.test.line): test \"\(result.test.name)\" failed: \(result.failures.joined(separator: "; "))")
            }
            let failed = results.filter { !$0.passed }.count
            faults += failed
            let versions = ruleSet.versions.map(\.version).joined(separator: ", ")
            say("\(ruleSet.file): \(ruleSet.id), versions \(versions): \(results.count - failed) of \(results.count) tests passed")
        }
        if faults > 0 { throw ExitCode.failure }
    }
}

struct RulesDoc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doc",
        abstract: "Print rule files in readable form (Markdown), as the public rules page shows them.")

    @Argument(help: "Rule files; by default every .yaml file in the rules folder.")
    var paths: [String] = []

    @Option(help: "The rules folder (env TVERR_RULES_DIR).")
    var directory: String = RulesCommand.defaultDirectory

    @Option(help: "Language: nb, nn, en or uk.")
    var language: String = "nb"

    func run() throws {
        guard let language = Language(rawValue: language) else { throw ValidationError("the language must be nb, nn, en or uk") }
        for path in try RulesCommand.files(paths, directory: directory) {
            do {
                FileHandle.standardOutput.write(Data(try RuleFile.load(path: path).markdown(language: language).utf8))
            } catch {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
