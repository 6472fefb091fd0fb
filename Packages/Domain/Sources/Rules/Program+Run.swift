/// Where one run of a program writes: outcome and reasons per row, and optionally each rule's value.
struct ProgramOutput {
    /// 0 grant, 1 route, per row.
    let outcomes: UnsafeMutablePointer<UInt8>
    /// The reasons for routing, one bit per route condition, per row.
    let reasons: UnsafeMutablePointer<UInt32>
    /// Each traced value per row (see ``Program/traceColumns``), column by column, or nil for no trace.
    let trace: UnsafeMutablePointer<Int64>?
    /// The rows of the whole output, for the trace's stride.
    let rowCount: Int
}

extension Program {
    /// Applications evaluated together by each instruction.
    static let batchSize = 512

    /// The bit that marks "no route condition held and the grant condition did not".
    var otherwiseBit: UInt32 { 1 << UInt32(routeColumns.count) }

    /// Evaluates rows `rows` of a table whose values start at `values` and have `count` rows.
    func run(values: UnsafePointer<Int64>, count: Int, rows: Range<Int>, output: ProgramOutput) {
        let scratch = UnsafeMutablePointer<Int64>.allocate(capacity: max(1, registerCount) * Program.batchSize)
        defer { scratch.deallocate() }
        for (register, value) in constants {
            (scratch + register * Program.batchSize).initialize(repeating: value, count: Program.batchSize)
        }
        var start = rows.lowerBound
        while start < rows.upperBound {
            let n = min(Program.batchSize, rows.upperBound - start)
            runBatch(values: values, count: count, start: start, n: n, scratch: scratch, output: output)
            start += n
        }
    }

    @inline(__always)
    private func pointer(_ column: Column, _ values: UnsafePointer<Int64>, _ count: Int, _ start: Int, _ scratch: UnsafeMutablePointer<Int64>) -> UnsafePointer<Int64> {
        switch column {
        case .fact(let slot): values + slot * count + start
        case .register(let register): UnsafePointer(scratch + register * Program.batchSize)
        }
    }

    private func runBatch(values: UnsafePointer<Int64>, count: Int, start: Int, n: Int, scratch: UnsafeMutablePointer<Int64>, output: ProgramOutput) {
        for instruction in instructions {
            let d = scratch + instruction.destination * Program.batchSize
            let a = pointer(instruction.a, values, count, start, scratch)
            let b = pointer(instruction.b, values, count, start, scratch)
            Program.execute(instruction, d, a, b, pointer(instruction.c, values, count, start, scratch), n)
        }
        if let trace = output.trace {
            for (rule, column) in traceColumns.enumerated() {
                (trace + rule * output.rowCount + start).update(from: pointer(column, values, count, start, scratch), count: n)
            }
        }
        let reasons = output.reasons + start
        reasons.update(repeating: 0, count: n)
        for (bit, column) in routeColumns.enumerated() {
            let p = pointer(column, values, count, start, scratch)
            for i in 0..<n { reasons[i] |= UInt32(truncatingIfNeeded: p[i] & 1) << UInt32(bit) }
        }
        let grant = pointer(grantColumn, values, count, start, scratch)
        let outcomes = output.outcomes + start
        let otherwise = otherwiseBit
        for i in 0..<n {
            let granted = reasons[i] == 0 && grant[i] & 1 == 1
            outcomes[i] = granted ? 0 : 1
            if !granted && reasons[i] == 0 { reasons[i] = otherwise }
        }
    }

    @inline(__always)
    private static func map(_ d: UnsafeMutablePointer<Int64>, _ a: UnsafePointer<Int64>, _ b: UnsafePointer<Int64>, _ n: Int, _ f: (Int64, Int64) -> Int64) {
        for i in 0..<n { d[i] = f(a[i], b[i]) }
    }

    private static func execute(_ instruction: Instruction, _ d: UnsafeMutablePointer<Int64>, _ a: UnsafePointer<Int64>, _ b: UnsafePointer<Int64>, _ c: UnsafePointer<Int64>, _ n: Int) {
        let m = missingValue
        switch instruction.op {
        case .equal: map(d, a, b, n) { x, y in x == y && x != m ? 1 : 0 }
        case .notEqual: map(d, a, b, n) { x, y in x != y && x != m && y != m ? 1 : 0 }
        case .less: map(d, a, b, n) { x, y in x < y && x != m && y != m ? 1 : 0 }
        case .lessOrEqual: map(d, a, b, n) { x, y in x <= y && x != m && y != m ? 1 : 0 }
        case .greater: map(d, a, b, n) { x, y in x > y && x != m && y != m ? 1 : 0 }
        case .greaterOrEqual: map(d, a, b, n) { x, y in x >= y && x != m && y != m ? 1 : 0 }
        case .and: map(d, a, b, n) { x, y in x & y & 1 }
        case .or: map(d, a, b, n) { x, y in (x | y) & 1 }
        case .not: map(d, a, a, n) { x, _ in ~x & 1 }
        case .missing: map(d, a, a, n) { x, _ in x == m ? 1 : 0 }
        case .known: map(d, a, a, n) { x, _ in x != m ? 1 : 0 }
        case .add: map(d, a, b, n) { x, y in x == m || y == m ? m : x &+ y }
        case .subtract: map(d, a, b, n) { x, y in x == m || y == m ? m : x &- y }
        case .years: map(d, a, b, n) { x, y in x == m || y == m ? m : FactValue.wholeYears(from: x, to: y) }
        case .select: for i in 0..<n { d[i] = a[i] & 1 == 1 ? b[i] : c[i] }
        case .member:
            d.update(repeating: 0, count: n)
            for value in instruction.list {
                for i in 0..<n { d[i] |= a[i] == value ? 1 : 0 }
            }
        }
    }
}
