import Arrival
import Foundation
import Identifiers
import Identity
import Persistence
import Population
import Reference
import Rules

/// `tverr simulate arrival`: plays a wave of refugees (`ArrivalWave`) through the arrival
/// journey's blocks, each step at the time the plan gives it: the police intake (register, D-number,
/// eID flag, application decided by the rules in force that day), eID enrolment with the
/// activation code, a caseworker's decision on routed cases, IMDi's proposal within the
/// municipalities' places, the municipality's answer and the move-in with the new address in the
/// population register. Each goes through the same code and checks as the staff pages and the
/// eID pages (those need a person's or an officer's login on the web, so they are not driven over
/// HTTP); every step is audited and raises its event, stamped with its simulated time. Steps
/// whose time has not come by now are left undone, so the latest arrivals are mid-journey.
///
/// Two shortcuts, both for invented people only: their eID passwords are hashed at the lowest
/// bcrypt cost (random passwords, thrown away), and their decisions are marked as needing no
/// letter, instead of tens of thousands of PDFs. The intake's message to the person is not sent.
public struct ArrivalSimulation: Sendable {
    public let wave: ArrivalWave

    public init(people: Int, weeks: Int, seed: UInt64) { wave = ArrivalWave(people: people, weeks: weeks, seed: seed) }

    /// What the simulation put in.
    public struct Summary: Sendable, Equatable {
        public var families = 0, people = 0, automatedGrants = 0, routed = 0, eIDs = 0, caseworkerDecisions = 0
        public var proposals = 0, declines = 0, settled = 0, skipped = 0, expiredCodes = 0
    }

    static let officer = ArrivalIntakes.Officer(pid: "simulated-officer", organisationNumber: Organisation.police.number.value)
    static let caseworker = "staff:\(ProtectionCases.authority)/simulated-caseworker"
    static let imdi = "staff:\(Organisation.integrationDirectorate.number.value)/simulated-adviser"

    /// The seed has been played into this database already (its document numbers are there).
    public struct AlreadyPlayed: Error, CustomStringConvertible {
        public let seed: UInt64
        public var description: String { "Seed \(seed) has been played into this database already; choose another --seed." }
    }

    public func run(store: Store, rules: RuleSet, now: Date = Date(), say: @escaping @Sendable (String) -> Void) async throws -> Summary {
        let families = wave.families(end: now.timeIntervalSince1970)
        if let first = families.lazy.flatMap({ [$0.form.documentNumber] + $0.form.members.map(\.documentNumber) }).first(where: { !$0.isEmpty }),
           try await store.sql.raw("SELECT 1 AS found FROM arrival_intakes WHERE document_number LIKE \(bind: String(first.prefix { $0 != "X" }) + "X%")").first() != nil {
            throw AlreadyPlayed(seed: wave.seed)
        }
        var play = Playing(store: store, rules: rules, now: now.timeIntervalSince1970, seed: wave.seed)
        try await play.statePlaces(for: families, people: wave.people)
        let letters = ProtectionLetters(store: store)
        for (index, family) in families.enumerated() {
            try await play.family(family)
            if (index + 1) % 1_000 == 0 {
                // As it goes, so that a run stopped half-way leaves at most a thousand families owed letters.
                try await letters.markSimulated(play.decided)
                play.decided = []
                say("  \(index + 1) of \(families.count) families (\(play.summary.people) people)…")
            }
        }
        try await letters.markSimulated(play.decided)
        return play.summary
    }
}

/// One run of the simulation: the places left per municipality and year, and what was done.
struct Playing {
    let store: Store
    let rules: RuleSet
    let now: Double
    var summary = ArrivalSimulation.Summary()
    /// Places left, by year and municipality.
    var places: [Int: [String: Int]] = [:]
    var municipalities: [Municipality] = []
    /// Applications decided in this run (they are owed no letter).
    var decided: [String] = []
    var serial = 0
    var generator: SeededGenerator

    init(store: Store, rules: RuleSet, now: Double, seed: UInt64) {
        (self.store, self.rules, self.now) = (store, rules, now)
        generator = SeededGenerator(seed: seed)
    }

