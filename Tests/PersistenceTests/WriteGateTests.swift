import Foundation
import NIOConcurrencyHelpers
@testable import Persistence
import SQLKit
import Testing
import TestSupport

@Suite("The SQLite write gate: one writer at a time, in order, re-entrant, and nothing lost")
struct WriteGateTests {
    @Test("Thirty concurrent write transactions run one at a time and all commit; a nested write does not wait for itself")
    func oneAtATime() async throws {
        try await withStore(.sqlite) { store in
            try await store.sql.raw("CREATE TABLE gate_probe (n INTEGER NOT NULL)").run()
            let inside = NIOLockedValueBox((now: 0, most: 0))
            let before = store.writeGateStatistics
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        try await store.writeTransaction { sql in
                            inside.withLockedValue { $0 = ($0.now + 1, max($0.most, $0.now + 1)) }
                            try await sql.raw("INSERT INTO gate_probe (n) VALUES (\(bind: index))").run()
                            try await Task.sleep(for: .milliseconds(2))
                            // A gated write inside a gated write (as audited code calls others) goes straight in.
                            try await store.writing { try await sql.raw("INSERT INTO gate_probe (n) VALUES (\(bind: index + 1000))").run() }
                            inside.withLockedValue { $0.now -= 1 }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(inside.withLockedValue { $0.most } == 1, "never two writers at once")
            let count = try await store.sql.raw("SELECT COUNT(*) AS n FROM gate_probe").first()!.decode(column: "n", as: Int.self)
            #expect(count == 60)
            let after = store.writeGateStatistics
            #expect(after.writes - before.writes == 30, "the nested writes are not counted again")
            #expect(after.held - before.held >= .milliseconds(60))
        }
    }

    @Test("A failed write releases the gate and rolls back; the next writer goes on")
    func failureReleases() async throws {
        try await withStore(.sqlite) { store in
            try await store.sql.raw("CREATE TABLE gate_probe (n INTEGER NOT NULL UNIQUE)").run()
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await store.writeTransaction { sql in
                    try await sql.raw("INSERT INTO gate_probe (n) VALUES (1)").run()
                    throw Refused()
                }
            }
            try await store.writeTransaction { sql in try await sql.raw("INSERT INTO gate_probe (n) VALUES (1)").run() }
            let count = try await store.sql.raw("SELECT COUNT(*) AS n FROM gate_probe").first()!.decode(column: "n", as: Int.self)
            #expect(count == 1, "the first insert was rolled back, the second committed")
        }
    }
}
