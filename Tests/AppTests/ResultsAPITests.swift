import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import SQLKit
import Testing
@testable import TverrApp

@Suite("The laboratory API: results in bulk, each row answered, idempotent by sample id")
struct ResultsAPITests {
    typealias H = IdentityHarness
    static let lab = "974749025"
    static let scope = "tverr:pandemic/results.write"
    static let path = "/api/v1/pandemic/results"

    static func labToken(_ h: H) async throws -> String {
        let machine = try await h.registerMachine("lab", scopes: [scope], organisation: lab)
        return try await h.machineToken(machine, scope: scope)
    }

    static func row(_ sample: String, _ pid: String, result: String = "negative", collected: String? = nil) -> String {
        let time = collected ?? ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
        return #"{"sampleId": "\#(sample)", "nationalIdentityNumber": "\#(pid)", "testType": "LP217198-3", "device": "1232", "#
            + #""sampleCollected": "\#(time)", "result": "\#(result)", "testCentre": "Teststasjon Oslo S"}"#
    }

    @Test("Only a laboratory's machine client with the scope may submit", arguments: Backend.available)
    func access(backend: Backend) async throws {
        try await H.run(backend) { h in
            let body = #"{"results": [\#(Self.row("A-1", h.people[0].identityNumber.value))]}"#
            #expect(try await BookingAPITests.call(h, .post, Self.path, token: nil, body: body).status == .unauthorized)
            let reader = try await h.registerMachine("reader", scopes: ["tverr:registers/person.read"], organisation: Self.lab)
            let wrong = try await BookingAPITests.call(h, .post, Self.path, token: try await h.machineToken(reader), body: body)
            #expect(wrong.status == .forbidden)
            let citizen = try await BookingPageTests.citizen(h, index: 0)
            var headers = citizen.headers
            headers[.contentType] = "application/json"
            let cookie = try await h.client.execute(uri: Self.path, method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(cookie.status == .unauthorized, "a portal session is not a laboratory")
            #expect(try await TestResultsCount.of(h.store) == 0)
        }
    }

    @Test("Good, repeated, malformed and hostile rows in one request: each answered, only the good ones stored", arguments: Backend.available)
    func rows(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await Self.labToken(h)
            let pid = h.people[0].identityNumber.value, other = h.people[1].identityNumber.value
            let rows = [
                Self.row("B-1", pid), Self.row("B-2", other, result: "positive"), Self.row("B-1", pid),
                Self.row("B-3", pid, collected: "2099-01-01T00:00:00Z"), #"{"sampleId": 17, "result": ["x"]}"#, #""just a string""#,
                Self.row("B-4", "12345678901"), Self.row("<img src=x onerror=alert(1)>", pid),
                Self.row("B-5", pid).replacingOccurrences(of: "\"1232\"", with: "\"0000\""),
            ]
            let response = try await BookingAPITests.call(h, .post, Self.path, token: token, body: #"{"results": [\#(rows.joined(separator: ","))]}"#)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let json = try H.json(response)
            #expect(json["accepted"] as? Int == 2 && json["duplicates"] as? Int == 1 && json["rejected"] as? Int == 6)
            let results = try #require(json["results"] as? [[String: Any]])
            #expect(results.compactMap { $0["status"] as? String } == ["accepted", "accepted", "duplicate", "rejected", "rejected", "rejected",
                                                                       "rejected", "rejected", "rejected"])
            #expect(results.map { $0["field"] as? String } == [nil, nil, nil, "sampleCollected", "sampleId", nil, "nationalIdentityNumber",
                                                               "sampleId", "device"])
            #expect(results[3]["reason"] as? String == "future" && results[8]["reason"] as? String == "unknownDevice")
            #expect(results[5]["error"] as? String == "The row is not a JSON object.")
            #expect(try await TestResultsCount.of(h.store) == 2)
            let audited = try await h.store.sql.raw("SELECT actor FROM audit_entries WHERE action = 'pandemic.result.register'").all()
                .map { try $0.decode(column: "actor", as: String.self) }
            #expect(audited == ["client:\(Self.lab)/lab", "client:\(Self.lab)/lab"])

            let again = try H.json(try await BookingAPITests.call(h, .post, Self.path, token: token, body: #"{"results": [\#(rows[0])]}"#))
            #expect(again["duplicates"] as? Int == 1 && (again["results"] as? [[String: Any]])?.first?["id"] as? String == results[0]["id"] as? String)
        }
    }

    @Test("A body that is no batch, an empty batch and one over 10,000 rows are refused whole with problem details", arguments: Backend.available)
    func wholeBody(backend: Backend) async throws {
        try await H.run(backend) { h in
            let token = try await Self.labToken(h)
            for body in ["not json", #"{"rows": []}"#, #"{"results": []}"#, #"{"results": "x"}"#] {
                let response = try await BookingAPITests.call(h, .post, Self.path, token: token, body: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            let many = #"{"results": ["# + Array(repeating: "{}", count: 10_001).joined(separator: ",") + "]}"
            let tooMany = try await BookingAPITests.call(h, .post, Self.path, token: token, body: many)
            #expect(tooMany.status == .badRequest && String(buffer: tooMany.body).contains("1 to 10000"))
            #expect(try await TestResultsCount.of(h.store) == 0)
        }
    }
}

/// How many test results are stored.
enum TestResultsCount {
    static func of(_ store: Store) async throws -> Int {
        try await store.sql.raw("SELECT COUNT(*) AS n FROM test_results").first()!.decode(column: "n", as: Int.self)
    }
}
