import Foundation
import Identifiers
import Reference

/// Generates a deterministic synthetic population, household by household.
///
/// The same seed, reference date and municipality list always give the same people. Identity
/// numbers carry the synthetic marker (month + 80), so no generated person can be a real one.
public struct PopulationGenerator: Sendable {
    /// The day the population is "as of": ages and address histories are computed from it.
    public let today: CalendarDate
    private var random: SeededGenerator
    private var usedNumbers: Set<String> = []
    private var serial = 0
    private let municipalities: [Municipality]
    private let cumulativePopulation: [Int]

    /// Share of people aged 15 or over who reserve themselves against digital contact.
    public static let reservationRate = 0.045
    /// Share of people aged 15 or over with no entry in the contact register at all.
    public static let noContactRate = 0.03

    /// Creates a generator for `seed`, with ages measured at `today`.
    public init(seed: UInt64, today: CalendarDate, municipalities: [Municipality] = Municipality.all) {
        self.today = today
        self.random = SeededGenerator(seed: seed)
        self.municipalities = municipalities
        var total = 0
        self.cumulativePopulation = municipalities.map { total += $0.population; return total }
    }

    /// The first `count` people (whole households, trimmed at the end) with their relations.
    public mutating func generate(count: Int) -> SyntheticHousehold {
        var remaining = count
        return nextBatch(size: count, remaining: &remaining)
    }

    /// Whole households until the batch holds at least `size` people, never more than `remaining`
    /// in all (the last household is trimmed to fit). Every relation's two people are in the batch.
    public mutating func nextBatch(size: Int, remaining: inout Int) -> SyntheticHousehold {
        var people: [SyntheticPerson] = []
        var relations: [SyntheticRelation] = []
        people.reserveCapacity(min(size, remaining) + 4)
        while people.count < size, remaining > 0 {
            let household = nextHousehold().prefix(remaining)
            people += household.people
            relations += household.relations
            remaining -= household.people.count
        }
        return SyntheticHousehold(people: people, relations: relations)
    }

    /// The next household: one to five people sharing an address.
    public mutating func nextHousehold() -> SyntheticHousehold {
        let ukrainian = random.chance(0.03)
        let origin: Origin = ukrainian ? .ukrainian(dNumber: random.chance(0.8)) : .norwegian
        let shape = random.weightedIndex(cumulative: [40, 68, 92, 100])
        let home = randomHome()
        var adults: [SyntheticPerson] = []
        var children: [SyntheticPerson] = []
        let familyName = origin.familyName(&random)
        switch shape {
        case 0: // single adult
            adults.append(person(age: adultAge(), sex: nil, origin: origin, familyName: familyName, home: home))
        case 1, 2: // couple, with children when shape == 2
            let age = shape == 2 ? 25 + random.below(28) : adultAge()
            let first = person(age: age, sex: .female, origin: origin, familyName: familyName, home: home)
            let partnerAge = max(18, age - 3 + random.below(7))
            adults = [first, person(age: partnerAge, sex: .male, origin: origin, familyName: familyName, home: home)]
            if shape == 2 {
                children = makeChildren(parentAge: min(age, partnerAge), origin: origin, familyName: familyName, home: home)
            }
        default: // single parent
            let age = 22 + random.below(30)
            adults.append(person(age: age, sex: random.chance(0.8) ? .female : .male, origin: origin,
                                 familyName: familyName, home: home))
            children = makeChildren(parentAge: age, origin: origin, familyName: familyName, home: home)
        }
        var relations: [SyntheticRelation] = []
        if adults.count == 2 {
            relations += [SyntheticRelation(person: adults[0].id, relative: adults[1].id, kind: .spouse),
                          SyntheticRelation(person: adults[1].id, relative: adults[0].id, kind: .spouse)]
        }
        for parent in adults {
            for child in children {
                relations += [SyntheticRelation(person: parent.id, relative: child.id, kind: .parent),
                              SyntheticRelation(person: child.id, relative: parent.id, kind: .child)]
            }
        }
        return SyntheticHousehold(people: adults + children, relations: relations)
    }

    // MARK: - People

    enum Origin {
        case norwegian
        case ukrainian(dNumber: Bool)

        func familyName(_ random: inout SeededGenerator) -> (latin: String, native: String?) {
            switch self {
            case .norwegian: (random.pick(Names.norwegianFamily), nil)
            case .ukrainian:
                { let n = random.pick(Names.ukrainianFamily); return (n.latin, n.cyrillic) }()
            }
        }
    }

    struct Home { let municipality: Municipality; let street: String; let movedIn: CalendarDate; let previous: SyntheticAddress? }

    private mutating func person(
        age: Int, sex: SyntheticPerson.Sex?, origin: Origin,
        familyName: (latin: String, native: String?), home: Home
    ) -> SyntheticPerson {
        let sex = sex ?? (random.chance(0.5) ? .female : .male)
        let birthDate = today.adding(days: -(age * 365 + random.below(365)) - age / 4)
        let given: (latin: String, native: String?)
        var kind = NationalIdentityNumber.Kind.birthNumber
        var citizenship = "NOR"
        switch origin {
        case .norwegian:
            given = (random.pick(sex == .female ? Names.norwegianFemale : Names.norwegianMale), nil)
        case .ukrainian(let dNumber):
            let name = random.pick(sex == .female ? Names.ukrainianFemale : Names.ukrainianMale)
            given = (name.latin, name.cyrillic)
            kind = dNumber ? .dNumber : .birthNumber
            citizenship = "UKR"
        }
        let number = uniqueNumber(birthDate: birthDate, kind: kind, sex: sex)
        serial += 1
        let movedIn = max(home.movedIn, birthDate)
        var addresses = [SyntheticAddress(street: home.street, postcode: home.municipality.centrePostcode,
                                          municipalityNumber: home.municipality.number, validFrom: movedIn, validTo: nil)]
        if let previous = home.previous, max(previous.validFrom, birthDate) < movedIn {
            addresses.insert(SyntheticAddress(street: previous.street, postcode: previous.postcode,
                                              municipalityNumber: previous.municipalityNumber,
                                              validFrom: max(previous.validFrom, birthDate), validTo: movedIn), at: 0)
        }
        return SyntheticPerson(
            id: randomUUID(), identityNumber: number, givenName: given.latin, familyName: familyName.latin,
            givenNameNative: given.native, familyNameNative: familyName.native, birthDate: birthDate, sex: sex,
            citizenship: citizenship, addresses: addresses,
            contact: contact(age: birthDate.years(until: today), given: given.latin, family: familyName.latin, ukrainian: citizenship == "UKR"))
    }

