import Identifiers
import Population
import Reference
import Testing

@Suite("Synthetic population")
struct PopulationTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!

    @Test("The same seed gives the same people, and another seed gives others")
    func determinism() {
        var first = PopulationGenerator(seed: 42, today: Self.today)
        var second = PopulationGenerator(seed: 42, today: Self.today)
        var other = PopulationGenerator(seed: 43, today: Self.today)
        let a = first.generate(count: 500), b = second.generate(count: 500), c = other.generate(count: 500)
        #expect(a.people == b.people)
        #expect(a.relations == b.relations)
        #expect(a.people != c.people)
    }

    @Test("A population has exactly the people asked for, with valid and unique synthetic numbers")
    func validNumbers() throws {
        var generator = PopulationGenerator(seed: 1, today: Self.today)
        let population = generator.generate(count: 20_000)
        #expect(population.people.count == 20_000)
        #expect(Set(population.people.map(\.identityNumber)).count == 20_000)
        #expect(Set(population.people.map(\.id)).count == 20_000)
        for person in population.people {
            let parsed = try NationalIdentityNumber(person.identityNumber.value)
            #expect(parsed.isSynthetic)
            #expect(parsed.dateOfBirth == person.birthDate)
            #expect(person.birthDate <= Self.today)
        }
    }

    @Test("Person ids are version 7 UUIDs in generation order, so indexes receive them in order")
    func timeOrderedIDs() {
        var generator = PopulationGenerator(seed: 8, today: Self.today)
        let ids = generator.generate(count: 2_000).people.map(\.id.uuidString)
        #expect(ids == ids.sorted())
        #expect(ids.allSatisfy { Array($0)[14] == "7" })
        #expect(ids.allSatisfy { "89AB".contains(Array($0)[19]) })
    }

    @Test("It mixes Norwegian citizens and Ukrainians, some with D-numbers and Cyrillic names")
    func mix() {
        var generator = PopulationGenerator(seed: 3, today: Self.today)
        let people = generator.generate(count: 20_000).people
        let ukrainians = people.filter { $0.citizenship == "UKR" }
        #expect(ukrainians.count > 200 && ukrainians.count < 1200)
        #expect(ukrainians.allSatisfy { $0.givenNameNative != nil && $0.familyNameNative != nil })
        #expect(ukrainians.contains { $0.identityNumber.kind == .dNumber })
        #expect(people.filter { $0.citizenship == "NOR" }.allSatisfy { $0.identityNumber.kind == .birthNumber })
        let children = people.filter { $0.birthDate.years(until: Self.today) < 18 }.count
        let elderly = people.filter { $0.birthDate.years(until: Self.today) >= 67 }.count
        // Statistics Norway: about 21 % under 18 and about 17 % aged 67 or over.
        #expect(Double(children) / 20_000 > 0.15 && Double(children) / 20_000 < 0.28, "children \(children)")
        #expect(Double(elderly) / 20_000 > 0.10 && Double(elderly) / 20_000 < 0.24, "elderly \(elderly)")
    }

    @Test("About 4 % of people reserve themselves, and some have no contact details")
    func contactAndReservation() {
        var generator = PopulationGenerator(seed: 4, today: Self.today)
        let people = generator.generate(count: 20_000).people
        let reserved = people.filter { $0.contact?.isReserved == true }.count
        let share = Double(reserved) / Double(people.count)
        #expect(share > 0.025 && share < 0.055, "reserved share \(share)")
        let adultsWithout = people.filter { $0.birthDate.years(until: Self.today) >= 15 && $0.contact == nil }
        #expect(!adultsWithout.isEmpty)
        #expect(people.filter { $0.birthDate.years(until: Self.today) < 15 }.allSatisfy { $0.contact == nil })
        #expect(people.compactMap(\.contact?.email).allSatisfy { $0.hasSuffix("@epost.test") })
    }

    @Test("Addresses lie in real municipalities and have a consistent history")
    func addresses() {
        var generator = PopulationGenerator(seed: 5, today: Self.today)
        let people = generator.generate(count: 5_000).people
        let numbers = Set(Municipality.all.map(\.number))
        var withHistory = 0
        for person in people {
            #expect(person.addresses.last?.validTo == nil)
            #expect(person.addresses.allSatisfy { numbers.contains($0.municipalityNumber) })
            for (earlier, later) in zip(person.addresses, person.addresses.dropFirst()) {
                #expect(earlier.validTo == later.validFrom)
                #expect(earlier.validFrom < later.validFrom)
            }
            if person.addresses.count > 1 { withHistory += 1 }
        }
        #expect(withHistory > 500)
        #expect(Set(people.map { $0.addresses.last!.municipalityNumber }).count > 20)
    }

    @Test("Families link parents and children both ways, and parents are older")
    func families() throws {
        var generator = PopulationGenerator(seed: 6, today: Self.today)
        let population = generator.generate(count: 5_000)
        let byID = Dictionary(uniqueKeysWithValues: population.people.map { ($0.id, $0) })
        let relations = Set(population.relations)
        #expect(relations.filter { $0.kind == .parent }.count > 500)
        for relation in population.relations {
            let inverse: SyntheticRelation.Kind = switch relation.kind {
            case .parent: .child
            case .child: .parent
            case .spouse: .spouse
            }
            #expect(relations.contains(SyntheticRelation(person: relation.relative, relative: relation.person, kind: inverse)))
            if relation.kind == .parent {
                let parent = try #require(byID[relation.person]), child = try #require(byID[relation.relative])
                #expect(parent.birthDate.years(until: child.birthDate) >= 18)
            }
        }
    }
}

@Suite("Reference data")
struct ReferenceTests {
    @Test("The municipality catalogue holds the 42 real municipalities, found by number")
    func municipalities() throws {
        #expect(Municipality.all.count == 42)
        #expect(try Municipality.lookup("0301").name == "Oslo")
        #expect(try Municipality.lookup("5501").name == "Tromsø")
        #expect(throws: Municipality.NumberError.malformed) { try Municipality.lookup("301") }
        #expect(throws: Municipality.NumberError.malformed) { try Municipality.lookup("03a1") }
        #expect(throws: Municipality.NumberError.unknown("9999")) { try Municipality.lookup("9999") }
    }

    @Test("Every organisation has a valid, unique organisation number")
    func organisations() {
        #expect(Organisation.all.count == Organisation.agencies.count + Organisation.journeyAgencies.count + Organisation.youthAgencies.count + 42)
        #expect(Set(Organisation.all.map(\.number)).count == Organisation.all.count)
        #expect(Organisation.municipalities.first { $0.municipalityNumber == "0301" }?.number.value == "958935420")
        #expect(Organisation.all.allSatisfy { (try? OrganisationNumber($0.number.value)) != nil })
    }
}
