import DCC
import Foundation
import SQLKit

/// The health records certificates are made from: test results and vaccinations, by person.
/// The pandemic service writes test results here; the vaccination register's doses are here too.
public struct HealthRecords: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    /// A person's test results, newest sample first.
    public func tests(for pid: String) async throws -> [TestResultRecord] {
        try await store.sql.raw("""
            SELECT id, test_type, device, test_name, sample_collected, detected, centre FROM test_results
            WHERE person = \(bind: pid) ORDER BY sample_collected DESC, id
            """).all().map { row in
                TestResultRecord(id: try row.decode(column: "id", as: String.self), type: try row.decode(column: "test_type", as: String.self),
                                 device: try row.decode(column: "device", as: String?.self), testName: try row.decode(column: "test_name", as: String?.self),
                                 sampleCollected: Double(try row.decode(column: "sample_collected", as: Int64.self)),
                                 detected: try row.decode(column: "detected", as: Bool.self), centre: try row.decode(column: "centre", as: String.self))
            }
    }

    /// A person's vaccinations, oldest first.
    public func vaccinations(for pid: String) async throws -> [VaccinationRecord] {
        try await store.sql.raw("""
            SELECT id, vaccine, product, manufacturer, dose_number, series_doses, given_on FROM vaccinations
            WHERE person = \(bind: pid) ORDER BY given_on, dose_number, id
            """).all().map { row in
                VaccinationRecord(id: try row.decode(column: "id", as: String.self), vaccine: try row.decode(column: "vaccine", as: String.self),
                                  product: try row.decode(column: "product", as: String.self),
                                  manufacturer: try row.decode(column: "manufacturer", as: String.self),
                                  doseNumber: try row.decode(column: "dose_number", as: Int.self),
                                  seriesDoses: try row.decode(column: "series_doses", as: Int.self), date: try row.decode(column: "given_on", as: String.self))
            }
    }

    /// Records a test result for `pid`, identified by its `sampleID`.
    public func add(_ result: TestResultRecord, sampleID: String, for pid: String, by actor: String, at now: Date = Date()) async throws {
        try await store.sql.insert(into: "test_results")
            .columns("id", "sample_id", "person", "test_type", "device", "test_name", "sample_collected", "detected", "centre", "registered_by", "registered_at")
            .values(result.id, sampleID, pid, result.type, result.device, result.testName, Int64(result.sampleCollected), result.detected, result.centre,
                    actor, Int64(now.timeIntervalSince1970))
            .run()
    }

    /// Records a vaccination for `pid`.
    public func add(_ dose: VaccinationRecord, for pid: String, by actor: String, at now: Date = Date()) async throws {
        try await store.sql.insert(into: "vaccinations")
            .columns("id", "person", "vaccine", "product", "manufacturer", "dose_number", "series_doses", "given_on", "registered_by", "registered_at")
            .values(dose.id, pid, dose.vaccine, dose.product, dose.manufacturer, dose.doseNumber, dose.seriesDoses, dose.date, actor,
                    Int64(now.timeIntervalSince1970))
            .run()
    }

    /// The certificates `pid`'s records give at `now`.
    public func offers(for pid: String, now: Date = Date()) async throws -> [CertificateOffers.Offer] {
        CertificateOffers.offers(tests: try await tests(for: pid), vaccinations: try await vaccinations(for: pid),
                                 now: now.timeIntervalSince1970, country: CredentialSigners.country, issuer: IssuedCertificates.issuerName)
    }
}

/// Demo health records: for the demo citizen, three doses, a negative PCR test two hours before the
/// seeding and a positive one 30 days before; for every tenth adult born before 1990 (at most 100), two doses. Deterministic for a
/// given population; does nothing if there are records already.
public enum DemoHealthRecords {
    public static func seed(store: Store, citizen: String?, now: Date = Date()) async throws {
        guard try await store.sql.raw("SELECT 1 AS ok FROM vaccinations").first() == nil else { return }
        let records = HealthRecords(store: store)
        let actor = "client:983744516/demo"
        func dose(_ id: String, _ n: Int, of series: Int, _ date: String) -> VaccinationRecord {
            VaccinationRecord(id: id, vaccine: "1119349007", product: "EU/1/20/1528", manufacturer: "ORG-100030215",
                              doseNumber: n, seriesDoses: series, date: date)
        }
        if let citizen {
            for (n, date) in [(1, "2021-05-03"), (2, "2021-06-14"), (3, "2022-01-10")] {
                try await records.add(dose("demo-\(citizen)-v\(n)", n, of: 3, date), for: citizen, by: actor, at: now)
            }
            let t = now.timeIntervalSince1970
            try await records.add(TestResultRecord(id: "demo-\(citizen)-t1", type: ValueSets.TestType.naat, testName: "cobas SARS-CoV-2",
                                                   sampleCollected: t - 30 * 86_400, detected: true, centre: "Oslo universitetssykehus"),
                                  sampleID: "DEMO-\(citizen)-1", for: citizen, by: actor, at: now)
            try await records.add(TestResultRecord(id: "demo-\(citizen)-t2", type: ValueSets.TestType.rapidAntigen, device: "1232",
                                                   sampleCollected: t - 2 * 3600, detected: false, centre: "Teststasjon Oslo S"),
                                  sampleID: "DEMO-\(citizen)-2", for: citizen, by: actor, at: now)
        }
        let adults = try await store.sql.raw("SELECT identity_number FROM persons WHERE birth_date < '1990-01-01' ORDER BY identity_number")
            .all().map { try $0.decode(column: "identity_number", as: String.self) }
        for pid in stride(from: 0, to: adults.count, by: 10).map({ adults[$0] }).prefix(100) where pid != citizen {
            try await records.add(dose("demo-\(pid)-v1", 1, of: 2, "2021-06-01"), for: pid, by: actor, at: now)
            try await records.add(dose("demo-\(pid)-v2", 2, of: 2, "2021-07-13"), for: pid, by: actor, at: now)
        }
    }
}