    private mutating func makeChildren(parentAge: Int, origin: Origin, familyName: (latin: String, native: String?), home: Home) -> [SyntheticPerson] {
        let oldest = min(17, parentAge - 20)
        guard oldest >= 0 else { return [] }
        return (0..<(1 + random.weightedIndex(cumulative: [45, 85, 100]))).map { _ in
            person(age: random.below(oldest + 1), sex: nil, origin: origin, familyName: familyName, home: home)
        }
    }

    private mutating func contact(age: Int, given: String, family: String, ukrainian: Bool) -> SyntheticContact? {
        guard age >= 15, !random.chance(Self.noContactRate) else { return nil }
        let email = random.chance(0.85) ? "\(Names.asciiFold(given)).\(Names.asciiFold(family))\(serial)@epost.test" : nil
        let mobile: String? = random.chance(0.93)
            ? (ukrainian && random.chance(0.5) ? "+380" + digits(9) : "+47" + (random.chance(0.5) ? "4" : "9") + digits(7))
            : nil
        return SyntheticContact(email: email, mobile: mobile, isReserved: random.chance(Self.reservationRate))
    }

    private mutating func uniqueNumber(birthDate: CalendarDate, kind: NationalIdentityNumber.Kind, sex: SyntheticPerson.Sex) -> NationalIdentityNumber {
        while true {
            if let number = NationalIdentityNumber.generate(
                birthDate: birthDate, kind: kind, synthetic: true, sex: sex == .male ? .male : .female,
                next: { random.below($0) }), usedNumbers.insert(number.value).inserted {
                return number
            }
        }
    }

    // MARK: - Places, ages and ids

    private mutating func randomHome() -> Home {
        let municipality = municipalities[random.weightedIndex(cumulative: cumulativePopulation)]
        let street = "\(random.pick(Names.streets)) \(1 + random.below(120))"
        let movedIn = today.adding(days: -random.below(365 * 25))
        var previous: SyntheticAddress?
        if random.chance(0.3) {
            let other = municipalities[random.weightedIndex(cumulative: cumulativePopulation)]
            previous = SyntheticAddress(street: "\(random.pick(Names.streets)) \(1 + random.below(120))",
                                        postcode: other.centrePostcode, municipalityNumber: other.number,
                                        validFrom: movedIn.adding(days: -(365 + random.below(365 * 10))), validTo: movedIn)
        }
        return Home(municipality: municipality, street: street, movedIn: movedIn, previous: previous)
    }

    /// Adult age over Norway's age pyramid (Statistics Norway, rounded shares by ten-year band).
    private mutating func adultAge() -> Int {
        let bands = [(18, 29, 13), (30, 39, 13), (40, 49, 13), (50, 59, 16), (60, 69, 17), (70, 79, 15), (80, 89, 7), (90, 100, 2)]
        var total = 0
        let cumulative = bands.map { total += $0.2; return total }
        let band = bands[random.weightedIndex(cumulative: cumulative)]
        return band.0 + random.below(band.1 - band.0 + 1)
    }

    private mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(48 + random.below(10)))) })
    }

    /// A UUID in the version 7 layout (RFC 9562 §5.7): a 48-bit time-ordered prefix, then random
    /// bits. The prefix counts up from a fixed instant, so ids stay deterministic for a seed and
    /// database indexes receive them in order instead of scattered.
    private mutating func randomUUID() -> UUID {
        let millis = UInt64(1_767_225_600_000) &+ UInt64(serial) // 2026-01-01T00:00:00Z + serial
        var bytes = (random.next(), random.next())
        return withUnsafeMutableBytes(of: &bytes) { raw in
            for index in 0..<6 { raw[index] = UInt8(truncatingIfNeeded: millis >> (40 - 8 * UInt64(index))) }
            raw[6] = (raw[6] & 0x0F) | 0x70 // version 7
            raw[8] = (raw[8] & 0x3F) | 0x80 // RFC 9562 variant
            let b = Array(raw)
            return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        }
    }
}

/// A synthetic population cut into batches of whole households, so that a loader can write each
/// batch in one transaction with every relation's two people in it.
public struct PopulationBatches: Sequence, IteratorProtocol {
    private var generator: PopulationGenerator
    private var remaining: Int
    private let size: Int

    /// The batches of about `size` people for `count` people from `seed` as of `today`.
    public init(count: Int, seed: UInt64, today: CalendarDate, size: Int) {
        generator = PopulationGenerator(seed: seed, today: today)
        remaining = count
        self.size = size
    }

    public mutating func next() -> SyntheticHousehold? {
        remaining > 0 ? generator.nextBatch(size: size, remaining: &remaining) : nil
    }
}
