/// A reception centre: the temporary address the police record at the first meeting.
///
/// The demo centres are synthetic (names and streets invented) but lie in real municipalities,
/// so that the address goes into the population register and settlement can start from it.
public struct ReceptionCentre: Sendable, Hashable, Identifiable {
    /// A short stable id, used in forms.
    public let id: String
    public let name: String
    public let street: String
    public let postcode: String
    /// The municipality the centre lies in.
    public let municipalityNumber: String

    /// The centres Tverr ships with.
    public static let all: [ReceptionCentre] = [
        ReceptionCentre(id: "moss-ankomst", name: "Ankomstsenteret Moss", street: "Mottaksveien 1", postcode: "1530", municipalityNumber: "3103"),
        ReceptionCentre(id: "oslo-sentrum", name: "Oslo sentrum mottak", street: "Ankomstgata 12", postcode: "0150", municipalityNumber: "0301"),
        ReceptionCentre(id: "bergen-nord", name: "Bergen nord mottak", street: "Fjordveien 40", postcode: "5003", municipalityNumber: "4601"),
        ReceptionCentre(id: "trondheim", name: "Trondheim mottak", street: "Nidarvegen 7", postcode: "7011", municipalityNumber: "5001"),
        ReceptionCentre(id: "tromso", name: "Tromsø mottak", street: "Polarvegen 3", postcode: "9008", municipalityNumber: "5501"),
        ReceptionCentre(id: "kristiansand", name: "Kristiansand mottak", street: "Sørlandsveien 22", postcode: "4611", municipalityNumber: "4204"),
    ]

    /// A centre by id.
    public static func lookup(_ id: String) -> ReceptionCentre? { all.first { $0.id == id } }
}
