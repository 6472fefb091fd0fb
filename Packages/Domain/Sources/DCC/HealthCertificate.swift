/// The payload of an EU Digital COVID Certificate (eHN DCC schema 1.3.x): who it is for, and
/// exactly one vaccination, test or recovery statement. Coded with the schema's JSON names, so
/// that `JSONDecoder` reads the JSON form and `cbor` gives what the `hcert` claim holds.
public struct HealthCertificate: Sendable, Equatable, Codable {
    /// The schema version, "1.3.0" for certificates made here (`ver`).
    public var schemaVersion: String
    /// The holder's name (`nam`).
    public var name: Name
    /// Date of birth: YYYY-MM-DD, YYYY-MM, YYYY or empty when unknown (`dob`, ISO 8601).
    public var dateOfBirth: String
    /// The single statement the certificate makes.
    public var statement: Statement

    /// The schema version this module writes.
    public static let currentSchemaVersion = "1.3.0"

    /// What the certificate states.
    public enum Statement: Sendable, Equatable {
        /// A vaccination event (`v`).
        case vaccination(Vaccination)
        /// A test (`t`).
        case test(Test)
        /// Recovery after a positive NAAT test (`r`).
        case recovery(Recovery)

        /// The certificate type letter: v, t or r (also the DSC's extended key usage).
        public var kind: Kind {
            switch self {
            case .vaccination: .vaccination
            case .test: .test
            case .recovery: .recovery
            }
        }

        /// The unique certificate identifier of the statement.
        public var identifier: String {
            switch self {
            case .vaccination(let entry): entry.identifier
            case .test(let entry): entry.identifier
            case .recovery(let entry): entry.identifier
            }
        }
    }

