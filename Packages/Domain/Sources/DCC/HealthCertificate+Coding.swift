/// The JSON form of the schema: `ver`, `nam`, `dob`, and exactly one of `v`, `t` or `r` holding
/// an array of exactly one entry (the DCC regulation allows one statement per certificate).
extension HealthCertificate {
    enum CodingKeys: String, CodingKey {
        case schemaVersion = "ver", name = "nam", dateOfBirth = "dob"
        case vaccination = "v", test = "t", recovery = "r"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(String.self, forKey: .schemaVersion)
        name = try container.decode(Name.self, forKey: .name)
        dateOfBirth = try container.decode(String.self, forKey: .dateOfBirth)
        let present = [CodingKeys.vaccination, .test, .recovery].filter(container.contains)
        guard present.count == 1, let key = present.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: container.codingPath,
                debugDescription: "A certificate holds exactly one of v, t or r; this one holds \(present.isEmpty ? "none" : present.map(\.rawValue).joined(separator: ", "))"
            ))
        }
        func single<Entry: Decodable>(_ type: Entry.Type) throws -> Entry {
            let entries = try container.decode([Entry].self, forKey: key)
            guard entries.count == 1 else {
                throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath + [key], debugDescription: "\(key.rawValue) must hold exactly one entry, not \(entries.count)"))
            }
            return entries[0]
        }
        statement = switch key {
        case .vaccination: .vaccination(try single(Vaccination.self))
        case .test: .test(try single(Test.self))
        default: .recovery(try single(Recovery.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(name, forKey: .name)
        try container.encode(dateOfBirth, forKey: .dateOfBirth)
        switch statement {
        case .vaccination(let entry): try container.encode([entry], forKey: .vaccination)
        case .test(let entry): try container.encode([entry], forKey: .test)
        case .recovery(let entry): try container.encode([entry], forKey: .recovery)
        }
    }
}
