/// A fault found while checking a rule: an unknown name, a type that does not fit.
struct CompileProblem: Error {
    let message: String
}

/// Checks the types of a version's rules and compiles them to a ``Program``.
struct Compiler {
    struct Binding {
        let column: Column
        let type: FactType
        let allowedValues: [String]?
    }

    private(set) var names: [String: Binding] = [:]
    private(set) var texts: TextInterner
    private var instructions: [Instruction] = []
    private var constants: [(register: Int, value: Int64)] = []
    private var constantRegisters: [Int64: Int] = [:]
    private var registerCount = 0
    private var cache: [Expression: (Column, FactType)] = [:]
    private(set) var factsUsed: Set<Int> = []

    init(facts: [FactDefinition], texts: TextInterner) {
        self.texts = texts
        names["application_date"] = Binding(column: .fact(0), type: .date, allowedValues: nil)
        for (index, fact) in facts.enumerated() {
            names[fact.name] = Binding(column: .fact(index + 1), type: fact.type, allowedValues: fact.allowedValues)
        }
    }

    /// Adds a rule, which later rules may then name.
    mutating func bind(rule id: String, to column: Column, type: FactType) throws(CompileProblem) {
        guard names[id] == nil else { throw CompileProblem(message: "`\(id)` is already the name of a fact or an earlier rule") }
        names[id] = Binding(column: column, type: type, allowedValues: nil)
    }

    /// The finished program.
    func program(factCount: Int, rules: [Column], routes: [Column], grant: Column) -> Program {
        Program(
            factCount: factCount + 1, constants: constants, instructions: instructions,
            registerCount: registerCount, ruleColumns: rules, routeColumns: routes,
            grantColumn: grant, factsUsed: factsUsed.sorted()
        )
    }

    /// Compiles an expression, checking it is of the type expected.
    mutating func compile(_ expression: Expression, expecting expected: FactType) throws(CompileProblem) -> Column {
        let (column, type) = try compile(expression)
        guard type == expected else { throw CompileProblem(message: "`\(expression)` is \(type.phrase), but \(expected.phrase) is needed here") }
        return column
    }

    /// Compiles an expression and gives its column and type.
    mutating func compile(_ expression: Expression) throws(CompileProblem) -> (Column, FactType) {
        if let done = cache[expression] { return done }
        let result = try compileUncached(expression)
        cache[expression] = result
        return result
    }

    private mutating func compileUncached(_ expression: Expression) throws(CompileProblem) -> (Column, FactType) {
        switch expression {
        case .literal(let value):
            return (constant(for: value), value.type ?? .boolean)
        case .name(let name):
            guard let binding = names[name] else { throw CompileProblem(message: "`\(name)` is not a fact, nor a rule defined above this one") }
            if case .fact(let slot) = binding.column { factsUsed.insert(slot) }
            return (binding.column, binding.type)
        case .not(let inner):
            let a = try compile(inner, expecting: .boolean)
            return (emit(.not, a), .boolean)
        case .logical(let op, let l, let r):
            let a = try compile(l, expecting: .boolean)
            let b = try compile(r, expecting: .boolean)
            return (emit(op == .and ? .and : .or, a, b), .boolean)
        case .comparison(let op, let l, let r):
            return (try comparison(op, l, r), .boolean)
        case .arithmetic(let op, let l, let r):
            return try arithmetic(op, l, r)
        case .member(let inner, let values):
            let (a, type) = try compile(inner)
            var list: [Int64] = []
            for value in values {
                guard value.type == type else { throw CompileProblem(message: "`\(value)` in the list is not \(type.phrase) like `\(inner)`") }
                try checkAllowed(inner, value)
                list.append(encode(value))
            }
            return (emit(.member, a, list: list), .boolean)
        case .call(let function, let arguments):
            return try call(function, arguments)
        case .select(let c, let l, let r):
            let condition = try compile(c, expecting: .boolean)
            let (a, type) = try compile(l)
            let b = try compile(r, expecting: type)
            return (emit(.select, condition, a, b), type)
        }
    }