    /// Each municipality states places for each year of the wave, in proportion to its
    /// population, a fifth more than the wave needs; the municipality's own staff state them.
    mutating func statePlaces(for families: [ArrivalWave.Family], people: Int) async throws {
        let settlements = Settlements(store: store)
        let years = Set(families.map { CalendarDate.inNorway(Date(timeIntervalSince1970: $0.arrival)).year } + [CalendarDate.inNorway(Date(timeIntervalSince1970: now)).year])
        municipalities = Municipality.all
        let population = Double(municipalities.reduce(0) { $0 + $1.population })
        for year in years.sorted() {
            let existing = Dictionary(try await settlements.capacities(year: year).map { ($0.municipalityNumber, $0) }, uniquingKeysWith: { a, _ in a })
            for municipality in municipalities {
                let wanted = max(10, Int((1.2 * Double(people) * Double(municipality.population) / population).rounded(.up)))
                let stated = existing[municipality.number]
                let total = max(wanted + (stated?.taken ?? 0), stated?.places ?? 0)
                if stated?.places != total {
                    let organisation = Organisation.municipalities.first { $0.municipalityNumber == municipality.number }!.number.value
                    try await settlements.setCapacity(municipality.number, year: year, places: total, by: "staff:\(organisation)/simulated-clerk")
                }
                places[year, default: [:]][municipality.number] = total - (stated?.taken ?? 0)
            }
        }
    }

    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }
    static func day(_ seconds: Double) -> CalendarDate { CalendarDate.inNorway(date(seconds)) }

    mutating func family(_ family: ArrivalWave.Family) async throws {
        let today = Self.day(family.arrival)
        let intakes = ArrivalIntakes(store: store, rules: rules)
        let registered: ArrivalIntakes.Registered
        do {
            registered = try await intakes.register(try IntakeCheck.check(family.form, today: today), by: ArrivalSimulation.officer,
                                                    today: today, synthetic: true, at: Self.date(family.arrival))
        } catch is ArrivalIntakes.Refusal {
            summary.skipped += 1 // a document taken by a run with another seed that shares the number prefix
            return
        }
        summary.families += 1
        summary.people += registered.people.count
        var lastDecision = family.arrival, granted = false
        for (person, plan) in zip(registered.people, family.plans) {
            if let code = person.activationCode, let after = plan.eIDAfter, family.arrival + after < now {
                // An activation code lasts two weeks; those who come later are stuck until the police issue a new one.
                if after < Double(EIDStore.activationLifetime) {
                    try await enrol(person.identityNumber, code: code, at: family.arrival + after)
                } else {
                    summary.expiredCodes += 1
                }
            }
            switch person.outcome {
            case .grant:
                summary.automatedGrants += 1
                decided.append(person.applicationReference)
                granted = true
            case .route:
                summary.routed += 1
                let at = family.arrival + plan.caseworkerAfter
                guard at < now else { continue }
                try await ProtectionCases(store: store).decide(
                    person.applicationReference, outcome: plan.caseworkerGrants ? "grant" : "refuse",
                    reason: plan.caseworkerGrants ? "Identity and family ties were confirmed at the interview with the caseworker."
                        : "The applicant is not covered: no Ukrainian citizenship, no protection in Ukraine and no family tie to someone covered.",
                    by: ArrivalSimulation.caseworker, today: Self.day(at), at: Self.date(at))
                summary.caseworkerDecisions += 1
                decided.append(person.applicationReference)
                granted = granted || plan.caseworkerGrants
                lastDecision = max(lastDecision, at)
            default:
                continue
            }
        }
        guard granted else { return }
        try await settle(registered.groupID, family, from: lastDecision)
    }

    /// Enrolment as the eID pages do it: activation code, password, a code from the authenticator.
    mutating func enrol(_ pid: String, code: String, at seconds: Double) async throws {
        let eid = EIDStore(store: store, bcryptCost: 4), at = Self.date(seconds)
        let token = try await eid.startEnrolment(pid: pid, activationCode: code, at: at)
        let password = SecureToken.generate()
        try await eid.choosePassword(token: token, password: password, repeated: password, at: at)
        guard let enrolment = try await eid.enrolment(token: token, at: at) else { return }
        _ = try await eid.confirm(token: token, code: TOTP(secret: enrolment.secret).code(at: at), at: at)
        summary.eIDs += 1
    }

    /// IMDi proposes, the municipality answers (the first may decline), the family moves in.
    mutating func settle(_ group: String, _ family: ArrivalWave.Family, from decided: Double) async throws {
        let settlements = Settlements(store: store)
        var at = decided + family.proposalAfter, declines = family.declinedFirst ? 1 : 0
        while at < now {
            let year = Self.day(at).year
            guard let municipality = pick(year: year, size: family.plans.count) else { return }
            try await settlements.propose(group, to: municipality.number, by: ArrivalSimulation.imdi, today: Self.day(at), at: Self.date(at))
            summary.proposals += 1
            places[year]![municipality.number]! -= family.plans.count
            at += family.answerAfter
            guard at < now else { return }
            let clerk = "staff:\(Organisation.municipalities.first { $0.municipalityNumber == municipality.number }!.number.value)/simulated-clerk"
            if declines > 0 {
                try await settlements.answer(group, in: municipality.number, accept: false, reason: "No housing for a family of this size this month.",
                                             by: clerk, at: Self.date(at))
                summary.declines += 1
                places[year]![municipality.number]! += family.plans.count
                declines -= 1
                at += 2 * 86_400
                continue
            }
            try await settlements.answer(group, in: municipality.number, accept: true, reason: "", by: clerk, at: Self.date(at))
            at += family.moveInAfter
            guard at < now else { return }
            serial += 1
            try await settlements.moveIn(group, in: municipality.number, street: "Bosettingsveien \(serial % 200 + 1)", postcode: municipality.centrePostcode,
                                         movedIn: Self.day(at).description, by: clerk, at: Self.date(at))
            summary.settled += 1
            return
        }
    }

    /// A municipality with places for the family this year, the larger ones more often.
    mutating func pick(year: Int, size: Int) -> Municipality? {
        let open = municipalities.filter { (places[year]?[$0.number] ?? 0) >= size }
        guard !open.isEmpty else { return nil }
        var roll = Int(generator.next(upperBound: UInt64(open.reduce(0) { $0 + $1.population })))
        return open.first { roll -= $0.population; return roll < 0 } ?? open.last
    }
}
