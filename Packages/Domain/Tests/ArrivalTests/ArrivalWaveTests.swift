import Arrival
import Foundation
import Identifiers
import Testing

@Suite("The simulated arrival wave: families, documents and waits shaped like 2022, every intake valid")
struct ArrivalWaveTests {
    static let end = 1_764_579_600.0 // 2025-12-01T09:00:00Z
    static let wave = ArrivalWave(people: 3_000, weeks: 30, seed: 11)
    static let families = wave.families(end: end)

    @Test("The same seed gives the same wave; the people add up; arrivals lie in the window, oldest first")
    func deterministic() {
        let again = Self.wave.families(end: Self.end)
        #expect(again == Self.families)
        #expect(ArrivalWave(people: 3_000, weeks: 30, seed: 12).families(end: Self.end) != Self.families)
        #expect(Self.families.reduce(0) { $0 + $1.plans.count } == 3_000)
        #expect(Self.families.allSatisfy { $0.plans.count == $0.form.members.count + 1 })
        let start = Self.end - 30 * 7 * 86_400
        #expect(Self.families.allSatisfy { (start..<Self.end).contains($0.arrival) })
        #expect(zip(Self.families, Self.families.dropFirst()).allSatisfy { $0.arrival <= $1.arrival })
    }

    @Test("Every intake passes the police form's checks on its day, and no document number repeats")
    func valid() throws {
        var numbers: Set<String> = []
        for family in Self.families {
            let today = CalendarDate.inNorway(Date(timeIntervalSince1970: family.arrival))
            let checked = try IntakeCheck.check(family.form, today: today)
            for person in [checked.principal] + checked.members {
                if let number = person.documentNumber { #expect(numbers.insert(number).inserted, "\(number) repeats") }
            }
        }
        #expect(numbers.count > 2_500)
    }

    @Test("The shape: alone or with family, mostly Ukrainian, a peak early on, waits of days to weeks")
    func shape() {
        let families = Self.families, count = Double(families.count)
        let alone = Double(families.filter { $0.plans.count == 1 }.count) / count
        #expect((0.33...0.47).contains(alone), "\(alone) alone")
        let ukrainian = Double(families.filter { $0.form.nationality == "UKR" }.count) / count
        #expect((0.93...0.99).contains(ukrainian), "\(ukrainian) Ukrainian")
        let start = Self.end - 30 * 7 * 86_400
        var weeks = [Int](repeating: 0, count: 30)
        for family in families { weeks[Int((family.arrival - start) / (7 * 86_400))] += family.plans.count }
        let peak = weeks.firstIndex(of: weeks.max()!)!
        #expect((1...8).contains(peak), "peak in week \(peak): \(weeks)")
        #expect(weeks[29] > 0 && weeks[29] < weeks[peak] / 2, "a steady flow at the end, well under the peak: \(weeks)")
        let eID = families.flatMap(\.plans).compactMap(\.eIDAfter).sorted()
        let median = eID[eID.count / 2] / 86_400
        #expect((3...5.5).contains(median), "eID median \(median) days")
        let grants = Double(families.flatMap(\.plans).filter(\.caseworkerGrants).count) / 3_000
        #expect((0.86...0.94).contains(grants))
        #expect(families.allSatisfy { $0.proposalAfter > 0 && $0.answerAfter > 0 && $0.moveInAfter > 0 })
    }
}
