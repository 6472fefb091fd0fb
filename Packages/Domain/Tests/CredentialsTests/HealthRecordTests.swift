import CertLogic
import DCC
import Foundation
import Testing

@Suite("Which certificates health records give, and what a certificate says in words")
struct HealthRecordTests {
    static let now = ISODate.dateTime("2026-12-03T12:00:00Z")!
    static let hour = 3600.0, day = 86_400.0

    static func test(_ id: String, hoursAgo: Double, detected: Bool = false, type: String = ValueSets.TestType.naat) -> TestResultRecord {
        TestResultRecord(id: id, type: type, device: type == ValueSets.TestType.rapidAntigen ? "1232" : nil, testName: "cobas",
                         sampleCollected: now - hoursAgo * hour, detected: detected, centre: "Teststasjon Oslo S")
    }

    static func offers(tests: [TestResultRecord] = [], vaccinations: [VaccinationRecord] = []) -> [CertificateOffers.Offer] {
        CertificateOffers.offers(tests: tests, vaccinations: vaccinations, now: now, issuer: "Folkehelseinstituttet")
    }

    @Test("A negative test gives a test certificate until 72 hours after the sample, never before it is taken")
    func testWindow() throws {
        let offers = Self.offers(tests: [Self.test("fresh", hoursAgo: 2), Self.test("edge", hoursAgo: 71.99), Self.test("stale", hoursAgo: 72),
                                         Self.test("future", hoursAgo: -2), Self.test("positive", hoursAgo: 1, detected: true)])
        #expect(offers.map(\.recordID) == ["fresh", "edge"])
        guard case .test(let entry) = try #require(offers.first).statement else { Issue.record("not a test"); return }
        #expect(entry.result == ValueSets.TestResult.notDetected && entry.testName == "cobas" && entry.device == nil)
        #expect(entry.sampleCollected == "2026-12-03T10:00:00Z")
    }

    @Test("A rapid test names its device and no NAAT test name")
    func rapidTest() throws {
        let offer = try #require(Self.offers(tests: [Self.test("rat", hoursAgo: 1, type: ValueSets.TestType.rapidAntigen)]).first)
        guard case .test(let entry) = offer.statement else { Issue.record("not a test"); return }
        #expect(entry.device == "1232" && entry.testName == nil)
    }

    @Test("A positive PCR gives recovery from day 11 to day 180; a positive rapid test gives none")
    func recovery() throws {
        let tests = [Self.test("day10", hoursAgo: 10 * 24, detected: true), Self.test("day11", hoursAgo: 11 * 24, detected: true),
                     Self.test("day180", hoursAgo: 180 * 24, detected: true), Self.test("day181", hoursAgo: 181 * 24, detected: true),
                     Self.test("rat", hoursAgo: 20 * 24, detected: true, type: ValueSets.TestType.rapidAntigen)]
        let offers = Self.offers(tests: tests)
        #expect(offers.map(\.recordID) == ["day11", "day180"])
        #expect(offers.allSatisfy { $0.kind == .recovery })
        guard case .recovery(let entry) = offers[0].statement else { Issue.record("not recovery"); return }
        #expect(entry.firstPositive == "2026-11-22" && entry.validFrom == "2026-12-03" && entry.validUntil == "2027-05-21")
    }

    @Test("Only the latest vaccination gives a certificate, and not one dated in the future")
    func vaccination() throws {
        func dose(_ n: Int, _ date: String) -> VaccinationRecord {
            VaccinationRecord(id: "d\(n)", vaccine: "1119349007", product: "EU/1/20/1528", manufacturer: "ORG-100030215",
                              doseNumber: n, seriesDoses: 3, date: date)
        }
        #expect(Self.offers(vaccinations: [dose(1, "2021-05-01"), dose(3, "2022-01-10"), dose(2, "2021-06-01")]).map(\.recordID) == ["d3"])
        #expect(Self.offers(vaccinations: [dose(1, "2027-01-01")]).isEmpty)
        let all = Self.offers(tests: [Self.test("t", hoursAgo: 1)], vaccinations: [dose(1, "2021-05-01")])
        #expect(all.map(\.kind) == [.test, .vaccination], "newest first")
    }

