import CertLogic
import Foundation

/// A COVID-19 test result as a test station or laboratory registered it.
public struct TestResultRecord: Sendable, Equatable {
    /// The record's id in the health records.
    public var id: String
    /// The test type (`tt`): ``ValueSets/TestType/naat`` or ``ValueSets/TestType/rapidAntigen``.
    public var type: String
    /// The rapid test device (`ma`), from the test-device value set; nil for NAAT.
    public var device: String?
    /// The NAAT test's name (`nm`), if known.
    public var testName: String?
    /// When the sample was taken, in seconds since 1970.
    public var sampleCollected: Double
    /// Whether the virus was found.
    public var detected: Bool
    /// The test centre or facility (`tc`).
    public var centre: String

    /// A result.
    public init(id: String, type: String, device: String? = nil, testName: String? = nil, sampleCollected: Double, detected: Bool, centre: String) {
        (self.id, self.type, self.device, self.testName) = (id, type, device, testName)
        (self.sampleCollected, self.detected, self.centre) = (sampleCollected, detected, centre)
    }
}

/// A COVID-19 vaccination as the vaccination register holds it.
public struct VaccinationRecord: Sendable, Equatable {
    /// The record's id in the health records.
    public var id: String
    /// Vaccine or prophylaxis (`vp`).
    public var vaccine: String
    /// Medicinal product (`mp`).
    public var product: String
    /// Marketing authorisation holder (`ma`).
    public var manufacturer: String
    /// Dose number (`dn`).
    public var doseNumber: Int
    /// Doses in the series (`sd`).
    public var seriesDoses: Int
    /// The date given, YYYY-MM-DD.
    public var date: String

    /// A vaccination.
    public init(id: String, vaccine: String, product: String, manufacturer: String, doseNumber: Int, seriesDoses: Int, date: String) {
        (self.id, self.vaccine, self.product, self.manufacturer) = (id, vaccine, product, manufacturer)
        (self.doseNumber, self.seriesDoses, self.date) = (doseNumber, seriesDoses, date)
    }
}

/// Which certificates a person's health records give, following the EU rules for issuing
/// (Regulation (EU) 2021/953 and the eHN guidelines):
/// - a **test** certificate for a negative result whose sample is less than 72 hours old (the
///   certificate expires 72 hours after the sample);
/// - a **recovery** certificate for a positive NAAT (PCR) result from 11 to 180 days ago, valid
///   from day 11 to day 180;
/// - a **vaccination** certificate for the latest dose.
public enum CertificateOffers {
    /// How long a test certificate can be issued after the sample (and how long it lasts).
    public static let testWindow = 72.0 * 3600
    /// The first day after a positive test that recovery can be certified.
    public static let recoveryFromDays = 11
    /// The last day after a positive test that recovery is certified.
    public static let recoveryUntilDays = 180

    /// One certificate a person may get, from one record.
    public struct Offer: Sendable, Equatable {
        /// The record it comes from.
        public var recordID: String
        /// The certificate's type.
        public var kind: HealthCertificate.Kind
        /// The statement, without its identifier (filled in when issued).
        public var statement: HealthCertificate.Statement
        /// The time the record's event happened, seconds since 1970, for ordering.
        public var time: Double
    }

    /// The offers from `tests` and `vaccinations` at `now`, newest first.
    public static func offers(tests: [TestResultRecord], vaccinations: [VaccinationRecord], now: Double,
                              country: String = "NO", issuer: String) -> [Offer] {
        var offers: [Offer] = []
        for test in tests where test.sampleCollected <= now + 300 {
            let age = now - test.sampleCollected
            if !test.detected, age < testWindow {
                offers.append(Offer(recordID: test.id, kind: .test, statement: .test(.init(
                    type: test.type, testName: test.type == ValueSets.TestType.naat ? test.testName : nil,
                    device: test.type == ValueSets.TestType.rapidAntigen ? test.device : nil,
                    sampleCollected: ISODate.format(dateTime: test.sampleCollected), result: ValueSets.TestResult.notDetected,
                    centre: test.centre, country: country, issuer: issuer, identifier: "")), time: test.sampleCollected))
            }
            let day = 86_400.0
            if test.detected, test.type == ValueSets.TestType.naat,
               age >= Double(recoveryFromDays) * day, age <= Double(recoveryUntilDays) * day {
                let first = ISODate.format(date: test.sampleCollected)
                offers.append(Offer(recordID: test.id, kind: .recovery, statement: .recovery(.init(
                    firstPositive: first, country: country, issuer: issuer,
                    validFrom: ISODate.format(date: test.sampleCollected + Double(recoveryFromDays) * day),
                    validUntil: ISODate.format(date: test.sampleCollected + Double(recoveryUntilDays) * day), identifier: "")),
                    time: test.sampleCollected))
            }
        }
        let latest = vaccinations.max { ($0.date, $0.doseNumber) < ($1.date, $1.doseNumber) }
        if let latest, let given = ISODate.date(latest.date), given <= now {
            offers.append(Offer(recordID: latest.id, kind: .vaccination, statement: .vaccination(.init(
                vaccine: latest.vaccine, product: latest.product, manufacturer: latest.manufacturer, doseNumber: latest.doseNumber,
                seriesDoses: latest.seriesDoses, date: latest.date, country: country, issuer: issuer, identifier: "")), time: given))
        }
        return offers.sorted { $0.time > $1.time }
    }
}

extension HealthCertificate.Statement {
    /// The same statement with its certificate identifier set.
    public func identified(by identifier: String) -> Self {
        switch self {
        case .vaccination(var entry): entry.identifier = identifier; return .vaccination(entry)
        case .test(var entry): entry.identifier = identifier; return .test(entry)
        case .recovery(var entry): entry.identifier = identifier; return .recovery(entry)
        }
    }
}
