import Arrival
import Foundation
import Testing

@Suite("The agencies' network: short updates tied to services, and the weekly digest's text")
struct NetworkUpdateTests {
    @Test("An update is 10 to 500 characters, without control characters, for at least one known service")
    func check() throws {
        let post = try NetworkPost.check(text: "  Vi tester ny SMS-varsling\r\nfor D-nummer.  ", services: ["d-number", "arrival", "d-number", ""])
        #expect(post.text == "Vi tester ny SMS-varsling\nfor D-nummer.")
        #expect(post.services == [.arrival, .dNumber], "once each, in journey order")
        #expect(throws: NetworkPost.Problem.tooShort) { try NetworkPost.check(text: " kort ", services: ["eid"]) }
        #expect(throws: NetworkPost.Problem.tooLong) { try NetworkPost.check(text: String(repeating: "a", count: 501), services: ["eid"]) }
        _ = try NetworkPost.check(text: String(repeating: "å", count: 500), services: ["eid"])
        #expect(throws: NetworkPost.Problem.controlCharacters) { try NetworkPost.check(text: "Ny løsning\u{0007} for eID", services: ["eid"]) }
        #expect(throws: NetworkPost.Problem.noService) { try NetworkPost.check(text: "Ny løsning for eID", services: []) }
        #expect(throws: NetworkPost.Problem.unknownService) { try NetworkPost.check(text: "Ny løsning for eID", services: ["eid", "<script>"]) }
    }

    static func update(_ organisation: String, _ text: String, _ services: [JourneyStep]) -> NetworkUpdate {
        NetworkUpdate(id: organisation + text, organisation: organisation, text: text, services: services, postedAt: 0, week: "2022-W11")
    }

    @Test("The digest lists the updates under each service in journey order, and stops in time when it is long")
    func digest() {
        let updates = [Self.update("UDI", "Roboten avgjør nå også barn\nmed fødselsattest.", [.decision]),
                       Self.update("Politiet", "Ny app på ankomstsenteret.", [.arrival, .dNumber])]
        let text = NetworkDigest.text(updates, serviceName: { $0.rawValue.uppercased() }, more: { "+\($0)" })
        #expect(text == "ARRIVAL\n- Politiet: Ny app på ankomstsenteret.\n\nD-NUMBER\n- Politiet: Ny app på ankomstsenteret.\n\nDECISION\n- UDI: Roboten avgjør nå også barn med fødselsattest.")
        let many = (1...30).map { Self.update("Etat \($0)", String(repeating: "x", count: 400), [.settlement]) }
        let long = NetworkDigest.text(many, serviceName: { _ in "BOSETTING" }, limit: 2000, more: { "… og \($0) til på nettverkssiden." })
        #expect(long.count <= 2000 && long.hasSuffix("… og 26 til på nettverkssiden."), "\(long.count) characters")
        #expect(long.hasPrefix("BOSETTING\n- Etat 1: "))
        #expect(NetworkDigest.text([], serviceName: { $0.rawValue }, more: { "\($0)" }).isEmpty)
        #expect(NetworkDigest.previousWeek(JourneyTests.monday) == "2022-W10")
        // JourneyTests.monday is 08:00 in Oslo: the digest for week 10 is due from then, not an hour before.
        #expect(NetworkDigest.dueWeek(JourneyTests.monday) == "2022-W10")
        #expect(NetworkDigest.dueWeek(JourneyTests.monday - 3_600_000) == nil)
        #expect(NetworkDigest.dueWeek(JourneyTests.monday - 9 * 3_600_000) == "2022-W09", "Sunday night: the week before's")
        #expect(NetworkDigest.dueWeek(JourneyTests.monday + 4 * 86_400_000) == "2022-W10", "Friday: still week 10's, for late subscribers")
    }
}
