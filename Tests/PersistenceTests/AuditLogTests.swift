import Audit
import Foundation
import Persistence
import SQLKit
import Testing

@Suite("Audit log in the database")
struct AuditLogTests {
    static func record(_ index: Int) -> AuditRecord {
        AuditRecord(actor: "client:974760673/nav", subject: "0184826941\(index % 10)", action: "registers.person.read",
                    purpose: "smittesporing", legalBasis: "smittevernloven § 7-3")
    }

    @Test("Concurrent appends give one gapless chain that verifies", arguments: Backend.available)
    func concurrentAppends(backend: Backend) async throws {
        try await withStore(backend) { store in
            let log = AuditLog(store: store)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 { group.addTask { try await log.append(Self.record(index)) } }
                try await group.waitForAll()
            }
            let entries = try await log.entries()
            #expect(entries.map(\.sequence).sorted() == Array(1...40))
            #expect(try AuditVerifier.verify(entries.sorted { $0.sequence < $1.sequence }) == 40)
            #expect(try await log.entries(about: "01848269413").count == 4)
        }
    }

    @Test("Group-committed appends mixed with direct appends and a second store on the same database stay gapless and verify",
          arguments: Backend.available)
    func groupCommit(backend: Backend) async throws {
        try await withStore(backend) { store in
            let log = AuditLog(store: store)
            // A second store on the same database stands for another process with its own writer.
            let other = try await Store.open(store.configuration, logger: testLogger)
            let otherLog = AuditLog(store: other)
            do {
                try await withThrowingTaskGroup(of: Int64.self) { group in
                    for index in 0..<60 { group.addTask { try await log.appendCommitted(Self.record(index)).sequence } }
                    for index in 0..<20 { group.addTask { try await otherLog.appendCommitted(Self.record(index)).sequence } }
                    for index in 0..<20 { group.addTask { try await log.append(Self.record(index)).sequence } }
                    var sequences: [Int64] = []
                    for try await sequence in group { sequences.append(sequence) }
                    #expect(sequences.sorted() == Array(1...100), "every caller got its own committed sequence")
                }
            } catch {
                await other.shutdown()
                throw error
            }
            await other.shutdown()
            let entries = try await log.entries()
            #expect(entries.count == 100)
            #expect(try await log.verify() == 100)
        }
    }

    @Test("Editing, deleting or swapping rows in the table is caught at the right place", arguments: Backend.available)
    func tamperedTable(backend: Backend) async throws {
        try await withStore(backend) { store in
            let log = AuditLog(store: store)
            for index in 0..<10 { try await log.append(Self.record(index)) }
            let sql = store.sql
            var stored = try await log.entries()
            #expect(try AuditVerifier.verify(stored) == 10)

            try await sql.raw("UPDATE audit_entries SET purpose = 'nysgjerrighet' WHERE sequence = 4").run()
            stored = try await log.entries()
            #expect(throws: AuditChainBreak.modified(position: 3, sequence: 4)) { try AuditVerifier.verify(stored) }
            try await sql.raw("UPDATE audit_entries SET purpose = 'smittesporing' WHERE sequence = 4").run()
            stored = try await log.entries()
            #expect(try AuditVerifier.verify(stored) == 10)

            // Swap the contents of rows 6 and 7 (everything but their storage position).
            let rows = try await log.entries()
            for (target, source) in [(rows[5], rows[6]), (rows[6], rows[5])] {
                try await sql.raw("""
                    UPDATE audit_entries SET sequence = \(bind: -source.sequence), hash = \(bind: source.hash),
                    recorded_at = \(bind: source.recordedAt), subject = \(bind: source.record.subject)
                    WHERE sequence = \(bind: target.sequence)
                    """).run()
            }
            try await sql.raw("UPDATE audit_entries SET sequence = -sequence WHERE sequence < 0").run()
            stored = try await log.entries()
            #expect(throws: AuditChainBreak.reordered(position: 5, expected: 6, found: 7)) { try AuditVerifier.verify(stored) }

            try await sql.raw("DELETE FROM audit_entries WHERE sequence = 6 OR sequence = 7").run()
            stored = try await log.entries()
            #expect(throws: AuditChainBreak.deleted(position: 5, expected: 6)) { try AuditVerifier.verify(stored) }
        }
    }
}
