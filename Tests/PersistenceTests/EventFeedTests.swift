import Events
import FluentKit
import Foundation
import Identity
import Persistence
import SQLKit
import Testing

/// Set once the writers are done.
actor Finished {
    private(set) var value = false
    func set() { value = true }
}

@Suite("Event feed over the outbox")
struct EventFeedTests {
    static let type = "no.tverr.registers.address-changed.v1"

    @Test("Paging the feed while writers commit concurrently skips and repeats nothing", arguments: Backend.available)
    func stableUnderConcurrentWrites(backend: Backend) async throws {
        try await withStore(backend) { store in
            let hub = EventHub(store: store)
            let authorisation = try ExchangeCatalogue.authorise(grantedScopes: ["tverr:registers/person.read"], purpose: "saksbehandling",
                                                                legalBasis: "folkeregisterloven-10-2", needing: .identity)
            let caller = ExchangeCaller(clientID: "reader", organisationNumber: "889640782")
            let finished = Finished()
            let (writers, each) = (4, 30)
            async let written: Void = Self.writeAll(finished) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for index in 0..<each {
                            // A transaction that stays open a moment after its insert: without the
                            // ordering lock on PostgreSQL, a later position could commit first.
                            try await store.database.transaction { database in
                                try await Outbox.append(type: Self.type, subject: "01848269413", data: ["n": "\(writer)-\(index)"],
                                                        on: database as! any SQLDatabase)
                                try await Task.sleep(for: .milliseconds(Int.random(in: 0...3)))
                            }
                        }
                    }
                }
            }
            var seen: [String] = []
            var cursor: Int64 = 0
            while true {
                let done = await finished.value
                let page = try await hub.feed(after: cursor, types: [Self.type], subject: nil, limit: 7, caller: caller, authorisation: authorisation)
                seen += page.events.map(\.id)
                #expect(page.next >= cursor)
                cursor = page.next
                if done && page.events.isEmpty { break }
                if page.events.isEmpty { try await Task.sleep(for: .milliseconds(1)) }
            }
            try await written
            let all = try await store.sql.raw("SELECT event_id FROM outbox_events ORDER BY position").all()
                .map { try $0.decode(column: "event_id", as: String.self) }
            #expect(all.count == writers * each)
            #expect(Set(seen).count == seen.count, "no event twice")
            let missing = Set(all).subtracting(seen)
            #expect(missing.isEmpty, "\(missing.count) of \(all.count) events were skipped by the reader")
            #expect(missing.isEmpty && seen == all, "every event, in position order")
        }
    }

    /// Runs the writers; marks `finished` however they end, so the reader never waits for ever.
    static func writeAll(_ finished: Finished, _ add: (inout ThrowingTaskGroup<Void, any Error>) -> Void) async throws {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                add(&group)
                try await group.waitForAll()
            }
        } catch {
            await finished.set()
            throw error
        }
        await finished.set()
    }

    @Test("Only published types get delivery rows, and only for live subscriptions that match the subject", arguments: Backend.available)
    func fanOut(backend: Backend) async throws {
        try await withStore(backend) { store in
            let sql = store.sql
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await sql.insert(into: "clients").columns("client_id", "name", "kind", "organisation_number", "redirect_uris",
                                                          "post_logout_redirect_uris", "scopes", "created_at")
                .values("c", "C", "machine", "889640782", "", "", "tverr:registers/person.read", now).run()
            for (id, subject, deleted) in [("all", nil, nil), ("one", "01848269413", nil), ("gone", nil, now)] as [(String, String?, Int64?)] {
                try await sql.insert(into: "event_subscriptions")
                    .columns("id", "client_id", "organisation_number", "callback_url", "secret", "subject", "purpose", "legal_basis", "created_at", "deleted_at")
                    .values(id, "c", "889640782", "https://x.example/h", "secret", subject, "saksbehandling", "folkeregisterloven-10-2", now, deleted).run()
                try await sql.insert(into: "event_subscription_types").columns("subscription_id", "type").values(id, Self.type).run()
            }
            try await store.database.transaction { database in
                let sql = database as! any SQLDatabase
                try await Outbox.append(type: Self.type, subject: "01848269413", data: ["n": "1"], on: sql)
                try await Outbox.append(type: Self.type, subject: "13097248022", data: ["n": "2"], on: sql)
                try await Outbox.append(type: "no.tverr.exchange.consent-granted.v1", subject: "01848269413", data: ["n": "3"], on: sql)
            }
            let rows = try await sql.raw("SELECT subscription_id FROM event_deliveries ORDER BY id").all()
                .map { try $0.decode(column: "subscription_id", as: String.self) }
            #expect(rows.sorted() == ["all", "all", "one"])
        }
    }
}