    @Test("Every offer, once identified, is a payload that passes strict validation")
    func offersValidate() throws {
        let offers = Self.offers(tests: [Self.test("t", hoursAgo: 1), Self.test("r", hoursAgo: 30 * 24, detected: true)],
                                 vaccinations: [VaccinationRecord(id: "v", vaccine: "1119349007", product: "EU/1/20/1528",
                                                                  manufacturer: "ORG-100030215", doseNumber: 2, seriesDoses: 2, date: "2021-06-01")])
        #expect(offers.count == 3)
        for (index, offer) in offers.enumerated() {
            let certificate = HealthCertificate(name: .init(familyName: "Ødegård", givenName: "Åse"), dateOfBirth: "1986-03-14",
                                                statement: offer.statement.identified(by: try UVCI(country: "NO", opaque: "TEST/\(index)").value))
            #expect(certificate.problems(.issuing).isEmpty, "\(offer.kind): \(certificate.problems(.issuing))")
        }
    }

    @Test("The words for a test certificate, in all four languages, with Norwegian time")
    func describeTest() throws {
        let offer = try #require(Self.offers(tests: [Self.test("t", hoursAgo: 2)]).first)
        let certificate = HealthCertificate(name: .init(familyName: "Nordmann", givenName: "Kari"), dateOfBirth: "1990-05-17",
                                            statement: offer.statement.identified(by: "URN:UVCI:01:NO:X#Y"))
        let english = certificate.description(expires: Self.now + 70 * Self.hour, language: "en")
        #expect(english.title == "EU Digital COVID Certificate: test")
        #expect(english.text.contains("Name: Kari Nordmann. Date of birth: 17 May 1990."))
        #expect(english.text.contains("Result: negative (not detected)."))
        #expect(english.text.contains("Sample taken: 3 December 2026") && english.text.contains("11:00"), "10:00 UTC is 11:00 in Oslo")
        #expect(english.text.contains("Certificate number: URN:UVCI:01:NO:X#Y."))
        #expect(certificate.description(expires: nil, language: "nb").text.contains("Resultat: negativ (ikke påvist)."))
        #expect(certificate.description(expires: nil, language: "nn").text.contains("Prøva vart teken"))
        let ukrainian = certificate.description(expires: nil, language: "uk")
        #expect(ukrainian.title == "Цифровий COVID-сертифікат ЄС: тест" && ukrainian.text.contains("Країна: Норвегія."))
    }

    @Test("The words for vaccination and recovery name the product, the dose and the dates")
    func describeOthers() throws {
        let vaccination = HealthCertificate(name: .init(familyName: "Шевченко", givenName: "Олена"), dateOfBirth: "1979",
                                            statement: .vaccination(.init(vaccine: "1119349007", product: "EU/1/20/1528", manufacturer: "ORG-100030215",
                                                                          doseNumber: 3, seriesDoses: 3, date: "2022-01-10", country: "NO",
                                                                          issuer: "FHI", identifier: "U")))
        let words = vaccination.description(expires: nil, language: "en").text
        #expect(words.contains("Name: Олена Шевченко.") && words.contains("Date of birth: 1979."))
        #expect(words.contains("Vaccine: Comirnaty (SARS-CoV-2 mRNA vaccine).") && words.contains("Dose: 3 of 3.") && words.contains("10 January 2022"))
        #expect(vaccination.description(expires: nil, language: "uk").text.contains("Доза: 3 з 3."))
        let recovery = HealthCertificate(name: .init(familyName: "Nordmann", givenName: nil), dateOfBirth: "1990-05-17",
                                         statement: .recovery(.init(firstPositive: "2026-11-01", country: "SE", issuer: "FHM", validFrom: "2026-11-12",
                                                                    validUntil: "2027-04-30", identifier: "U")))
        let text = recovery.description(expires: nil, language: "nb").text
        #expect(text.contains("Navn: Nordmann.") && text.contains("Gyldig fra: 12. november 2026.") && text.contains("Land: SE."))
    }
}
