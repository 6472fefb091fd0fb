import Foundation
import Pandemic
import SQLKit

/// The baseline of `tverr bench results`: the bare result rows inserted into the real table (with
/// its indexes), 1,000 to a transaction as the real path does, with nothing else: no checks, no
/// register look-up, no audit, event or notice.
public enum ResultInsertBaseline {
    /// Checks `submissions` (untimed), times inserting their rows, then empties the table again.
    public static func measure(_ submissions: [ResultSubmission], store: Store, now: Date) async throws -> Double {
        let submitter = TestResults.Submitter(actor: "baseline", organisationNumber: "983744516", source: "laboratory")
        let rows = try submissions.map { submission -> [Cell] in
            TestResults.resultRow(try ResultCheck.check(submission, now: now.timeIntervalSince1970), id: TimeOrderedID.make(at: now),
                                  by: submitter, at: Int(now.timeIntervalSince1970))
        }
        let clock = ContinuousClock()
        let start = clock.now
        for piece in rows.pieces(of: TestResults.chunkSize) {
            let chunk = Array(piece)
            try await store.writeTransaction { sql in try await TestResults.resultTable.run(chunk, on: sql) }
        }
        let elapsed = clock.now - start
        try await store.sql.raw("DELETE FROM test_results").run()
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
