import CBOR
import CertLogic
import DCC
import Foundation
import Testing

@Suite("DCC payload, transliteration, UVCI and business rules")
struct DCCTests {
    static let testJSON = #"""
    {"ver": "1.3.0", "nam": {"fn": "Ødegård-Lie", "fnt": "OEDEGAARD<LIE", "gn": "Åse Marie", "gnt": "AASE<MARIE"}, "dob": "1986-03-14",
     "t": [{"tg": "840539006", "tt": "LP217198-3", "ma": "1232", "sc": "2021-09-01T08:15:00+02:00", "tr": "260415000",
            "tc": "Teststasjon Oslo S", "co": "NO", "is": "Folkehelseinstituttet", "ci": "URN:UVCI:01:NO:T/8Q4JZ2K7#G"}]}
    """#

    static func testCertificate(sampleCollected: String = "2021-09-01T08:15:00+02:00", result: String = ValueSets.TestResult.notDetected) throws -> HealthCertificate {
        var certificate = try JSONDecoder().decode(HealthCertificate.self, from: Data(testJSON.utf8))
        guard case .test(var test) = certificate.statement else { throw CocoaError(.coderInvalidValue) }
        test.sampleCollected = sampleCollected
        test.result = result
        test.identifier = try UVCI(country: "NO", opaque: "T/8Q4JZ2K7").value
        certificate.statement = .test(test)
        return certificate
    }

    @Test("A test certificate decodes from the schema's JSON, and survives JSON and CBOR round trips")
    func roundTrips() throws {
        let certificate = try Self.testCertificate()
        #expect(certificate.name.standardisedFamilyName == "OEDEGAARD<LIE")
        #expect(certificate.statement.kind == .test)
        let json = try JSONEncoder().encode(certificate)
        #expect(try JSONDecoder().decode(HealthCertificate.self, from: json) == certificate)
        let cbor = certificate.cbor
        #expect(cbor["t"]?.items?.first?["tr"] == "260415000")
        let bytes = cbor.encoded(deterministic: true)
        #expect(try HealthCertificate(cbor: CBOR.decode(bytes)) == certificate)
    }

    @Test("Vaccination doses are CBOR integers, and a payload with two statements is refused")
    func shapes() throws {
        let vaccination = HealthCertificate(
            name: .init(familyName: "Nordmann", givenName: "Ola"), dateOfBirth: "1970",
            statement: .vaccination(.init(vaccine: "1119349007", product: "EU/1/20/1528", manufacturer: "ORG-100030215", doseNumber: 3, seriesDoses: 2,
                                          date: "2022-01-10", country: "NO", issuer: "Folkehelseinstituttet", identifier: try UVCI(country: "NO", opaque: "V/1").value))
        )
        #expect(vaccination.cbor["v"]?.items?.first?["dn"] == .int(3))
        #expect(vaccination.problems().isEmpty)
        var both = vaccination.cbor
        if case .map(var entries) = both {
            entries.append(.init("t", try Self.testCertificate().cbor["t"]!))
            both = .map(entries)
        }
        #expect(throws: HealthCertificate.DecodingFailure(path: "", reason: "holds v, t of v, t and r; exactly one is required")) { try HealthCertificate(cbor: both) }
        let twoTests = #"{"ver": "1.3.0", "nam": {"fnt": "X"}, "dob": "", "t": [{}, {}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(HealthCertificate.self, from: Data(twoTests.utf8)) }
        let wrongType: CBOR = .map([.init("ver", "1.3.0"), .init("nam", .map([.init("fnt", .int(7))])), .init("dob", "")])
        #expect(throws: HealthCertificate.DecodingFailure(path: "nam.fnt", reason: "must be text")) { try HealthCertificate(cbor: wrongType) }
    }

    @Test("Validation names every broken field by its path")
    func validation() throws {
        #expect(try Self.testCertificate().problems().isEmpty)
        var broken = try Self.testCertificate()
        broken.name.standardisedFamilyName = "Oedegaard"
        broken.dateOfBirth = "1986-13-01"
        guard case .test(var test) = broken.statement else { return }
        test.result = "positive"
        test.sampleCollected = "2021-09-01 08:15"
        test.device = nil
        test.country = "NOR"
        test.identifier = "URN:UVCI:01:NO:T/8Q4JZ2K7#P"
        broken.statement = .test(test)
        let problems = Dictionary(broken.problems().map { ($0.path, $0.message) }) { $1 }
        #expect(problems["nam.fnt"] == "must be 1 to 80 of A–Z and <")
        #expect(problems["dob"] == "must be YYYY-MM-DD, YYYY-MM, YYYY or empty")
        #expect(problems["t[0].tr"] == "\"positive\" is not in the value set")
        #expect(problems["t[0].sc"] == "must be a date and time with a UTC offset (ISO 8601)")
        #expect(problems["t[0].ma"] == "is required for a rapid antigen test")
        #expect(problems["t[0].co"] == "must be a two-letter country code (ISO 3166-1)")
        #expect(problems["t[0].ci"] == "The UVCI's check character is wrong (expected G)")
        #expect(problems.count == 7)
        #expect(broken.problems(.verifying).map(\.path).contains("t[0].ci") == false, "foreign identifiers need no check character")
    }

    @Test("Names become ICAO 9303 machine-readable text", arguments: [
        ("Nordmann", Transliteration.Convention.automatic, "NORDMANN"),
        ("Åse Ødegård-Lie", .automatic, "AASE<OEDEGAARD<LIE"),
        ("Müller", .automatic, "MUELLER"),
        ("José O'Brien", .automatic, "JOSE<OBRIEN"),
        ("Шевченко", .automatic, "SHEVCHENKO"),
        ("Юлія", .automatic, "YULIIA"),
        ("Юлія", .icao, "IULIIA"),
        ("Ярослав", .icao, "IAROSLAV"),
        ("Ярослав", .ukrainian, "YAROSLAV"),
        ("Михайло Коцюбинський", .ukrainian, "MYKHAILO<KOTSIUBYNSKYI"),
        ("Григорій", .automatic, "HRYHORII"),
        ("Згурський", .ukrainian, "ZGHURSKYI"),
        ("Наталья Щербакова", .icao, "NATALIA<SHCHERBAKOVA"),
    ])
    func transliteration(name: String, convention: Transliteration.Convention, expected: String) {
        #expect(Transliteration.icao(name, convention: convention) == expected)
    }

    @Test("Transliteration never yields anything but A–Z and <, and stops at 80 characters")
    func transliterationAlphabet() {
        let wild = "Ærlig 🙂 Ŋ ǅ 李 \u{0301}" + String(repeating: "Щ", count: 30)
        let out = Transliteration.icao(wild)
        #expect(out.count == 80)
        #expect(out.allSatisfy { ("A"..."Z").contains($0) || $0 == "<" })
    }

    @Test("UVCI check characters match the DCC FAQ example, and bad ones are named")
    func uvci() throws {
        #expect(try UVCI(checking: "URN:UVCI:01:SE:EHM/V12916227TFJJ#Q").value.hasSuffix("#Q"))
        #expect(throws: UVCI.Failure.checksumMismatch(expected: "Q")) { try UVCI(checking: "URN:UVCI:01:SE:EHM/V12916227TFJJ#R") }
        #expect(throws: UVCI.Failure.missingChecksum) { try UVCI(checking: "URN:UVCI:01:SE:EHM/V12916227TFJJ") }
        #expect(throws: UVCI.Failure.invalidCharacter("a")) { try UVCI(country: "NO", opaque: "abc") }
        #expect(throws: UVCI.Failure.notAUVCI) { try UVCI(checking: "URN:ISBN:01:NO:1#A") }
        let made = try UVCI(country: "NO", opaque: "TVERR/0123456789ABCDEF")
        #expect(try UVCI(checking: made.value) == made)
    }

    @Test("Norway's rules accept a fresh negative test and name the rule a stale, positive or future one breaks")
    func businessRules() throws {
        let sample = try #require(ISODate.dateTime("2021-09-01T08:15:00+02:00"))
        func failing(_ certificate: HealthCertificate, hoursLater: Double) -> [String] {
            BusinessRule.norway.filter { $0.applies(to: certificate.statement.kind, at: sample + hoursLater * 3600) }
                .filter { $0.evaluate(certificate, clock: sample + hoursLater * 3600, issuedAt: nil, expiresAt: nil) != .passed }
                .map(\.identifier)
        }
        #expect(BusinessRule.norway.filter { $0.applies(to: .test, at: sample) }.map(\.identifier) == ["GR-NO-0001", "TR-NO-0001", "TR-NO-0002", "TR-NO-0003", "TR-NO-0004", "TR-NO-0005"])
        #expect(BusinessRule.norway.filter { $0.applies(to: .test, at: sample - 365 * 86_400) }.isEmpty, "before the rules took effect")
        #expect(failing(try Self.testCertificate(), hoursLater: 24) == [])
        #expect(failing(try Self.testCertificate(), hoursLater: 72.5) == ["TR-NO-0003"])
        #expect(failing(try Self.testCertificate(result: ValueSets.TestResult.detected), hoursLater: 1) == ["TR-NO-0002"])
        #expect(failing(try Self.testCertificate(), hoursLater: -1) == ["TR-NO-0004"])
        #expect(BusinessRule.norway.count == 12)
        #expect(BusinessRule.norway.allSatisfy { rule in ["en", "nb", "nn", "uk"].allSatisfy { rule.description(in: $0) != rule.identifier } })
    }

    @Test("A vaccination counts from 14 days after a completed first series, for 270 days; a booster at once")
    func vaccinationRules() throws {
        func vaccination(dose: Int, of series: Int) throws -> HealthCertificate {
            HealthCertificate(name: .init(familyName: "Nordmann", givenName: nil), dateOfBirth: "1970-01-01", statement: .vaccination(.init(
                vaccine: "1119349007", product: "EU/1/20/1528", manufacturer: "ORG-100030215", doseNumber: dose, seriesDoses: series,
                date: "2022-01-10", country: "NO", issuer: "FHI", identifier: try UVCI(country: "NO", opaque: "V").value)))
        }
        let given = try #require(ISODate.date("2022-01-10"))
        func failing(_ certificate: HealthCertificate, days: Double) -> [String] {
            BusinessRule.norway.filter { $0.applies(to: .vaccination, at: given + days * 86_400) }
                .filter { $0.evaluate(certificate, clock: given + days * 86_400, issuedAt: nil, expiresAt: nil) != .passed }.map(\.identifier)
        }
        #expect(BusinessRule.norway.filter { $0.applies(to: .vaccination, at: given) }.count == 5)
        #expect(failing(try vaccination(dose: 2, of: 2), days: 10) == ["VR-NO-0003"])
        #expect(failing(try vaccination(dose: 2, of: 2), days: 20) == [])
        #expect(failing(try vaccination(dose: 2, of: 2), days: 300) == ["VR-NO-0004"])
        #expect(failing(try vaccination(dose: 1, of: 2), days: 20) == ["VR-NO-0002"])
        #expect(failing(try vaccination(dose: 3, of: 2), days: 1) == [])
    }
}

@Suite("DCC schema version")
struct SchemaVersionTests {
    @Test("ver must be 1.x.y with decimal x and y", arguments: [
        ("1.3.0", true), ("1.0.0", true), ("1.10.22", true), ("1.3", false), ("2.3.0", false), ("1..0", false), ("1.3.0.", false),
        ("01.3.0", false), ("1.3.x", false), ("", false), ("1.3.0 ", false), ("11.3.0", false),
    ])
    func version(text: String, valid: Bool) throws {
        var certificate = try DCCTests.testCertificate()
        certificate.schemaVersion = text
        #expect(certificate.problems(.verifying).contains { $0.path == "ver" } == !valid, "\(text)")
    }
}
