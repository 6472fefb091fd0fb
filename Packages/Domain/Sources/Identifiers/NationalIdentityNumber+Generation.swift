extension NationalIdentityNumber {
    /// The legal sex digit convention before 2032: an odd individual number is male.
    public enum LegacySex: Sendable { case female, male }

    /// Builds the number for `birthDate` and `individualNumber`, computing both control digits.
    ///
    /// - Parameter firstControlRemainder: 0 under the classic rule; 1–3 produce a number that is
    ///   valid only under the 2032 rule.
    /// - Returns: `nil` when no valid control digit exists for this combination (a remainder
    ///   would make it 10), or the inputs are out of range.
    public static func make(
        birthDate: CalendarDate, individualNumber: Int, kind: Kind = .birthNumber,
        synthetic: Bool = false, firstControlRemainder: Int = 0
    ) -> NationalIdentityNumber? {
        guard (0...999).contains(individualNumber), (0...3).contains(firstControlRemainder) else { return nil }
        let day = birthDate.day + (kind == .dNumber ? 40 : 0)
        let month = birthDate.month + (synthetic ? 80 : 0)
        var digits: [UInt8] = [
            UInt8(day / 10), UInt8(day % 10), UInt8(month / 10), UInt8(month % 10),
            UInt8(birthDate.year % 100 / 10), UInt8(birthDate.year % 10),
            UInt8(individualNumber / 100), UInt8(individualNumber / 10 % 10), UInt8(individualNumber % 10),
        ]
        // k1 has weight 1, so the remainder including it is (partial + k1) mod 11.
        let partial = Modulus11.weightedSum(digits, weights: firstWeights) % 11
        let k1 = (firstControlRemainder - partial + 22) % 11
        guard k1 <= 9 else { return nil }
        digits.append(UInt8(k1))
        guard let k2 = Modulus11.controlDigit(for: digits, weights: Array(secondWeights.prefix(10))) else {
            return nil
        }
        digits.append(k2)
        return try? NationalIdentityNumber(String(digits.map { Character(Unicode.Scalar($0 + 0x30)) }))
    }

    /// The individual-number series that the pre-2032 rule allots to people born in `year`.
    public static func individualNumberSeries(forBirthYear year: Int) -> [ClosedRange<Int>] {
        switch year {
        case 1854...1899: [500...749]
        case 1900...1939: [0...499]
        case 1940...1999: [0...499, 900...999]
        case 2000...2039: [500...999]
        default: []
        }
    }

    /// A valid number for `birthDate`, drawing individual numbers from `next` until one has valid
    /// control digits. `next(n)` must return a uniformly random integer in `0..<n`.
    ///
    /// - Parameter sex: when given, the individual number's parity follows the pre-2032 convention.
    public static func generate(
        birthDate: CalendarDate, kind: Kind = .birthNumber, synthetic: Bool = false,
        sex: LegacySex? = nil, next: (Int) -> Int
    ) -> NationalIdentityNumber? {
        let series = individualNumberSeries(forBirthYear: birthDate.year)
        guard !series.isEmpty else { return nil }
        for _ in 0..<200 {
            let range = series[next(series.count)]
            var individual = range.lowerBound + next(range.count)
            if let sex {
                let wantOdd = sex == .male
                if (individual % 2 == 1) != wantOdd { individual += individual < range.upperBound ? 1 : -1 }
            }
            if let number = make(birthDate: birthDate, individualNumber: individual, kind: kind, synthetic: synthetic) {
                return number
            }
        }
        return nil
    }
}
