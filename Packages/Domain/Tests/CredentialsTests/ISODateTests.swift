import CertLogic
import Foundation
import PropertyBased
import Testing

@Suite("ISO 8601 dates and times, read by hand")
struct ISODateTests {
    @Test("Date-times with each zone form, fractions and the bare date; malformed ones are refused", arguments: [
        ("2021-09-01T08:15:00+02:00", 1_630_476_900.0), ("2021-09-01T06:15:00Z", 1_630_476_900), ("2021-09-01T06:15:00z", 1_630_476_900),
        ("2021-09-01T08:15+02:00", 1_630_476_900), ("2021-09-01T08:15:00+0200", 1_630_476_900), ("2021-09-01T08:15:00+02", 1_630_476_900),
        ("2021-09-01T01:15:00-05:00", 1_630_476_900), ("2021-09-01 06:15:00Z", 1_630_476_900), ("2021-09-01T06:15:00.5Z", 1_630_476_900.5),
        ("2021-09-01", 1_630_454_400),
    ])
    func valid(text: String, seconds: Double) {
        #expect(ISODate.dateTime(text) == seconds, "\(text)")
    }

    @Test("Malformed date-times are refused", arguments: [
        "", "2021-09-01T", "2021-09-01T08:15", "2021-09-01T24:00:00Z", "2021-09-01T08:60:00Z", "2021-09-01T08:15:61Z", "2021-02-30T08:15:00Z",
        "2021-09-01T08:15:00+15:00", "2021-09-01T08:15:00+02:0", "2021-09-01T08:15:00.Z", "2021-09-01X08:15:00Z", "21-09-01T08:15:00Z",
        "2021-09-01T08:15:00", "2021-09-01T08:15:00ZZ", "２０２１-09-01T08:15:00Z",
    ])
    func invalid(text: String) {
        #expect(ISODate.dateTime(text) == nil, "\(text)")
    }

    @Test("Dates and partial dates of birth", arguments: [
        ("1990-05-17", ISODate.date("1990-05-17")), ("1990", ISODate.date("1990-12-31")), ("1992-02", ISODate.date("1992-02-29")),
        ("1990-13", nil), ("1899", nil), ("1990-5-17", nil), ("", nil),
    ])
    func partial(text: String, expected: Double?) {
        #expect(ISODate.partialDate(text) == expected, "\(text)")
    }

    @Test("Any time written as UTC reads back as Foundation's ISO 8601 parser reads it")
    func againstFoundation() async {
        let formatter = ISO8601DateFormatter()
        await propertyCheck(count: 2000, input: Gen.int(in: -2_000_000_000...4_000_000_000)) { seconds in
            let text = formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
            #expect(ISODate.dateTime(text) == formatter.date(from: text)?.timeIntervalSince1970, "\(text)")
            #expect(ISODate.format(dateTime: Double(seconds)) == text)
        }
    }
}
