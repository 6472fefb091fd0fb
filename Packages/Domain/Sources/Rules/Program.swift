/// A column an instruction reads: one of the input's fact columns, or a register.
enum Column: Hashable, Sendable {
    case fact(Int)
    case register(Int)
}

/// The operations of the engine. Each works on a whole batch of applications at once.
enum OpCode: UInt8, Sendable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    case and, or, not, missing, known
    case add, subtract, years, select, member
}

/// One step of a compiled rule set: `register[dst] = op(a, b, c)` for every row of a batch.
struct Instruction: Sendable {
    let op: OpCode
    let destination: Int
    let a: Column
    let b: Column
    let c: Column
    /// The values for `member`.
    let list: [Int64]
}

/// A version's rules compiled to instructions over columns.
///
/// The engine is vectorised in the way OpenFisca is: each instruction runs over a batch of
/// applications, so that the cost of interpreting the rules is paid once a batch, and the
/// inner loops are plain integer arithmetic the compiler can turn into SIMD.
struct Program: Sendable {
    /// Fact columns the input has: slot 0 is `application_date`, then the facts in order.
    let factCount: Int
    /// Registers filled with one value each before the first batch.
    let constants: [(register: Int, value: Int64)]
    let instructions: [Instruction]
    let registerCount: Int
    /// Each rule's value.
    let ruleColumns: [Column]
    /// Each route condition's value.
    let routeColumns: [Column]
    /// The grant condition's value.
    let grantColumn: Column
    /// The fact slots the rules read, for the trace.
    let factsUsed: [Int]

    /// What a trace keeps per row: each rule, then each route condition, then the grant condition.
    var traceColumns: [Column] { ruleColumns + routeColumns + [grantColumn] }
}
