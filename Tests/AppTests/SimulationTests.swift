import Foundation
import Logging
import Persistence
import SQLKit
import Testing
@testable import TverrApp

@Suite("tverr simulate pandemic: a wave through the laboratory API, with arrivals, bookings and tracing")
struct SimulationTests {
    typealias H = IdentityHarness

    static func count(_ h: H, _ query: String) async throws -> Int {
        try await h.store.sql.raw(SQLQueryString(query)).first()!.decode(column: "n", as: Int.self)
    }

    @Test("The wave leaves results from the laboratory client, a peak in the last third, open and closed cases, arrivals and bookings",
          arguments: Backend.available)
    func wave(backend: Backend) async throws {
        try await H.run(backend) { h in
            try await DemoTestStations.seed(store: h.store)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tverr-sim-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var logger = Logger(label: "simulation")
            logger.logLevel = .warning
            let summary = try await PandemicSimulation(days: 21, seed: 3).run(store: h.store, dataDirectory: directory, logger: logger, say: { _ in })
            #expect(summary.results > 0 && summary.positives > 0 && summary.arrivals > 0)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM test_results WHERE source = 'laboratory' AND registered_by LIKE 'client:983744516/simulated-lab-%'")
                    == summary.results, "every result came through the laboratory API")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM notify_messages WHERE template_id = 'test-result-ready'") == summary.results)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM tracing_cases WHERE status = 'closed'") == summary.closedCases)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM tracing_cases WHERE status = 'open'") > 0, "newer cases wait in the queues")
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM entry_registrations") == summary.arrivals)
            #expect(try await Self.count(h, "SELECT COUNT(*) AS n FROM bookings") == summary.bookings)
            let today = EntryController.today()
            let days = try await PandemicStatistics(store: h.store).days(municipality: nil, from: today.adding(days: -20), through: today)
            let peak = try #require(days.max { $0.positives < $1.positives })
            let index = try #require(days.firstIndex(of: peak))
            #expect(index >= 7 && index <= 19, "the peak falls two thirds of the way through: day \(index)")
        }
    }
}
