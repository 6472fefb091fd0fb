import Foundation
import Identifiers
import Population

/// A synthetic wave of refugees arriving (`tverr simulate arrival`): who comes, in which family,
/// when, and how long each later step takes them. The people are invented; the shape follows
/// 2022: arrivals rise within weeks to a peak and then fall to a steady flow, most come with
/// family (mothers with children above all), a few are not Ukrainian citizens or have no
/// document, most enrol in eID within days, and the wait for a municipality is weeks.
///
/// Pure and deterministic for a seed: the simulation plays the plan through the blocks, and
/// only steps whose time has come (before `end`) are played.
public struct ArrivalWave: Sendable {
    /// What happens to one person after the intake, as waits in seconds.
    public struct Plan: Sendable, Equatable {
        /// From the intake to an active eID; nil when the person never enrols (or cannot: no document).
        public let eIDAfter: Double?
        /// From the intake to a caseworker's decision, should the rules route the case.
        public let caseworkerAfter: Double
        /// Whether that caseworker grants.
        public let caseworkerGrants: Bool
    }

    /// One family: the intake form as the police fill it in, and the plans.
    public struct Family: Sendable, Equatable {
        /// The intake, in seconds since 1970.
        public let arrival: Double
        public let form: IntakeForm
        /// One plan per person, the main person first, in the form's order.
        public let plans: [Plan]
        /// From the family's last decision to IMDi's proposal.
        public let proposalAfter: Double
        /// Whether the first municipality declines (IMDi then proposes another).
        public let declinedFirst: Bool
        /// From a proposal to the municipality's answer.
        public let answerAfter: Double
        /// From the acceptance to the move-in.
        public let moveInAfter: Double
    }

    public let people: Int
    public let weeks: Int
    public let seed: UInt64

    public init(people: Int, weeks: Int, seed: UInt64) { (self.people, self.weeks, self.seed) = (people, weeks, seed) }

    static let day = 86_400.0
    static let invasion = CalendarDate(iso8601: "2022-02-24")!

    /// The families of the wave ending at `end` (seconds since 1970), oldest arrival first,
    /// together holding `people` people.
    public func families(end: Double) -> [Family] {
        var random = SeededGenerator(seed: seed)
        let start = end - Double(weeks) * 7 * Self.day
        var families: [Family] = [], counted = 0, serial = 0
        while counted < people {
            let size = min(Self.familySize(&random), people - counted)
            let arrival = Self.arrivalTime(&random, start: start, end: end)
            let today = CalendarDate.inNorway(Date(timeIntervalSince1970: arrival))
            families.append(family(size: size, arrival: arrival, today: today, serial: &serial, random: &random))
            counted += size
        }
        return families.sorted { $0.arrival < $1.arrival }
    }

    /// 1 to 5 people: 40 % come alone.
    static func familySize(_ random: inout SeededGenerator) -> Int {
        [1, 1, 1, 1, 2, 2, 2, 3, 3, 4][random.below(10)] + (random.chance(0.05) ? 1 : 0)
    }

    /// The peak comes about a month in (a gamma curve); a third arrive at an even pace over the
    /// whole wave. During the day, Norwegian time roughly (07–19 UTC).
    static func arrivalTime(_ random: inout SeededGenerator, start: Double, end: Double) -> Double {
        let span = end - start
        var offset: Double
        repeat {
            offset = random.chance(0.33) ? uniform(&random) * span : -0.1 * span * (log(uniform(&random)) + log(uniform(&random)))
        } while offset >= span
        let midnight = (start + offset).rounded(.down) - (start + offset).truncatingRemainder(dividingBy: day)
        return min(max(midnight + (7 + uniform(&random) * 12) * 3600, start), end - 60)
    }

