import Booking

/// Demo test stations for `tverr serve`: two in Oslo and one each in Bergen, Trondheim, Stavanger
/// and Tromsø, run by those municipalities, open on weekdays 08:00–18:00 and Saturdays
/// 10:00–15:00, with six places every ten minutes. Does nothing if any resource exists.
public enum DemoTestStations {
    static let stations: [(name: String, organisation: String, municipality: String, address: String, postcode: String, latitude: Double, longitude: Double)] = [
        ("Teststasjon Oslo S", "958935420", "0301", "Jernbanetorget 1", "0154", 59.9111, 10.7503),
        ("Teststasjon Storo", "958935420", "0301", "Vitaminveien 1", "0485", 59.9465, 10.7760),
        ("Teststasjon Bergen sentrum", "964338531", "4601", "Strømgaten 8", "5015", 60.3894, 5.3320),
        ("Teststasjon Leangen", "942110464", "5001", "Leangen allé 2", "7044", 63.4330, 10.4660),
        ("Teststasjon Forus", "964965226", "1103", "Forusbeen 78", "4033", 58.8940, 5.7260),
        ("Teststasjon Tromsø", "940101808", "5501", "Storgata 40", "9008", 69.6489, 18.9551),
    ]

    public static func seed(store: Store) async throws {
        guard try await store.sql.raw("SELECT 1 AS ok FROM booking_resources").first() == nil else { return }
        let weekday = try OpeningHours.periods("08:00-18:00"), saturday = try OpeningHours.periods("10:00-15:00")
        var week: [Weekday: [OpeningPeriod]] = [.saturday: saturday]
        for day in [Weekday.monday, .tuesday, .wednesday, .thursday, .friday] { week[day] = weekday }
        let bookings = Bookings(store: store)
        for station in stations {
            _ = try await bookings.create(BookingResource(service: "covid-test", name: station.name, organisationNumber: station.organisation,
                                                          municipalityNumber: station.municipality, address: station.address, postcode: station.postcode,
                                                          latitude: station.latitude, longitude: station.longitude, slotMinutes: 10, capacity: 6),
                                          week: week)
        }
    }
}
