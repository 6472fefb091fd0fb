import Identifiers
import Dispatch

/// The decisions for a table of applications, with each application's trace when asked for.
public struct Decisions: Sendable {
    /// The rule set that decided.
    public let ruleSet: RuleSet
    /// The applications.
    public let table: FactTable
    /// Per row, the index of the version used, or -1 when no version was in force.
    let versionIndices: [Int32]
    let outcomes: [UInt8]
    let reasonBits: [UInt32]
    /// Per version, its traced values column by column (`column * count + row`), when traced.
    let traces: [[Int64]]?

    /// How many applications.
    public var count: Int { table.count }

    /// How many were granted.
    public var grantedCount: Int { outcomes.reduce(0) { $0 + (Int($1) ^ 1) } }

    /// The outcome of one application.
    public func outcome(at row: Int) -> Outcome { outcomes[row] == 0 ? .grant : .route }

    /// The version used for one application, or nil when none was in force on its date.
    public func version(at row: Int) -> RuleSetVersion? {
        let index = Int(versionIndices[row])
        return index < 0 ? nil : ruleSet.versions[index]
    }

    /// Why one application went to a caseworker: the reasons' names, in the order the file lists them.
    public func reasons(at row: Int) -> [String] {
        let bits = reasonBits[row]
        guard let version = version(at: row) else { return bits == 0 ? [] : [RuleSet.noVersionReason] }
        var names: [String] = []
        for (bit, route) in version.decision.routes.enumerated() where bits & (1 << UInt32(bit)) != 0 { names.append(route.reason) }
        if bits & version.program.otherwiseBit != 0 { names.append(version.decision.otherwise.reason) }
        return names
    }
}

extension RuleSet {
    /// The reason given when no version of the rules was in force on the application date.
    public static let noVersionReason = "no-rules-in-force"

    /// Decides every application in a table with the version in force on its application date.
    ///
    /// - Parameters:
    ///   - traced: keep every rule's value for every application, so that ``Decisions/trace(at:)``
    ///     can explain each one.
    ///   - threads: how many threads share the work.
    public func decide(_ table: FactTable, traced: Bool = false, threads: Int = 1) -> Decisions {
        let count = table.count
        var versionIndices = [Int32](repeating: -1, count: count)
        let dates = table.values[0..<count]
        var rowsByVersion = [[Int]](repeating: [], count: versions.count)
        var single: Int32? = versions.isEmpty ? nil : -2
        for (row, day) in dates.enumerated() {
            let index = versions.firstIndex { $0.isInForce(on: CalendarDate(daysSinceEpoch: Int(day))) }.map(Int32.init) ?? -1
            versionIndices[row] = index
            if single == -2 { single = index } else if single != index { single = nil }
            if index >= 0 { rowsByVersion[Int(index)].append(row) }
        }
        var outcomes = [UInt8](repeating: 1, count: count)
        var reasons = [UInt32](repeating: 1 << 31, count: count)
        var traces: [[Int64]] = versions.map { traced ? [Int64](repeating: missingValue, count: $0.program.traceColumns.count * count) : [] }
        for (index, version) in versions.enumerated() where !rowsByVersion[index].isEmpty {
            if let single, single == Int32(index) {
                version.program.run(table, traced: traced, threads: threads, outcomes: &outcomes, reasons: &reasons, trace: &traces[index])
            } else {
                let rows = rowsByVersion[index]
                let part = table.rows(rows)
                var partOutcomes = [UInt8](repeating: 1, count: rows.count)
                var partReasons = [UInt32](repeating: 0, count: rows.count)
                var partTrace = [Int64](repeating: missingValue, count: traced ? version.program.traceColumns.count * rows.count : 0)
                version.program.run(part, traced: traced, threads: threads, outcomes: &partOutcomes, reasons: &partReasons, trace: &partTrace)
                for (i, row) in rows.enumerated() {
                    outcomes[row] = partOutcomes[i]
                    reasons[row] = partReasons[i]
                }
                if traced {
                    for column in 0..<version.program.traceColumns.count {
                        for (i, row) in rows.enumerated() { traces[index][column * count + row] = partTrace[column * rows.count + i] }
                    }
                }
            }
        }
        return Decisions(ruleSet: self, table: table, versionIndices: versionIndices, outcomes: outcomes, reasonBits: reasons, traces: traced ? traces : nil)
    }
}

/// Lets the threads of one run write to disjoint parts of the same buffers.
private struct SharedOutput: @unchecked Sendable {
    let values: UnsafePointer<Int64>
    let output: ProgramOutput
}

extension Program {
    /// Runs over a whole table, split across threads.
    func run(_ table: FactTable, traced: Bool, threads: Int, outcomes: inout [UInt8], reasons: inout [UInt32], trace: inout [Int64]) {
        let count = table.count
        guard count > 0 else { return }
        table.values.withUnsafeBufferPointer { values in
            outcomes.withUnsafeMutableBufferPointer { outcomes in
                reasons.withUnsafeMutableBufferPointer { reasons in
                    trace.withUnsafeMutableBufferPointer { trace in
                        let shared = SharedOutput(values: values.baseAddress!, output: ProgramOutput(
                            outcomes: outcomes.baseAddress!, reasons: reasons.baseAddress!,
                            trace: traced ? trace.baseAddress : nil, rowCount: count
                        ))
                        let parts = max(1, min(threads, count / Program.batchSize))
                        let step = (count + parts - 1) / parts
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            let rows = (part * step)..<min(count, (part + 1) * step)
                            self.run(values: shared.values, count: count, rows: rows, output: shared.output)
                        }
                    }
                }
            }
        }
    }
}
