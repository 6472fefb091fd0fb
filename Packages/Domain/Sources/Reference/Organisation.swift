import Identifiers

/// A public body that provides or uses services on Tverr.
public struct Organisation: Hashable, Sendable, Codable {
    /// What kind of body this is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case agency, municipality, healthService = "health_service"
    }

    /// The organisation number in the Central Coordinating Register for Legal Entities.
    public let number: OrganisationNumber
    /// The official name.
    public let name: String
    /// What kind of body this is.
    public let kind: Kind
    /// The municipality number, for municipalities and local services.
    public let municipalityNumber: String?

    /// Creates an organisation.
    public init(number: OrganisationNumber, name: String, kind: Kind, municipalityNumber: String? = nil) {
        self.number = number
        self.name = name
        self.kind = kind
        self.municipalityNumber = municipalityNumber
    }
}

extension Organisation {
    /// State agencies that the reference services involve, with their real organisation numbers.
    public static let agencies: [Organisation] = [
        ("974761076", "Skatteetaten"),
        ("889640782", "Arbeids- og velferdsetaten (Nav)"),
        ("974760746", "Utlendingsdirektoratet (UDI)"),
        ("983544622", "Helsedirektoratet"),
        ("983744516", "Folkehelseinstituttet"),
        ("991825827", "Digitaliseringsdirektoratet"),
        ("994598759", "Norsk helsenett SF"),
    ].map { Organisation(number: try! OrganisationNumber($0.0), name: $0.1, kind: .agency) }

    /// Agencies on the refugees' journey whose real numbers are not curated here: they get synthetic
    /// numbers starting with 3, like the uncurated municipalities.
    public static let journeyAgencies: [Organisation] = [
        Organisation(number: syntheticNumber(seed: 90_001), name: "Politiet", kind: .agency),
        Organisation(number: syntheticNumber(seed: 90_002), name: "Integrerings- og mangfoldsdirektoratet (IMDi)", kind: .agency),
    ]

    /// The directorate that runs the youth front door with the Directorate of Health (synthetic number).
    public static let youthAgencies: [Organisation] = [
        Organisation(number: syntheticNumber(seed: 90_003), name: "Barne-, ungdoms- og familiedirektoratet (Bufdir)", kind: .agency),
    ]

    /// Bufdir (synthetic number).
    public static var youthDirectorate: Organisation { youthAgencies[0] }

    /// The police (synthetic number).
    public static var police: Organisation { journeyAgencies[0] }
    /// The integration directorate (synthetic number).
    public static var integrationDirectorate: Organisation { journeyAgencies[1] }

    /// Real organisation numbers of the largest municipalities.
    static let municipalityNumbers: [String: String] = [
        "0301": "958935420", "4601": "964338531", "5001": "942110464",
        "1103": "964965226", "5501": "940101808",
    ]

    /// One organisation per municipality in `Municipality.all`. Municipalities whose real number
    /// is not curated get a synthetic number starting with 3 (the Tenor convention for test
    /// organisations), which cannot collide with a real one.
    public static let municipalities: [Organisation] = Municipality.all.map { municipality in
        let number = municipalityNumbers[municipality.number].flatMap { try? OrganisationNumber($0) }
            ?? syntheticNumber(seed: Int(municipality.number)!)
        return Organisation(number: number, name: "\(municipality.name) kommune", kind: .municipality,
                            municipalityNumber: municipality.number)
    }

    /// Every organisation Tverr ships with.
    public static let all: [Organisation] = agencies + journeyAgencies + youthAgencies + municipalities

    static func syntheticNumber(seed: Int) -> OrganisationNumber {
        var base = 31_000_000 + seed * 10
        while true {
            if let number = OrganisationNumber.completing(base) { return number }
            base += 1
        }
    }
}
