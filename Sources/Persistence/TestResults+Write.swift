import Audit
import CertLogic
import DCC
import Foundation
import Identity
import Localization
import Pandemic
import SQLKit

extension TestResults {
    static let resultTable = BulkInsert(table: "test_results", columns: [
        "id", "sample_id", "person", "test_type", "device", "test_name", "sample_collected", "detected", "centre", "registered_by",
        "registered_at", "digest", "organisation_number", "source",
    ], booleanColumns: ["detected"])
    static let caseTable = BulkInsert(table: "tracing_cases", columns: [
        "id", "person", "municipality_number", "result_id", "status", "opened_at", "updated_at",
    ])

    /// A result's row in `resultTable`'s columns.
    static func resultRow(_ checked: CheckedResult, id: String, by submitter: Submitter, at seconds: Int) -> [Cell] {
        let r = checked.record
        return [.text(id), .text(checked.sampleID), .text(checked.person.value), .text(r.type), .text(r.device), .text(r.testName),
                .integer(Int(r.sampleCollected)), .bool(r.detected), .text(r.centre), .text(submitter.actor), .integer(seconds),
                .text(checked.digest), .text(submitter.organisationNumber), .text(submitter.source)]
    }

    /// The data of a result's event: no name, and only what tracing needs.
    struct EventData: Encodable {
        let resultId: String, sampleId: String, sampleCollected: String, detected: Bool, municipality: String?
        var reason: String? = nil
    }

    /// Writes one chunk of checked rows with distinct sample ids; throws (writing nothing) when the
    /// database refuses the chunk.
    func write(_ chunk: [(index: Int, result: CheckedResult)], by submitter: Submitter, now: Date) async throws -> [Int: Outcome] {
        var outcomes: [Int: Outcome] = [:]
        let existing = try await existing(sampleIDs: chunk.map(\.result.sampleID))
        let people = try await municipalities(of: chunk.map(\.result.person.value))
        var fresh: [(index: Int, result: CheckedResult, id: String, municipality: String?)] = []
        for (index, checked) in chunk {
            if let found = existing[checked.sampleID] {
                outcomes[index] = found.digest == checked.digest
                    ? Outcome(index: index, sampleId: checked.sampleID, status: "duplicate", id: found.id)
                    : .rejected(index, checked.sampleID, ResultRefusal(.sampleIDConflict, field: "sampleId",
                                                                       "was already used for a different result. Send a correction through the result portal, or use a new sample id."))
            } else if let municipality = people[checked.person.value] {
                fresh.append((index, checked, TimeOrderedID.make(), municipality))
            } else {
                outcomes[index] = .rejected(index, checked.sampleID, ResultRefusal(.unknownPerson, field: "nationalIdentityNumber",
                                                                                   "No one in the population register has this number."))
            }
        }
        guard !fresh.isEmpty else { return outcomes }
        let seconds = Int(now.timeIntervalSince1970)
        var results: [[Cell]] = [], cases: [[Cell]] = [], events: [Outbox.Pending] = [], audit: [AuditRecord] = []
        let basis = ExchangeCatalogue.legalBasis(Self.legalBasis)!.citation
        let tracingBasis = ExchangeCatalogue.legalBasis("smittevernloven-3-6")!.citation
        for row in fresh {
            let r = row.result.record, pid = row.result.person.value
            results.append(Self.resultRow(row.result, id: row.id, by: submitter, at: seconds))
            audit.append(AuditRecord(actor: submitter.actor, subject: pid, action: "pandemic.result.register", purpose: Self.purpose, legalBasis: basis))
            if r.detected {
                cases.append([.text(TimeOrderedID.make()), .text(pid), .text(row.municipality), .text(row.id), .text("open"),
                              .integer(seconds), .integer(seconds)])
                audit.append(AuditRecord(actor: "service:tverr-pandemic", subject: pid, action: "pandemic.tracing.case.open",
                                         purpose: "smittesporing", legalBasis: tracingBasis))
            }
            let data = EventData(resultId: row.id, sampleId: row.result.sampleID, sampleCollected: ISODate.format(dateTime: r.sampleCollected),
                                 detected: r.detected, municipality: row.municipality)
            events.append(Outbox.Pending(type: "no.tverr.pandemic.test-result-registered.v1", subject: pid,
                                         json: String(decoding: try JSONEncoder().encode(data), as: UTF8.self), time: now))
            outcomes[row.index] = Outcome(index: row.index, sampleId: row.result.sampleID, status: "accepted", id: row.id)
        }
        let notices = try await notices(for: fresh.map { ($0.result.person.value, "test-result:\($0.result.sampleID)") })
        let (written, cased, announced) = (results, cases, events)
        try await AuditLog(store: store).audited(audit + notices.audit) { sql in
            try await Self.resultTable.run(written, on: sql)
            try await Self.caseTable.run(cased, on: sql)
            try await Outbox.appendAll(announced, on: sql, source: "/tverr/pandemic")
            try await notices.insert(on: sql)
        }
        return outcomes
    }

    /// The results already stored under these sample ids, by sample id.
    func existing(sampleIDs: [String]) async throws -> [String: (id: String, digest: String?)] {
        var found: [String: (id: String, digest: String?)] = [:]
        for row in try await store.sql.all("SELECT id, sample_id, digest FROM test_results WHERE", where: "sample_id", in: sampleIDs) {
            found[try row.decode(column: "sample_id", as: String.self)] =
                (try row.decode(column: "id", as: String.self), try row.decode(column: "digest", as: String?.self))
        }
        return found
    }

    /// The people in the population register among `numbers`, each with the municipality of their
    /// current address (nil inside when they have none).
    func municipalities(of numbers: [String]) async throws -> [String: String?] {
        var found: [String: String?] = [:]
        for row in try await store.sql.all("""
            SELECT p.identity_number, a.municipality_number FROM persons p
            LEFT JOIN addresses a ON a.person_id = p.id AND a.valid_to IS NULL WHERE
            """, where: "p.identity_number", in: numbers) {
            found[try row.decode(column: "identity_number", as: String.self)] = .some(try row.decode(column: "municipality_number", as: String?.self))
        }
        return found
    }
}