    private mutating func comparison(_ op: ComparisonOperator, _ l: Expression, _ r: Expression) throws(CompileProblem) -> Column {
        let (a, lt) = try compile(l)
        let (b, rt) = try compile(r)
        guard lt == rt else { throw CompileProblem(message: "`\(l)` is \(lt.phrase) and `\(r)` is \(rt.phrase); they cannot be compared") }
        if ![.equal, .notEqual].contains(op), lt == .text || lt == .boolean {
            throw CompileProblem(message: "\(lt.phrase.capitalizedFirst) can only be compared with `==` or `!=`, not `\(op.rawValue)`")
        }
        if case .literal(let value) = r { try checkAllowed(l, value) }
        if case .literal(let value) = l { try checkAllowed(r, value) }
        let code: OpCode = switch op {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        }
        return emit(code, a, b)
    }

    private mutating func arithmetic(_ op: ArithmeticOperator, _ l: Expression, _ r: Expression) throws(CompileProblem) -> (Column, FactType) {
        let (a, lt) = try compile(l)
        let (b, rt) = try compile(r)
        let type: FactType? = switch (lt, rt, op) {
        case (.integer, .integer, _): .integer
        case (.date, .integer, _): .date
        case (.date, .date, .minus): .integer
        default: nil
        }
        guard let type else { throw CompileProblem(message: "`\(l) \(op.rawValue) \(r)` mixes \(lt.phrase) and \(rt.phrase) in a way that has no meaning") }
        return (emit(op == .plus ? .add : .subtract, a, b), type)
    }

    private mutating func call(_ function: RuleFunction, _ arguments: [Expression]) throws(CompileProblem) -> (Column, FactType) {
        switch function {
        case .missing, .known:
            guard case .name(let name) = arguments[0], let binding = names[name], case .fact = binding.column else {
                throw CompileProblem(message: "\(function.rawValue)(…) takes the name of a fact, not `\(arguments[0])`")
            }
            let (a, _) = try compile(arguments[0])
            return (emit(function == .missing ? .missing : .known, a), .boolean)
        case .yearsBetween, .daysBetween:
            let a = try compile(arguments[0], expecting: .date)
            let b = try compile(arguments[1], expecting: .date)
            return (function == .yearsBetween ? emit(.years, a, b) : emit(.subtract, b, a), .integer)
        }
    }

    /// Refuses a text literal that a fact with a fixed list of values can never hold.
    private func checkAllowed(_ expression: Expression, _ value: FactValue) throws(CompileProblem) {
        guard case .name(let name) = expression, let allowed = names[name]?.allowedValues,
              case .text(let text) = value, !allowed.contains(text) else { return }
        throw CompileProblem(message: "`\(name)` is never \"\(text)\"; its values are \(allowed.joined(separator: ", "))")
    }

    /// The engine's number for a value.
    mutating func encode(_ value: FactValue) -> Int64 {
        switch value {
        case .boolean(let b): b ? 1 : 0
        case .integer(let n): n
        case .date(let d): Int64(d.daysSinceEpoch)
        case .text(let t): texts.id(for: t)
        case .missing: missingValue
        }
    }

    private mutating func constant(for value: FactValue) -> Column {
        let encoded = encode(value)
        if let register = constantRegisters[encoded] { return .register(register) }
        let register = registerCount
        registerCount += 1
        constants.append((register, encoded))
        constantRegisters[encoded] = register
        return .register(register)
    }

    private mutating func emit(_ op: OpCode, _ a: Column, _ b: Column? = nil, _ c: Column? = nil, list: [Int64] = []) -> Column {
        let destination = registerCount
        registerCount += 1
        instructions.append(Instruction(op: op, destination: destination, a: a, b: b ?? a, c: c ?? a, list: list))
        return .register(destination)
    }
}

extension FactType {
    /// "a date", "a number" and so on, for messages.
    var phrase: String {
        switch self {
        case .boolean: "true or false"
        case .integer: "a number"
        case .date: "a date"
        case .text: "a text"
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
