import Audit
import DCC
import Foundation
import Identity
import Localization
import NIOConcurrencyHelpers
import Pandemic
import SQLKit

/// Test results as laboratories and test sites submit them: checked, matched with the
/// population register, and stored with everything a result sets off, in one transaction per
/// chunk: the audit entry, the `test-result-registered` event, the "you have a new test result"
/// notice through the notify block (never the result itself), and for a positive result a
/// contact-tracing case in the person's municipality. A bad row never holds back the good ones.
public struct TestResults: Sendable {
    let store: Store
    /// The organisation that runs the pandemic service: it sends the notices.
    public let serviceOrganisation: String
    let preparedTemplates = NIOLockedValueBox(false)

    /// The results of `store`; `serviceOrganisation` sends the notices (the public health institute in the demo).
    public init(store: Store, serviceOrganisation: String = "983744516") {
        self.store = store
        self.serviceOrganisation = serviceOrganisation
    }

    /// The most results one request may carry.
    public static let maximumBatch = 10_000
    /// Results written in one transaction.
    public static let chunkSize = 1_000
    /// Who sends the notices, in the notify block's records.
    public static let clientID = "tverr-pandemic"
    /// The notice's template.
    public static let noticeTemplate = "test-result-ready"
    /// The audit entry's purpose and legal basis for registering a result.
    static let purpose = "provesvar", legalBasis = "smittevernloven-2-3"

    /// Who submits: a laboratory's machine client, or a health worker in the result portal.
    public struct Submitter: Sendable, Equatable {
        /// As the audit log records it (`client:…` or `person:…`).
        public var actor: String
        /// The submitting organisation.
        public var organisationNumber: String
        /// `laboratory` or `portal`.
        public var source: String

        /// A submitter.
        public init(actor: String, organisationNumber: String, source: String) {
            (self.actor, self.organisationNumber, self.source) = (actor, organisationNumber, source)
        }
    }

    /// What became of one submitted row.
    public struct Outcome: Codable, Sendable, Equatable {
        /// The row's position in the request, from 0.
        public var index: Int
        /// The row's sample id, as given.
        public var sampleId: String?
        /// `accepted`, `duplicate` (the same result was submitted before) or `rejected`.
        public var status: String
        /// The stored result's id (accepted and duplicate).
        public var id: String?
        /// For a rejected row: the field at fault and why.
        public var field: String?
        public var error: String?
        /// The refusal's kind (`unknownPerson`, `future`, `sampleIDConflict`, …), for programs.
        public var reason: String?

        static func rejected(_ index: Int, _ sampleID: String?, _ refusal: ResultRefusal) -> Outcome {
            Outcome(index: index, sampleId: sampleID, status: "rejected", field: refusal.field, error: refusal.reason, reason: refusal.kind.rawValue)
        }
    }

    /// Checks and stores `submissions`; gives one outcome per row, in order.
    public func submit(_ submissions: [ResultSubmission], by submitter: Submitter, now: Date = Date()) async -> [Outcome] {
        var outcomes = [Outcome?](repeating: nil, count: submissions.count)
        // The first valid row for each sample id is written; later rows with that id follow it.
        var candidates: [(index: Int, result: CheckedResult)] = [], firstBySample: [String: Int] = [:], followers: [(Int, CheckedResult)] = []
        for (index, submission) in submissions.enumerated() {
            do {
                let checked = try ResultCheck.check(submission, now: now.timeIntervalSince1970)
                if firstBySample[checked.sampleID] == nil {
                    firstBySample[checked.sampleID] = index
                    candidates.append((index, checked))
                } else {
                    followers.append((index, checked))
                }
            } catch {
                outcomes[index] = .rejected(index, submission.sampleID, error)
            }
        }
        for chunk in candidates.pieces(of: Self.chunkSize) {
            let chunk = Array(chunk)
            do {
                for (index, outcome) in try await write(chunk, by: submitter, now: now) { outcomes[index] = outcome }
            } catch {
                // A chunk refused as a whole (another request stored one of its samples at the same
                // moment): each row again alone, so each gets its own answer.
                for one in chunk { outcomes[one.index] = await single(one, by: submitter, now: now) }
            }
        }
        let digests = Dictionary(uniqueKeysWithValues: candidates.map { ($0.result.sampleID, $0.result.digest) })
        for (index, checked) in followers {
            let first = firstBySample[checked.sampleID]!
            outcomes[index] = Self.follow(outcomes[first]!, index: index, checked: checked, sameContent: digests[checked.sampleID] == checked.digest,
                                          firstIndex: first)
        }
        return outcomes.enumerated().map { index, outcome in
            outcome ?? Outcome(index: index, sampleId: submissions[index].sampleID, status: "rejected", error: "The result could not be stored; send it again.",
                               reason: "storage")
        }
    }

    /// The outcome of a later row with the same sample id as an earlier one in the batch.
    static func follow(_ first: Outcome, index: Int, checked: CheckedResult, sameContent: Bool, firstIndex: Int) -> Outcome {
        guard sameContent else {
            return .rejected(index, checked.sampleID, ResultRefusal(.sampleIDConflict, field: "sampleId",
                                                                    "is used by row \(firstIndex) of this batch for a different result."))
        }
        var outcome = first
        outcome.index = index
        if outcome.status == "accepted" { outcome.status = "duplicate" }
        return outcome
    }

    /// One row alone. When another request stored the same sample at the same moment, it is read
    /// again (a reader may briefly still see the moment before) and reported as that result.
    private func single(_ one: (index: Int, result: CheckedResult), by submitter: Submitter, now: Date) async -> Outcome {
        for attempt in 1...5 {
            do { return try await write([one], by: submitter, now: now)[one.index]! } catch where Store.isUniqueViolation(error, column: "sample_id") {
                try? await Task.sleep(for: .milliseconds(2 * attempt))
            } catch { break }
        }
        return Outcome(index: one.index, sampleId: one.result.sampleID, status: "rejected", error: "The result could not be stored; send it again.",
                       reason: "storage")
    }
}