    func family(size: Int, arrival: Double, today: CalendarDate, serial: inout Int, random: inout SeededGenerator) -> Family {
        var form = IntakeForm()
        let woman = random.chance(0.72) || size > 1 && random.chance(0.5)
        let ukrainian = random.chance(0.96)
        let familyName = random.pick(Self.familyNames)
        let principalAge = 20 + random.below(size > 1 ? 30 : 46)
        form.givenNameNative = random.pick(woman ? Self.womenNames : Self.menNames)
        form.familyNameNative = familyName
        form.birthDate = Self.birthDate(&random, age: principalAge, today: today)
        form.sex = woman ? "female" : "male"
        form.nationality = ukrainian ? "UKR" : random.pick(["MDA", "BLR", "NGA", "IND", "GEO"])
        Self.document(&form.documentType, &form.documentNumber, &form.documentCountry,
                      weights: [("passport", 85), ("national-id", 12), ("none", 3)], serial: &serial, seed: seed, random: &random)
        form.mobile = random.chance(0.85) ? "+38067" + String(format: "%07d", random.below(10_000_000)) : ""
        form.language = random.pick(["uk", "uk", "uk", "uk", "uk", "uk", "uk", "uk", "en", "nb"])
        form.receptionCentre = random.chance(0.5) ? "moss-ankomst" : random.pick(ReceptionCentre.all).id
        form.livedInUkraine = ukrainian || random.chance(0.6)
        form.protectionInUkraine = !ukrainian && random.chance(0.4)
        form.leftUkraineOn = today.adding(days: -1 - random.below(10)).description
        var plans = [plan(&random, documented: form.documentType != "none", age: principalAge)]
        for index in 1..<max(size, 1) {
            var member = MemberForm()
            let spouse = index == 1 && random.chance(0.25), elder = !spouse && index == size - 1 && size >= 4 && random.chance(0.3)
            let age = spouse ? max(principalAge + random.below(9) - 4, 18) : elder ? 60 + random.below(21) : random.below(min(18, principalAge - 17))
            member.relationship = spouse ? "spouse" : elder ? "household_member" : "child"
            // The marriage or household predates the invasion (the rules ask for that).
            if spouse || elder { member.relationshipBeganOn = Self.invasion.adding(days: -(30 + random.below(8000))).description }
            let female = spouse ? !woman : random.chance(0.5)
            member.givenNameNative = random.pick(female ? Self.womenNames : Self.menNames)
            member.familyNameNative = elder ? random.pick(Self.familyNames) : familyName
            member.birthDate = Self.birthDate(&random, age: age, today: today)
            member.sex = female ? "female" : "male"
            let weights = age < 18 ? [("passport", 40), ("birth-certificate", 47), ("none", 13)] : [("passport", 90), ("national-id", 8), ("none", 2)]
            Self.document(&member.documentType, &member.documentNumber, &member.documentCountry, weights: weights, serial: &serial, seed: seed,
                          random: &random)
            form.members.append(member)
            plans.append(plan(&random, documented: member.documentType != "none", age: age))
        }
        return Family(arrival: arrival, form: form, plans: plans, proposalAfter: Self.lognormal(&random, medianDays: 24, sigma: 0.6),
                      declinedFirst: random.chance(0.12), answerAfter: Self.lognormal(&random, medianDays: 5, sigma: 0.6),
                      moveInAfter: Self.lognormal(&random, medianDays: 16, sigma: 0.5))
    }

    /// eID for 80 % of those with a document and 15 or older, within days; a caseworker within
    /// weeks, granting nine in ten.
    func plan(_ random: inout SeededGenerator, documented: Bool, age: Int) -> Plan {
        let enrols = documented && age >= 15 && random.chance(0.8)
        return Plan(eIDAfter: enrols ? max(Self.lognormal(&random, medianDays: 4, sigma: 0.9), 3600) : nil,
                    caseworkerAfter: Self.lognormal(&random, medianDays: 21, sigma: 0.7), caseworkerGrants: random.chance(0.9))
    }

    static func document(_ type: inout String, _ number: inout String, _ country: inout String, weights: [(String, Int)],
                         serial: inout Int, seed: UInt64, random: inout SeededGenerator) {
        var roll = random.below(weights.reduce(0) { $0 + $1.1 })
        type = weights.first { roll -= $0.1; return roll < 0 }!.0
        guard type != "none" else { return }
        serial += 1
        number = "SIM\(seed % 10_000)X\(String(format: "%07d", serial))"
        country = "UKR"
    }

    static func birthDate(_ random: inout SeededGenerator, age: Int, today: CalendarDate) -> String {
        today.adding(days: -(age * 365 + random.below(365))).description
    }

    /// A uniform number in (0, 1].
    static func uniform(_ random: inout SeededGenerator) -> Double { (Double(random.next() >> 11) + 1) / Double(1 << 53) }

    /// A log-normal wait in seconds with the given median (days) and spread.
    static func lognormal(_ random: inout SeededGenerator, medianDays: Double, sigma: Double) -> Double {
        let normal = (-2 * log(uniform(&random))).squareRoot() * cos(2 * .pi * uniform(&random))
        return medianDays * day * exp(sigma * normal)
    }

    static let womenNames = ["Олена", "Оксана", "Наталія", "Ірина", "Тетяна", "Юлія", "Марія", "Анна", "Світлана", "Катерина",
                             "Людмила", "Вікторія", "Ганна", "Дарина", "Софія", "Валентина", "Галина", "Надія", "Лариса", "Алла"]
    static let menNames = ["Андрій", "Олександр", "Сергій", "Іван", "Микола", "Дмитро", "Володимир", "Максим", "Богдан", "Тарас",
                           "Юрій", "Петро", "Василь", "Артем", "Михайло", "Олег", "Віктор", "Роман", "Ігор", "Денис"]
    static let familyNames = ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Мельник", "Поліщук", "Савченко",
                              "Руденко", "Лисенко", "Марченко", "Мороз", "Петренко", "Кравчук", "Ковальчук", "Бойко", "Павленко",
                              "Захарченко", "Гончаренко", "Романенко", "Іваненко", "Карпенко", "Литвиненко", "Данилюк", "Гнатюк",
                              "Остапчук", "Федоренко", "Яковенко", "Сидоренко"]
}
