import DCC
import Identifiers
import Pandemic
import Testing

@Suite("Checking a submitted test result")
struct ResultCheckTests {
    static let now = 1_796_371_200.0 // 2026-12-04T08:00:00Z
    static let person = (1...999).lazy.compactMap {
        NationalIdentityNumber.make(birthDate: CalendarDate(year: 1985, month: 3, day: 14)!, individualNumber: $0, synthetic: true)
    }.first!.value

    static func rapid(_ change: (inout ResultSubmission) -> Void = { _ in }) -> ResultSubmission {
        var submission = ResultSubmission(sampleID: "OSL-2026-000001", nationalIdentityNumber: person, testType: "LP217198-3", device: "1232",
                                          sampleCollected: "2026-12-04T08:30:00+01:00", result: "negative", testCentre: "Teststasjon Oslo S")
        change(&submission)
        return submission
    }

    func refusal(_ submission: ResultSubmission) -> ResultRefusal? {
        do { _ = try ResultCheck.check(submission, now: Self.now); return nil } catch { return error }
    }

    @Test("A complete rapid test is accepted with its time in UTC and its codes")
    func acceptsRapidTest() throws {
        let checked = try ResultCheck.check(Self.rapid(), now: Self.now)
        #expect(checked.sampleID == "OSL-2026-000001")
        #expect(checked.person.value == Self.person)
        #expect(checked.record.type == ValueSets.TestType.rapidAntigen)
        #expect(checked.record.device == "1232")
        #expect(checked.record.sampleCollected == Self.now - 30 * 60)
        #expect(checked.record.detected == false)
        #expect(checked.record.centre == "Teststasjon Oslo S")
        #expect(checked.digest.count == 64)
    }

    @Test("Words and codes for the test type and the result mean the same")
    func wordsAndCodes() throws {
        let words = try ResultCheck.check(Self.rapid { $0.testType = "pcr"; $0.device = nil; $0.result = "positive" }, now: Self.now)
        let codes = try ResultCheck.check(Self.rapid { $0.testType = "LP6464-4"; $0.device = nil; $0.result = "260373001" }, now: Self.now)
        #expect(words.record == codes.record)
        #expect(words.digest == codes.digest)
        #expect(words.record.detected)
        #expect(words.record.type == ValueSets.TestType.naat)
    }

    @Test("The digest changes with every field that the result states")
    func digestFollowsContent() throws {
        let base = try ResultCheck.check(Self.rapid(), now: Self.now).digest
        let changes: [(inout ResultSubmission) -> Void] = [
            { $0.result = "positive" }, { $0.device = "1468" }, { $0.sampleCollected = "2026-12-04T08:31:00+01:00" },
            { $0.testCentre = "Teststasjon Bergen" },
        ]
        for change in changes { #expect(try ResultCheck.check(Self.rapid(change), now: Self.now).digest != base) }
        // The sample id is the key, not content: the same result under another id has the same digest.
        #expect(try ResultCheck.check(Self.rapid { $0.sampleID = "OTHER-1" }, now: Self.now).digest == base)
    }

    static var badFields: [(String, ResultRefusal.Kind, (inout ResultSubmission) -> Void)] { [
        ("sampleId", ResultRefusal.Kind.missing, { s in s.sampleID = " " }),
        ("sampleId", .malformed, { s in s.sampleID = "<script>" }),
        ("sampleId", .malformed, { s in s.sampleID = String(repeating: "A", count: 65) }),
        ("nationalIdentityNumber", .missing, { s in s.nationalIdentityNumber = nil }),
        ("nationalIdentityNumber", .malformed, { s in s.nationalIdentityNumber = "12345678901" }),
        ("testType", .unknownTestType, { s in s.testType = "antibody" }),
        ("device", .unknownDevice, { s in s.device = "9999" }),
        ("device", .missing, { s in s.device = nil }),
        ("device", .deviceNotForNAAT, { s in s.testType = "pcr" }),
        ("sampleCollected", .future, { s in s.sampleCollected = "2026-12-05T08:00:00Z" }),
        ("sampleCollected", .tooOld, { s in s.sampleCollected = "2019-12-31T23:00:00Z" }),
        ("sampleCollected", .malformed, { s in s.sampleCollected = "2026-12-04" }),
        ("sampleCollected", .malformed, { s in s.sampleCollected = "2026-13-04T08:00:00Z" }),
        ("result", .unknownResult, { s in s.result = "maybe" }),
        ("testCentre", .missing, { s in s.testCentre = nil }),
        ("testCentre", .malformed, { s in s.testCentre = String(repeating: "x", count: 51) }),
        ("testCentre", .malformed, { s in s.testCentre = "Oslo\u{0}S" }),
        ("result", .malformed, { s in s.wrongTypes = ["result"] }),
        ("(row)", .malformed, { s in s.isObject = false }),
    ] }

    @Test("Each bad field is named with its reason")
    func namesTheField() {
        for (index, (field, kind, change)) in Self.badFields.enumerated() {
            let refused = refusal(Self.rapid(change))
            #expect((refused?.field ?? "(row)") == field, "case \(index)")
            #expect(refused?.kind == kind, "case \(index)")
            #expect(refused.map { !$0.reason.isEmpty } == true, "case \(index)")
        }
    }

    @Test("A sample time a few minutes ahead of the clock is allowed, as clock skew")
    func allowsSkew() throws {
        let checked = try ResultCheck.check(Self.rapid { $0.sampleCollected = "2026-12-04T08:04:00Z" }, now: Self.now)
        #expect(checked.record.sampleCollected == Self.now + 240)
    }

    @Test("A NAAT test keeps its name; a rapid test drops one")
    func testName() throws {
        let naat = try ResultCheck.check(Self.rapid { $0.testType = "pcr"; $0.device = ""; $0.testName = "cobas SARS-CoV-2" }, now: Self.now)
        #expect(naat.record.testName == "cobas SARS-CoV-2")
        #expect(naat.record.device == nil)
        let rapid = try ResultCheck.check(Self.rapid { $0.testName = "ignored" }, now: Self.now)
        #expect(rapid.record.testName == nil)
    }
}
