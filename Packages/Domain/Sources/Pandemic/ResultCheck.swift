import Foundation
import CertLogic
import Crypto
import DCC
import Identifiers

/// The checks a test result passes before it is stored, whoever submits it (a laboratory's
/// batch or a health worker's form): the fields the EU certificate needs, from its value sets
/// (schema 1.3), and a sample time that has happened and falls in the pandemic.
public enum ResultCheck {
    /// How far ahead of the server's clock a sample time may be (clock skew at the site).
    public static let clockSkew = 300.0
    /// The earliest sample time accepted: 2020-01-01T00:00:00Z.
    public static let earliest = 1_577_836_800.0
    /// The longest sample id.
    public static let sampleIDLength = 64
    /// The longest test centre name (the certificate's `tc` holds at most 50 characters).
    public static let centreLength = 50
    /// The longest NAAT test name.
    public static let testNameLength = 80

    /// Checks `submission` at `now` (seconds since 1970); the person's presence in the register is checked when stored.
    public static func check(_ submission: ResultSubmission, now: Double) throws(ResultRefusal) -> CheckedResult {
        guard submission.isObject else { throw ResultRefusal(.malformed, field: nil, "The row is not a JSON object.") }
        if let field = submission.wrongTypes.first { throw ResultRefusal(.malformed, field: field, "must be a string.") }
        let sampleID = try sampleID(submission.sampleID)
        let person = try person(submission.nationalIdentityNumber)
        let type = try testType(submission.testType)
        let device = try device(submission.device, type: type)
        let testName = try testName(submission.testName, type: type)
        let collected = try sampleTime(submission.sampleCollected, now: now)
        let detected = try result(submission.result)
        let centre = try text(submission.testCentre, field: "testCentre", limit: centreLength)
        let record = TestResultRecord(id: "", type: type, device: device, testName: testName, sampleCollected: collected,
                                      detected: detected, centre: centre)
        return CheckedResult(sampleID: sampleID, person: person, record: record, digest: digest(person: person.value, record))
    }

    /// The SHA-256, in hex, of what a result says: the same sample submitted twice with the same content has the same digest.
    public static func digest(person: String, _ record: TestResultRecord) -> String {
        let fields = [person, record.type, record.device ?? "", record.testName ?? "", String(Int64(record.sampleCollected)),
                      record.detected ? "1" : "0", record.centre]
        let hash = SHA256.hash(data: Array(fields.joined(separator: "\u{1f}").utf8))
        return hash.map { byte in String(byte >> 4, radix: 16) + String(byte & 0xf, radix: 16) }.joined()
    }

    static func sampleID(_ given: String?) throws(ResultRefusal) -> String {
        guard let text = given?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw ResultRefusal(.missing, field: "sampleId", "is missing.")
        }
        guard text.count <= sampleIDLength, text.unicodeScalars.allSatisfy(isSampleIDCharacter) else {
            throw ResultRefusal(.malformed, field: "sampleId",
                                "must be 1 to \(sampleIDLength) letters A–Z, digits and the signs . _ : / -.")
        }
        return text
    }

    static func isSampleIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", ".", "_", ":", "/", "-": true
        default: false
        }
    }

    static func person(_ given: String?) throws(ResultRefusal) -> NationalIdentityNumber {
        guard let text = given, !text.isEmpty else { throw ResultRefusal(.missing, field: "nationalIdentityNumber", "is missing.") }
        do { return try NationalIdentityNumber(String(text.prefix(20))) } catch {
            throw ResultRefusal(.malformed, field: "nationalIdentityNumber", error.description)
        }
    }

    static func testType(_ given: String?) throws(ResultRefusal) -> String {
        guard let text = given, !text.isEmpty else { throw ResultRefusal(.missing, field: "testType", "is missing.") }
        switch text.lowercased() {
        case "pcr", "naat", ValueSets.TestType.naat.lowercased(): return ValueSets.TestType.naat
        case "rapid", "rapid-antigen", ValueSets.TestType.rapidAntigen.lowercased(): return ValueSets.TestType.rapidAntigen
        default:
            throw ResultRefusal(.unknownTestType, field: "testType",
                                "\"\(text.prefix(40))\" is not a test type; use LP6464-4 (PCR and other NAAT) or LP217198-3 (rapid antigen).")
        }
    }

    static func device(_ given: String?, type: String) throws(ResultRefusal) -> String? {
        let text = given?.trimmingCharacters(in: .whitespaces) ?? ""
        guard type == ValueSets.TestType.rapidAntigen else {
            guard text.isEmpty else {
                throw ResultRefusal(.deviceNotForNAAT, field: "device", "applies to rapid antigen tests only; leave it out for a NAAT test.")
            }
            return nil
        }
        guard !text.isEmpty else { throw ResultRefusal(.missing, field: "device", "is missing: a rapid test needs the device's id from the EU list.") }
        guard ValueSets.testDevices[text] != nil else {
            throw ResultRefusal(.unknownDevice, field: "device",
                                "\"\(text.prefix(40))\" is not a rapid test device in the EU list (see /credentials/value-sets).")
        }
        return text
    }

    static func testName(_ given: String?, type: String) throws(ResultRefusal) -> String? {
        guard let text = given?.trimmingCharacters(in: .whitespaces), !text.isEmpty, type == ValueSets.TestType.naat else { return nil }
        guard text.count <= testNameLength else { throw ResultRefusal(.malformed, field: "testName", "is longer than \(testNameLength) characters.") }
        return text
    }

    static func sampleTime(_ given: String?, now: Double) throws(ResultRefusal) -> Double {
        guard let text = given, !text.isEmpty else { throw ResultRefusal(.missing, field: "sampleCollected", "is missing.") }
        guard text.count > 10, text.count <= 40, let seconds = ISODate.dateTime(text) else {
            throw ResultRefusal(.malformed, field: "sampleCollected", "must be a date and time with its zone, such as 2026-12-04T08:30:00+01:00.")
        }
        guard seconds <= now + clockSkew else { throw ResultRefusal(.future, field: "sampleCollected", "is in the future.") }
        guard seconds >= earliest else { throw ResultRefusal(.tooOld, field: "sampleCollected", "is before 2020, when testing for COVID-19 began.") }
        return seconds.rounded(.down)
    }

    static func result(_ given: String?) throws(ResultRefusal) -> Bool {
        guard let text = given, !text.isEmpty else { throw ResultRefusal(.missing, field: "result", "is missing.") }
        switch text.lowercased() {
        case "positive", "detected", ValueSets.TestResult.detected: return true
        case "negative", "not-detected", ValueSets.TestResult.notDetected: return false
        default:
            throw ResultRefusal(.unknownResult, field: "result",
                                "\"\(text.prefix(40))\" is not a result; use positive or negative (or 260373001 and 260415000).")
        }
    }

    static func text(_ given: String?, field: String, limit: Int) throws(ResultRefusal) -> String {
        guard let text = given?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { throw ResultRefusal(.missing, field: field, "is missing.") }
        guard text.count <= limit, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ResultRefusal(.malformed, field: field, "must be at most \(limit) characters, without control characters.")
        }
        return text
    }
}
