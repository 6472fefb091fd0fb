import NIOConcurrencyHelpers

/// SQLite has one writer at a time. When two connections write at once, the second sleeps in
/// SQLite's busy handler (1 ms, 2 ms, 5 ms … up to 100 ms a try), long after the first has
/// committed, and the cores idle. The gate queues this process's write transactions in order
/// instead, so each starts the moment the one before it commits. It is re-entrant within a task
/// (and the tasks it starts), so a gated write may call another. On PostgreSQL it is not used.
final class WriteGate: Sendable {
    private let state = NIOLockedValueBox<(busy: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))
    /// How many gated writes ran, and for how long the gate was held in all (for benchmarks).
    private let totals = NIOLockedValueBox<(writes: Int, held: Duration)>((0, .zero))

    var statistics: (writes: Int, held: Duration) { totals.withLockedValue { $0 } }

    @TaskLocal static var held = false

    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        if Self.held { return try await body() }
        await acquire()
        let start = ContinuousClock.now
        defer {
            let held = ContinuousClock.now - start
            totals.withLockedValue { $0 = ($0.writes + 1, $0.held + held) }
            release()
        }
        return try await Self.$held.withValue(true) { try await body() }
    }

    private func acquire() async {
        let free = state.withLockedValue { state -> Bool in
            if state.busy { return false }
            state.busy = true
            return true
        }
        if free { return }
        await withCheckedContinuation { continuation in
            let now = state.withLockedValue { state -> Bool in
                if !state.busy {
                    state.busy = true
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Hands the gate to the first waiter (it stays busy), or frees it.
    private func release() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

extension Store {
    /// Runs `body` as this process's only SQLite writer at the time (see `WriteGate`); on
    /// PostgreSQL, as it is.
    func writing<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        isPostgres ? try await body() : try await writeGate.run(body)
    }

    /// How many SQLite writes went through the gate, and how long it was held in all.
    public var writeGateStatistics: (writes: Int, held: Duration) { writeGate.statistics }

    /// A write transaction, through the gate. FluentKit runs the transaction's body in a task of
    /// its own that does not inherit task-local values, so the body is marked as holding the gate
    /// again (otherwise a gated write inside it would wait for itself).
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writing {
            try await database.transaction { database in
                try await WriteGate.$held.withValue(true) { try await body(database as! any SQLDatabase) }
            }
        }
    }
}

import SQLKit
