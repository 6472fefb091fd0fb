import Booking
import Foundation
import Identifiers
import Pandemic
import Persistence
import Population
import Reference
import SQLKit

extension PandemicSimulation {
    /// Countries travellers came from, with their weights.
    static let origins: [(String, Int)] = [("SE", 30), ("DK", 15), ("PL", 14), ("DE", 10), ("GB", 8), ("UA", 8), ("LT", 5), ("ES", 5), ("US", 3), ("TH", 2)]

    /// Arrivals for each day, checked as the entry form checks them (on that day), half of them
    /// people in the register, half passport holders, quarantined at home or in the largest towns.
    func arrivals(_ people: [String], today: CalendarDate, store: Store, random: inout SeededGenerator) async throws -> Int {
        let registrations = EntryRegistrations(store: store)
        let municipalities = Set(Municipality.all.map(\.number)), total = Self.origins.reduce(0) { $0 + $1.1 }
        var count = 0
        for day in 0..<days {
            let date = today.adding(days: day - days + 1)
            for _ in 0..<max(1, people.count / 1_000 * Int(1 + intensity(day).tested * 100) / 3) {
                var pick = random.below(total), origin = Self.origins[0].0
                for (code, weight) in Self.origins { if pick < weight { origin = code; break }; pick -= weight }
                var form = EntryForm()
                if random.chance(0.5) {
                    (form.identityKind, form.identityNumber) = ("number", people[random.below(people.count)])
                } else {
                    (form.identityKind, form.passportNumber, form.passportCountry) = ("passport", "P\(random.below(90_000_000) + 10_000_000)", origin)
                }
                (form.givenName, form.familyName, form.birthDate) = (["Anna", "Lukas", "Olena", "Jan", "Maria"][random.below(5)], "Reisende", "1985-06-15")
                (form.countryFrom, form.arrivalDate) = (origin, date.description)
                (form.address, form.postcode) = ("Karantenehotellet \(random.below(20) + 1)", "0150")
                form.municipality = ["0301", "4601", "5001", "1103", "3301"][random.below(5)]
                guard let checked = try? EntryCheck.check(form, today: date, municipalities: municipalities) else { continue }
                _ = try await registrations.register(checked, language: "en", now: Date())
                count += 1
            }
        }
        return count
    }

    /// Bookings at the demo test stations for the coming days, as the booking pages make them.
    func bookings(_ people: [String], store: Store, random: inout SeededGenerator) async throws -> Int {
        let bookings = Bookings(store: store)
        let stations = try await bookings.resources(service: "covid-test")
        guard !stations.isEmpty else { return 0 }
        let today = SlotSchedule.wallClock(Int64(Date().timeIntervalSince1970), in: SlotSchedule.norway).date
        var count = 0
        for _ in 0..<min(people.count / 50, 2_000) {
            let station = stations[random.below(stations.count)]
            let slots = try await bookings.slots(of: station.id, from: today.adding(days: 1), through: today.adding(days: 1 + random.below(5)))
                .filter { $0.booked < $0.capacity }
            guard !slots.isEmpty else { continue }
            if (try? await bookings.book(slot: slots[random.below(slots.count)].id, for: people[random.below(people.count)], language: "nb")) != nil {
                count += 1
            }
        }
        return count
    }

    /// Tracing: the older half of the open cases get one to three close contacts (by number) and
    /// are closed; the newer half stay in the queues.
    func tracing(today: CalendarDate, store: Store, random: inout SeededGenerator) async throws -> (Int, Int) {
        let cases = try await store.sql.raw("SELECT id, person FROM tracing_cases WHERE status = 'open' ORDER BY opened_at, id").all()
            .map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "person", as: String.self)) }
        let people = try await store.sql.raw("SELECT identity_number FROM persons ORDER BY identity_number LIMIT 5000").all()
            .map { try $0.decode(column: "identity_number", as: String.self) }
        let tracing = TracingCases(store: store)
        var contacts = 0, closed = 0
        for (id, _) in cases.prefix(cases.count / 2) {
            for _ in 0..<(1 + random.below(3)) {
                _ = try await tracing.addContact(to: id, number: people[random.below(people.count)], name: "", phone: "",
                                                 lastContact: today.adding(days: -random.below(3)).description, tracer: "staff:simulation",
                                                 organisation: "958935420", today: today)
                contacts += 1
            }
            if try await tracing.close(id, outcome: "contacts-traced", note: "", tracer: "staff:simulation") { closed += 1 }
        }
        return (contacts, closed)
    }
}
