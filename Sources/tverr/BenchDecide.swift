import ArgumentParser
import Dispatch
import Foundation
import Identifiers
import Rules
import RulesBench

/// `tverr bench decide`: decisions per second for the 2022 collective-protection rules.
struct BenchDecide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Protection decisions per second: the rule engine without and with traces, against the same rules written in Swift.")

    @Option(help: "How many applications.")
    var applications: Int = 1_000_000

    @Option(help: "The rule file.")
    var rules: String = (RulesCommand.defaultDirectory as NSString).appendingPathComponent("collective-protection.yaml")

    @Option(help: "Runs of each measurement; the best is reported.")
    var repeats: Int = 3

    func run() throws {
        let ruleSet: RuleSet
        do { ruleSet = try RuleFile.load(path: rules) } catch { throw ValidationError(error.description) }
        let wave = ProtectionApplication.wave(count: applications)
        let started = DispatchTime.now()
        var builder = FactTableBuilder(ruleSet: ruleSet, capacity: applications)
        for application in wave {
            try builder.append(applicationDate: CalendarDate(daysSinceEpoch: Int(application.applicationDate)), facts: application.facts)
        }
        let table = builder.build()
        say(String(format: "applications:                %d (facts checked and loaded in %.2f s)", applications, seconds(since: started)))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for threads in Set([1, cores]).sorted() {
            say("")
            say("threads: \(threads)")
            var plain: Decisions?
            let untraced = best { plain = ruleSet.decide(table, threads: threads) }
            var traced: Decisions?
            let withTraces = best { traced = ruleSet.decide(table, traced: true, threads: threads) }
            var outcomes = [UInt8](repeating: 0, count: wave.count)
            var reasons = [UInt32](repeating: 0, count: wave.count)
            let swift = best { Self.decideInSwift(wave, threads: threads, outcomes: &outcomes, reasons: &reasons) }
            let mismatches = (0..<wave.count).filter { (plain!.outcome(at: $0) == .grant) != (outcomes[$0] == 0) }.count
            guard mismatches == 0, traced!.grantedCount == plain!.grantedCount else { throw ValidationError("the engine and the Swift baseline disagree on \(mismatches) applications") }
            let perSecond = { (time: Double) in Double(applications) / time }
            say(String(format: "engine, no traces:           %12.0f decisions/s  (%.3f s)", perSecond(untraced), untraced))
            say(String(format: "engine, full traces kept:    %12.0f decisions/s  (%.3f s)", perSecond(withTraces), withTraces))
            say(String(format: "same rules in Swift:         %12.0f decisions/s  (%.3f s)", perSecond(swift), swift))
            say(String(format: "ratio engine / Swift:        %12.2f no traces, %.2f with traces", swift / untraced, swift / withTraces))
            say(String(format: "granted:                     %12d of %d (engine and Swift agree on every one)", plain!.grantedCount, applications))
        }
        say("")
        let sample = min(100_000, applications)
        let decisions = ruleSet.decide(table, traced: true)
        let explain = best { for row in 0..<sample { _ = decisions.trace(at: row) } }
        say(String(format: "trace turned into a value:   %12.0f traces/s   (%d, one thread; the caseworker page and the stored JSON use this)", Double(sample) / explain, sample))
        say("goals: ≥ 9,500,000/s without traces (OpenFisca, vectorised, no traces), ≥ 1,000,000/s with full traces")
    }

    private func best(_ body: () -> Void) -> Double {
        (0..<max(1, repeats)).map { _ in
            let started = DispatchTime.now()
            body()
            return seconds(since: started)
        }.min()!
    }

    private func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// The baseline, split across threads the same way as the engine.
    static func decideInSwift(_ wave: [ProtectionApplication], threads: Int, outcomes: inout [UInt8], reasons: inout [UInt32]) {
        wave.withUnsafeBufferPointer { wave in
            outcomes.withUnsafeMutableBufferPointer { outcomes in
                reasons.withUnsafeMutableBufferPointer { reasons in
                    let shared = SwiftBaselineBuffers(wave: wave, outcomes: outcomes, reasons: reasons)
                    let step = (wave.count + threads - 1) / threads
                    DispatchQueue.concurrentPerform(iterations: threads) { part in
                        for i in (part * step)..<min(shared.wave.count, (part + 1) * step) {
                            let decision = shared.wave[i].decideInSwift()
                            shared.outcomes[i] = decision.grant ? 0 : 1
                            shared.reasons[i] = decision.reasons
                        }
                    }
                }
            }
        }
    }
}

private struct SwiftBaselineBuffers: @unchecked Sendable {
    let wave: UnsafeBufferPointer<ProtectionApplication>
    let outcomes: UnsafeMutableBufferPointer<UInt8>
    let reasons: UnsafeMutableBufferPointer<UInt32>
}
