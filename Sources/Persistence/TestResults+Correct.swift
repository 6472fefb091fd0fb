import Audit
import CertLogic
import DCC
import Foundation
import Identity
import Pandemic
import SQLKit

extension TestResults {
    /// The most characters a correction's reason may have.
    public static let reasonLength = 500

    /// Corrects a stored result: what it says changes (type, device, sample time, result, test
    /// centre); its sample id and person never do. The correction is kept with the result before
    /// and after and the reason, audited, announced as `test-result-corrected`, and the person is
    /// told. A result corrected to positive opens a tracing case; one corrected to negative
    /// closes its open case. Refused when it changes nothing, or when someone else changed the
    /// result since it was read (`expectedDigest`).
    public func correct(_ id: String, to submission: ResultSubmission, reason: String, expectedDigest: String? = nil,
                        by submitter: Submitter, now: Date = Date()) async throws -> StoredResult {
        guard let before = try await result(id) else { throw ResultRefusal(.notFound, field: nil, "There is no such result.") }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ResultRefusal(.missing, field: "reason", "Say why the result is corrected.") }
        guard reason.count <= Self.reasonLength else { throw ResultRefusal(.malformed, field: "reason", "is longer than \(Self.reasonLength) characters.") }
        var given = submission
        (given.sampleID, given.nationalIdentityNumber) = (before.sampleID, before.person)
        let checked = try ResultCheck.check(given, now: now.timeIntervalSince1970)
        let oldDigest = ResultCheck.digest(person: before.person, before.record)
        guard checked.digest != oldDigest else { throw ResultRefusal(.unchanged, field: nil, "The correction changes nothing.") }
        if let expectedDigest, expectedDigest != oldDigest {
            throw ResultRefusal(.changedMeanwhile, field: nil, "Someone else changed this result after you opened it. Look at it again.")
        }
        let r = checked.record, seconds = Int64(now.timeIntervalSince1970)
        let municipality = try await municipalities(of: [before.person])[before.person] ?? nil
        let notices = try await notices(for: [(before.person, "test-result-corrected:\(id):\(seconds)")])
        let data = EventData(resultId: id, sampleId: before.sampleID, sampleCollected: ISODate.format(dateTime: r.sampleCollected),
                             detected: r.detected, municipality: municipality, reason: reason)
        let event = Outbox.Pending(type: "no.tverr.pandemic.test-result-corrected.v1", subject: before.person,
                                   json: String(decoding: try JSONEncoder().encode(data), as: UTF8.self), time: now)
        let json = { (record: TestResultRecord) in String(decoding: try JSONEncoder().encode(Snapshot(record)), as: UTF8.self) }
        let (beforeJSON, afterJSON) = (try json(before.record), try json(r))
        var audit = [AuditRecord(actor: submitter.actor, subject: before.person, action: "pandemic.result.correct", purpose: Self.purpose,
                                 legalBasis: ExchangeCatalogue.legalBasis(Self.legalBasis)!.citation)]
        if r.detected != before.record.detected {
            audit.append(AuditRecord(actor: "service:\(Self.clientID)", subject: before.person,
                                     action: r.detected ? "pandemic.tracing.case.open" : "pandemic.tracing.case.close",
                                     purpose: "smittesporing", legalBasis: ExchangeCatalogue.legalBasis("smittevernloven-3-6")!.citation))
        }
        try await AuditLog(store: store).audited(audit + notices.audit) { sql in
            guard try await sql.raw("""
                UPDATE test_results SET test_type = \(bind: r.type), device = \(bind: r.device), test_name = \(bind: r.testName),
                  sample_collected = \(bind: Int64(r.sampleCollected)), detected = \(bind: r.detected), centre = \(bind: r.centre),
                  digest = \(bind: checked.digest), corrected_at = \(bind: seconds)
                WHERE id = \(bind: id) AND (digest = \(bind: oldDigest) OR digest IS NULL
                  AND sample_collected = \(bind: Int64(before.record.sampleCollected)) AND detected = \(bind: before.record.detected)
                  AND test_type = \(bind: before.record.type) AND centre = \(bind: before.record.centre)) RETURNING id
                """).first() != nil else {
                throw ResultRefusal(.changedMeanwhile, field: nil, "Someone else changed this result at the same moment. Look at it again.")
            }
            try await sql.insert(into: "test_result_corrections")
                .columns("id", "result_id", "person", "before", "after", "reason", "corrected_by", "corrected_at")
                .values(UUID().uuidString.lowercased(), id, before.person, beforeJSON, afterJSON, reason, submitter.actor, seconds).run()
            if r.detected, !before.record.detected {
                try await sql.raw("""
                    INSERT INTO tracing_cases (id, person, municipality_number, result_id, status, opened_at, updated_at)
                    VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: before.person), \(bind: municipality), \(bind: id), 'open', \(bind: seconds), \(bind: seconds))
                    ON CONFLICT (result_id) DO UPDATE SET status = 'open', outcome = NULL, closed_at = NULL, updated_at = \(bind: seconds)
                    """).run()
            } else if !r.detected, before.record.detected {
                try await sql.raw("""
                    UPDATE tracing_cases SET status = 'closed', outcome = 'result-corrected', closed_at = \(bind: seconds), updated_at = \(bind: seconds)
                    WHERE result_id = \(bind: id) AND status = 'open'
                    """).run()
            }
            try await Outbox.appendAll([event], on: sql, source: "/tverr/pandemic")
            try await notices.insert(on: sql)
        }
        return try await result(id)!
    }

    /// A result's content as a correction keeps it, before and after.
    struct Snapshot: Encodable {
        let testType: String, device: String?, testName: String?, sampleCollected: String, detected: Bool, testCentre: String
        init(_ record: TestResultRecord) {
            (testType, device, testName, detected, testCentre) = (record.type, record.device, record.testName, record.detected, record.centre)
            sampleCollected = ISODate.format(dateTime: record.sampleCollected)
        }
    }

    /// A correction as staff see it.
    public struct Correction: Sendable, Equatable {
        public var before: String, after: String, reason: String, correctedBy: String, correctedAt: Int64
    }

    /// The corrections of a result, oldest first.
    public func corrections(of id: String) async throws -> [Correction] {
        try await store.sql.raw("""
            SELECT before, after, reason, corrected_by, corrected_at FROM test_result_corrections WHERE result_id = \(bind: id) ORDER BY corrected_at, id
            """).all().map { row in
                Correction(before: try row.decode(column: "before", as: String.self), after: try row.decode(column: "after", as: String.self),
                           reason: try row.decode(column: "reason", as: String.self), correctedBy: try row.decode(column: "corrected_by", as: String.self),
                           correctedAt: try row.decode(column: "corrected_at", as: Int64.self))
            }
    }
}
