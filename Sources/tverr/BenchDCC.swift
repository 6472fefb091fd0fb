import ArgumentParser
import CertLogic
import Foundation
import Trust

struct BenchDCC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcc",
        abstract: "DCC certificates issued and verified per second, against raw ES256 signing and verifying, and the Python reference.")

    @Option(help: "How many certificates.") var count = 20_000
    @Option(help: "The Python reference script; skipped when it or python3 is missing.") var reference = "scripts/bench_dcc_reference.py"
    @Flag(help: "Also time each stage of the pipeline.") var stages = false

    func run() async throws {
        try await reportingFailures {
            let now = Date()
            let payloads = try DCCBenchmark.payloads(count: count, sampleCollected: ISODate.format(dateTime: now.timeIntervalSince1970 - 3600))
            let result = try DCCBenchmark.run(payloads: payloads, now: now)
            say("certificates:                \(result.certificates) (test certificates, HC1 strings of \(result.averageLength) characters)")
            say(String(format: "issue (JSON → HC1):          %10.0f /s", result.issuePerSecond))
            say(String(format: "raw ES256 sign, same input:  %10.0f /s   ratio %.2f (goal ≥ 0.80)", result.rawSignPerSecond, result.issuePerSecond / result.rawSignPerSecond))
            say(String(format: "verify (HC1 → verdict):      %10.0f /s", result.verifyPerSecond))
            say(String(format: "raw ES256 verify:            %10.0f /s   ratio %.2f (goal ≥ 0.80)", result.rawVerifyPerSecond, result.verifyPerSecond / result.rawVerifyPerSecond))
            say(String(format: "verify + 6 business rules:   %10.0f /s   ratio %.2f", result.verifyWithRulesPerSecond, result.verifyWithRulesPerSecond / result.rawVerifyPerSecond))
            if stages {
                for (stage, seconds) in try DCCBenchmark.stages(payloads: payloads, now: now) {
                    say("  " + stage.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: "%8.1f µs each", seconds / Double(count) * 1e6))
                }
            }
            guard FileManager.default.fileExists(atPath: reference) else { return say("Python reference: \(reference) not found, skipped") }
            let lines = FileManager.default.temporaryDirectory.appendingPathComponent("tverr-bench-dcc-\(UUID().uuidString).jsonl")
            try Data(payloads.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n").utf8).write(to: lines)
            defer { try? FileManager.default.removeItem(at: lines) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", reference, lines.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0, let figures = try? JSONSerialization.jsonObject(with: output) as? [String: Double],
                  let issue = figures["issue_per_second"], let verify = figures["verify_per_second"] else {
                return say("Python reference: did not run (needs cbor2, base45, cryptography)")
            }
            say(String(format: "Python reference issue:      %10.0f /s   Tverr is %.1f× faster", issue, result.issuePerSecond / issue))
            say(String(format: "Python reference verify:     %10.0f /s   Tverr is %.1f× faster", verify, result.verifyPerSecond / verify))
        }
    }
}