    /// The three certificate types, by their payload key.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case vaccination = "v"
        case test = "t"
        case recovery = "r"
    }

    /// The holder's name as on the travel document, and its ICAO 9303 machine-readable form.
    public struct Name: Sendable, Equatable, Codable {
        /// Surname(s) (`fn`), at most 80 characters.
        public var familyName: String?
        /// Surname(s) transliterated, `^[A-Z<]*$` (`fnt`), required.
        public var standardisedFamilyName: String
        /// Forename(s) (`gn`).
        public var givenName: String?
        /// Forename(s) transliterated (`gnt`).
        public var standardisedGivenName: String?

        enum CodingKeys: String, CodingKey {
            case familyName = "fn", standardisedFamilyName = "fnt", givenName = "gn", standardisedGivenName = "gnt"
        }

        /// A name whose standardised forms are the ICAO transliteration of the names given.
        public init(familyName: String, givenName: String?, convention: Transliteration.Convention = .automatic) {
            self.familyName = familyName
            self.standardisedFamilyName = Transliteration.icao(familyName, convention: convention)
            self.givenName = givenName
            self.standardisedGivenName = givenName.map { Transliteration.icao($0, convention: convention) }
        }

        /// A name with every field given as is.
        public init(familyName: String?, standardisedFamilyName: String, givenName: String?, standardisedGivenName: String?) {
            self.familyName = familyName
            self.standardisedFamilyName = standardisedFamilyName
            self.givenName = givenName
            self.standardisedGivenName = standardisedGivenName
        }
    }

    /// A vaccination statement (`v`).
    public struct Vaccination: Sendable, Equatable, Codable {
        /// Disease or agent targeted (`tg`): 840539006, COVID-19.
        public var disease: String
        /// Vaccine or prophylaxis (`vp`), from the vaccine-prophylaxis value set.
        public var vaccine: String
        /// Medicinal product (`mp`), such as EU/1/20/1528.
        public var product: String
        /// Marketing authorisation holder or manufacturer (`ma`), such as ORG-100030215.
        public var manufacturer: String
        /// Dose number in the series (`dn`), 1–9.
        public var doseNumber: Int
        /// Doses in the series (`sd`), 1–9.
        public var seriesDoses: Int
        /// Date of vaccination, YYYY-MM-DD (`dt`).
        public var date: String
        /// Member state or third country of vaccination, ISO 3166-1 alpha-2 (`co`).
        public var country: String
        /// Certificate issuer (`is`).
        public var issuer: String
        /// Unique certificate identifier, a UVCI (`ci`).
        public var identifier: String

        enum CodingKeys: String, CodingKey {
            case disease = "tg", vaccine = "vp", product = "mp", manufacturer = "ma", doseNumber = "dn", seriesDoses = "sd"
            case date = "dt", country = "co", issuer = "is", identifier = "ci"
        }

        /// A vaccination statement.
        public init(disease: String = ValueSets.covid19, vaccine: String, product: String, manufacturer: String, doseNumber: Int, seriesDoses: Int, date: String, country: String, issuer: String, identifier: String) {
            (self.disease, self.vaccine, self.product, self.manufacturer) = (disease, vaccine, product, manufacturer)
            (self.doseNumber, self.seriesDoses, self.date, self.country, self.issuer, self.identifier) = (doseNumber, seriesDoses, date, country, issuer, identifier)
        }
    }

    /// A test statement (`t`).
    public struct Test: Sendable, Equatable, Codable {
        /// Disease or agent targeted (`tg`).
        public var disease: String
        /// Type of test (`tt`): LP6464-4 NAAT (PCR) or LP217198-3 rapid antigen.
        public var type: String
        /// NAAT test name (`nm`), for NAAT tests.
        public var testName: String?
        /// Rapid antigen test device identifier (`ma`), from the JRC list; required for RAT.
        public var device: String?
        /// Date and time of sample collection, ISO 8601 with offset (`sc`).
        public var sampleCollected: String
        /// Result (`tr`): 260415000 not detected, 260373001 detected.
        public var result: String
        /// Testing centre or facility (`tc`).
        public var centre: String?
        /// Country of the test (`co`).
        public var country: String
        /// Certificate issuer (`is`).
        public var issuer: String
        /// Unique certificate identifier (`ci`).
        public var identifier: String

        enum CodingKeys: String, CodingKey {
            case disease = "tg", type = "tt", testName = "nm", device = "ma", sampleCollected = "sc", result = "tr"
            case centre = "tc", country = "co", issuer = "is", identifier = "ci"
        }

        /// A test statement.
        public init(disease: String = ValueSets.covid19, type: String, testName: String? = nil, device: String? = nil, sampleCollected: String, result: String, centre: String?, country: String, issuer: String, identifier: String) {
            (self.disease, self.type, self.testName, self.device, self.sampleCollected) = (disease, type, testName, device, sampleCollected)
            (self.result, self.centre, self.country, self.issuer, self.identifier) = (result, centre, country, issuer, identifier)
        }
    }

    /// A recovery statement (`r`).
    public struct Recovery: Sendable, Equatable, Codable {
        /// Disease or agent the holder recovered from (`tg`).
        public var disease: String
        /// Date of the holder's first positive NAAT result (`fr`).
        public var firstPositive: String
        /// Country of the test (`co`).
        public var country: String
        /// Certificate issuer (`is`).
        public var issuer: String
        /// Certificate valid from (`df`).
        public var validFrom: String
        /// Certificate valid until, at most 180 days after `fr` (`du`).
        public var validUntil: String
        /// Unique certificate identifier (`ci`).
        public var identifier: String

        enum CodingKeys: String, CodingKey {
            case disease = "tg", firstPositive = "fr", country = "co", issuer = "is", validFrom = "df", validUntil = "du", identifier = "ci"
        }

        /// A recovery statement.
        public init(disease: String = ValueSets.covid19, firstPositive: String, country: String, issuer: String, validFrom: String, validUntil: String, identifier: String) {
            (self.disease, self.firstPositive, self.country, self.issuer) = (disease, firstPositive, country, issuer)
            (self.validFrom, self.validUntil, self.identifier) = (validFrom, validUntil, identifier)
        }
    }

    /// A certificate of the current schema version.
    public init(name: Name, dateOfBirth: String, statement: Statement, schemaVersion: String = Self.currentSchemaVersion) {
        self.schemaVersion = schemaVersion
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.statement = statement
    }
}
