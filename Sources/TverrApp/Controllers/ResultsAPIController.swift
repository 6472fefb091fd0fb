import Foundation
import Hummingbird
import Identity
import Pandemic
import Persistence

/// The laboratory API: a laboratory's machine client with `tverr:pandemic/results.write`
/// submits up to 10,000 COVID-19 test results a request. Each row is answered on its own
/// (accepted, duplicate or rejected with the field and reason); a bad row never blocks the good
/// ones, and sending the same rows again is harmless (idempotent by sample id).
struct ResultsAPIController {
    let provider: IdentityProvider?
    let results: TestResults?
    static let writeScope = "tverr:pandemic/results.write"
    static let maximumBody = 16 * 1024 * 1024

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.post(SiteRoute.pandemicResults.path) { request, _ in try await submit(request) }
    }

    func submit(_ request: Request) async throws -> Response {
        guard let provider, let results else { throw Problem(.serviceUnavailable, detail: "The laboratory API is not running in this process.") }
        let claims = try await BearerToken.verify(request, provider: provider)
        guard let consumer = claims.consumer else {
            throw Problem.oauth(OAuthError(.insufficientScope, "The laboratory API takes machine-client tokens (JWT bearer grant), not a person's login."))
        }
        guard claims.scopes.contains(Self.writeScope) else { throw Problem.oauth(OAuthError(.insufficientScope, "This needs the scope \(Self.writeScope).")) }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: Self.maximumBody) } catch {
            throw Problem(.contentTooLarge, detail: "The body is larger than 16 MiB; send at most \(TestResults.maximumBatch) results a request.")
        }
        let batch = try EventsController.decode(Batch.self, buffer)
        guard (1...TestResults.maximumBatch).contains(batch.results.count) else {
            throw Problem(.badRequest, detail: "results must hold 1 to \(TestResults.maximumBatch) results; this one holds \(batch.results.count).")
        }
        let submitter = TestResults.Submitter(actor: "client:\(consumer.organisationNumber)/\(claims.client_id)",
                                              organisationNumber: consumer.organisationNumber, source: "laboratory")
        let outcomes = await results.submit(batch.results.map(\.submission), by: submitter)
        return try OIDCController.json(Answer(accepted: outcomes.filter { $0.status == "accepted" }.count,
                                              duplicates: outcomes.filter { $0.status == "duplicate" }.count,
                                              rejected: outcomes.filter { $0.status == "rejected" }.count, results: outcomes))
    }

    struct Batch: Decodable { var results: [Row] }

    struct Answer: Encodable {
        let accepted: Int, duplicates: Int, rejected: Int
        let results: [TestResults.Outcome]
    }

    /// One row, read leniently: a field of the wrong type, or a row that is no object, becomes a
    /// rejection of that row instead of failing the request.
    struct Row: Decodable {
        var submission = ResultSubmission()

        enum Key: String, CodingKey, CaseIterable {
            case sampleId, nationalIdentityNumber, testType, device, testName, sampleCollected, result, testCentre
        }

        init(from decoder: any Decoder) throws {
            guard let container = try? decoder.container(keyedBy: Key.self) else { submission.isObject = false; return }
            func text(_ key: Key) -> String? {
                guard container.contains(key), (try? container.decodeNil(forKey: key)) == false else { return nil }
                if let value = try? container.decode(String.self, forKey: key) { return value }
                submission.wrongTypes.append(key.rawValue)
                return nil
            }
            submission.sampleID = text(.sampleId)
            submission.nationalIdentityNumber = text(.nationalIdentityNumber)
            submission.testType = text(.testType)
            submission.device = text(.device)
            submission.testName = text(.testName)
            submission.sampleCollected = text(.sampleCollected)
            submission.result = text(.result)
            submission.testCentre = text(.testCentre)
        }
    }
}
