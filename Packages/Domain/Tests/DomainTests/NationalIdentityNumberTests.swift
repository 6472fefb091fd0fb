import Identifiers
import Population
import Testing

@Suite("National identity numbers")
struct NationalIdentityNumberTests {
    @Test("A known valid fødselsnummer parses and shows its date of birth")
    func knownValid() throws {
        let number = try NationalIdentityNumber("31129956715")
        #expect(number.kind == .birthNumber)
        #expect(!number.isSynthetic)
        #expect(!number.usesRule2032)
        #expect(number.dateOfBirth == CalendarDate(year: 1899, month: 12, day: 31))
        #expect(number.masked == "311299*****")
    }

    @Test("Surrounding white space is ignored")
    func whitespace() throws {
        #expect(try NationalIdentityNumber(" 31129956715\n").value == "31129956715")
    }

    @Test("Each kind of bad input is rejected with its own reason",
          arguments: [
              ("3112995671", NationalIdentityNumber.ParseError.wrongLength(10)),
              ("311299567155", .wrongLength(12)),
              ("", .wrongLength(0)),
              ("3112995671a", .notDigits),
              ("31129956-15", .notDigits),
              ("٣١١٢٩٩٥٦٧١٥", .notDigits), // Arabic-Indic digits are not ASCII digits
              ("32129956715", .impossibleDate),
              ("31139956715", .impossibleDate),
              ("00129956715", .impossibleDate),
              ("31129956755", .badFirstControlDigit),
              ("31129956716", .badSecondControlDigit),
          ])
    func rejects(input: String, expected: NationalIdentityNumber.ParseError) {
        #expect(throws: expected) { try NationalIdentityNumber(input) }
    }

    @Test("29 February is accepted only in a leap year of the number's century")
    func leapDay() throws {
        let leap = try #require(NationalIdentityNumber.make(
            birthDate: CalendarDate(year: 2000, month: 2, day: 29)!, individualNumber: 512)
            ?? NationalIdentityNumber.make(birthDate: CalendarDate(year: 2000, month: 2, day: 29)!, individualNumber: 514))
        #expect(leap.dateOfBirth == CalendarDate(year: 2000, month: 2, day: 29))
        // Individual number 100 puts "290200" in 1900, which was not a leap year.
        let digits = "290200100"
        for k1 in 0...9 { for k2 in 0...9 {
            #expect(!NationalIdentityNumber.isValid(digits + "\(k1)\(k2)"))
        } }
    }

    @Test("D-numbers have 40 added to the day and are recognised")
    func dNumber() throws {
        let date = CalendarDate(year: 1985, month: 6, day: 17)!
        var counter = 0
        let number = try #require(NationalIdentityNumber.generate(birthDate: date, kind: .dNumber, next: {
            counter += 7
            return counter % $0
        }))
        #expect(number.value.hasPrefix("57"))
        #expect(number.kind == .dNumber)
        #expect(number.dateOfBirth == date)
    }

    @Test("Synthetic numbers have 80 added to the month and are recognised")
    func synthetic() throws {
        let date = CalendarDate(year: 1990, month: 3, day: 5)!
        let number = try #require(NationalIdentityNumber.generate(birthDate: date, synthetic: true, next: { $0 / 2 }))
        #expect(number.value.hasPrefix("0583"))
        #expect(number.isSynthetic)
        #expect(number.dateOfBirth == date)
    }

    @Test("The 2032 rule accepts first-control remainders 0 to 3, and hides the century")
    func rule2032() throws {
        let date = CalendarDate(year: 2033, month: 1, day: 15)!
        var found = 0
        for remainder in 1...3 {
            for individual in 0...999 {
                guard let number = NationalIdentityNumber.make(
                    birthDate: date, individualNumber: individual, firstControlRemainder: remainder) else { continue }
                #expect(number.usesRule2032)
                #expect(number.dateOfBirth == nil)
                found += 1
            }
        }
        #expect(found > 1000)
        // A remainder of 4 is never accepted.
        let classic = try #require(NationalIdentityNumber.make(birthDate: date, individualNumber: 501)
            ?? NationalIdentityNumber.make(birthDate: date, individualNumber: 503))
        #expect(!classic.usesRule2032)
    }

    @Test("Every generated number parses, and every single-digit change is rejected")
    func propertyRoundTripAndSingleDigitChanges() throws {
        var random = SeededGenerator(seed: 2032)
        let start = CalendarDate(year: 1855, month: 1, day: 1)!.daysSinceEpoch
        let end = CalendarDate(year: 2039, month: 12, day: 31)!.daysSinceEpoch
        for _ in 0..<3000 {
            let date = CalendarDate(daysSinceEpoch: start + random.below(end - start))
            let kind: NationalIdentityNumber.Kind = random.chance(0.5) ? .dNumber : .birthNumber
            let synthetic = random.chance(0.5)
            let number = try #require(NationalIdentityNumber.generate(
                birthDate: date, kind: kind, synthetic: synthetic, next: { random.below($0) }))
            let parsed = try NationalIdentityNumber(number.value)
            #expect(parsed.kind == kind && parsed.isSynthetic == synthetic && parsed.dateOfBirth == date)
            var chars = Array(number.value)
            let position = random.below(11)
            let original = chars[position]
            chars[position] = Character(String((Int(String(original))! + 1 + random.below(9)) % 10))
            #expect(!NationalIdentityNumber.isValid(String(chars)), "\(String(chars)) from \(number)")
        }
    }

    @Test("No eleven-byte input crashes the parser")
    func hostileInput() {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<5000 {
            let bytes = (0..<11).map { _ in UInt8(random.below(256)) }
            _ = NationalIdentityNumber.isValid(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test("Calendar dates round-trip through days since 1970")
    func calendarDates() {
        for days in stride(from: -60_000, through: 30_000, by: 7) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CalendarDate(iso8601: "2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDate(iso8601: "2023-02-29") == nil)
        #expect(CalendarDate(iso8601: "2023-2-01") == nil)
        #expect(CalendarDate(year: 2000, month: 5, day: 10)!.years(until: CalendarDate(year: 2020, month: 5, day: 9)!) == 19)
    }
}

@Suite("Organisation numbers")
struct OrganisationNumberTests {
    @Test("Real organisation numbers pass the modulus-11 check, with or without spaces")
    func valid() throws {
        #expect(try OrganisationNumber("974760673").value == "974760673")
        #expect(try OrganisationNumber("974 760 673").value == "974760673")
    }

    @Test("Bad organisation numbers are rejected with a specific reason",
          arguments: [
              ("97476067", OrganisationNumber.ParseError.wrongLength(8)),
              ("97476067x", .notDigits),
              ("974760674", .badControlDigit),
          ])
    func invalid(input: String, expected: OrganisationNumber.ParseError) {
        #expect(throws: expected) { try OrganisationNumber(input) }
    }

    @Test("Completing eight digits gives a valid number, or nil when the control digit would be 10")
    func completing() {
        var valid = 0
        for base in 31_000_000..<31_000_200 {
            if let number = OrganisationNumber.completing(base) {
                #expect(number.value.hasPrefix(String(base)))
                valid += 1
            }
        }
        #expect(valid > 150 && valid < 200)
    }
}
