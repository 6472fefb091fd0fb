import CBOR

/// The payload as the `hcert` claim carries it (key −260, then 1): a CBOR map with the JSON
/// schema's names, text values, and integers for `dn` and `sd`.
extension HealthCertificate {
    /// Why a CBOR item is not a DCC payload.
    public struct DecodingFailure: Error, Equatable, Sendable, CustomStringConvertible {
        /// Where, as a path such as `t[0].sc`.
        public var path: String
        /// What is wrong there.
        public var reason: String

        public var description: String { "\(path): \(reason)" }

        /// A failure at `path`.
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// The payload as a CBOR map, built with its keys in canonical order (RFC 8949 §4.2.1:
    /// shorter keys first, then bytewise), so that deterministic encoding need not sort.
    public var cbor: CBOR {
        let statement: CBOR.Entry = switch self.statement {
        case .vaccination(let v):
            .init("v", .array([.map([
                .init("ci", .text(v.identifier)), .init("co", .text(v.country)), .init("dn", .int(Int64(v.doseNumber))),
                .init("dt", .text(v.date)), .init("is", .text(v.issuer)), .init("ma", .text(v.manufacturer)),
                .init("mp", .text(v.product)), .init("sd", .int(Int64(v.seriesDoses))), .init("tg", .text(v.disease)), .init("vp", .text(v.vaccine)),
            ])]))
        case .test(let t):
            .init("t", .array([.map(Self.compact([
                ("ci", t.identifier), ("co", t.country), ("is", t.issuer), ("ma", t.device), ("nm", t.testName),
                ("sc", t.sampleCollected), ("tc", t.centre), ("tg", t.disease), ("tr", t.result), ("tt", t.type),
            ]))]))
        case .recovery(let r):
            .init("r", .array([.map(Self.compact([
                ("ci", r.identifier), ("co", r.country), ("df", r.validFrom), ("du", r.validUntil), ("fr", r.firstPositive),
                ("is", r.issuer), ("tg", r.disease),
            ]))]))
        }
        return .map([
            statement,
            .init("dob", .text(dateOfBirth)),
            .init("nam", .map(Self.compact([
                ("fn", name.familyName), ("gn", name.givenName), ("fnt", name.standardisedFamilyName), ("gnt", name.standardisedGivenName),
            ]))),
            .init("ver", .text(schemaVersion)),
        ])
    }

    private static func compact(_ fields: [(String, String?)]) -> [CBOR.Entry] {
        fields.compactMap { key, value in value.map { CBOR.Entry(.text(key), .text($0)) } }
    }

    /// Reads a payload from the `hcert` claim, naming the first field that is missing or of the
    /// wrong type. Unknown fields are ignored, as the schema allows newer minor versions.
    public init(cbor: CBOR) throws(DecodingFailure) {
        let root = try Fields(cbor, path: "")
        let nameFields = try Fields(root.required("nam"), path: "nam")
        let name = Name(
            familyName: try nameFields.text("fn"), standardisedFamilyName: try nameFields.requiredText("fnt"),
            givenName: try nameFields.text("gn"), standardisedGivenName: try nameFields.text("gnt")
        )
        let present = ["v", "t", "r"].filter { root[$0] != nil }
        guard present.count == 1, let key = present.first else {
            throw DecodingFailure(path: "", reason: "holds \(present.isEmpty ? "none" : present.joined(separator: ", ")) of v, t and r; exactly one is required")
        }
        guard let items = root[key]?.items, items.count == 1 else {
            throw DecodingFailure(path: key, reason: "must be an array of exactly one entry")
        }
        let e = try Fields(items[0], path: "\(key)[0]")
        let statement: Statement = switch key {
        case "v": .vaccination(Vaccination(
            disease: try e.requiredText("tg"), vaccine: try e.requiredText("vp"), product: try e.requiredText("mp"), manufacturer: try e.requiredText("ma"),
            doseNumber: try e.integer("dn"), seriesDoses: try e.integer("sd"), date: try e.requiredText("dt"),
            country: try e.requiredText("co"), issuer: try e.requiredText("is"), identifier: try e.requiredText("ci")))
        case "t": .test(Test(
            disease: try e.requiredText("tg"), type: try e.requiredText("tt"), testName: try e.text("nm"), device: try e.text("ma"),
            sampleCollected: try e.requiredText("sc"), result: try e.requiredText("tr"), centre: try e.text("tc"),
            country: try e.requiredText("co"), issuer: try e.requiredText("is"), identifier: try e.requiredText("ci")))
        default: .recovery(Recovery(
            disease: try e.requiredText("tg"), firstPositive: try e.requiredText("fr"), country: try e.requiredText("co"),
            issuer: try e.requiredText("is"), validFrom: try e.requiredText("df"), validUntil: try e.requiredText("du"), identifier: try e.requiredText("ci")))
        }
        self.init(name: name, dateOfBirth: try root.requiredText("dob"), statement: statement, schemaVersion: try root.requiredText("ver"))
    }
}

/// The text-keyed fields of one CBOR map, with errors that name the path. Maps here hold about
/// ten entries, so a linear search beats hashing every key.
private struct Fields {
    let keys: [String]
    let values: [CBOR]
    let path: String

    init(_ item: CBOR, path: String) throws(HealthCertificate.DecodingFailure) {
        guard let entries = item.entries else { throw .init(path: path.isEmpty ? "payload" : path, reason: "must be a map") }
        var keys: [String] = [], values: [CBOR] = []
        keys.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        for entry in entries {
            guard let key = entry.key.string else { throw .init(path: path.isEmpty ? "payload" : path, reason: "has a key that is not text") }
            guard !keys.contains(key) else { throw .init(path: Self.path(key, in: path), reason: "appears twice") }
            keys.append(key)
            values.append(entry.value)
        }
        self.keys = keys
        self.values = values
        self.path = path
    }

    private static func path(_ key: String, in base: String) -> String { base.isEmpty ? key : "\(base).\(key)" }

    subscript(key: String) -> CBOR? { keys.firstIndex(of: key).map { values[$0] } }

    func required(_ key: String) throws(HealthCertificate.DecodingFailure) -> CBOR {
        guard let value = self[key] else { throw .init(path: Self.path(key, in: path), reason: "is missing") }
        return value
    }

    func text(_ key: String) throws(HealthCertificate.DecodingFailure) -> String? {
        guard let value = self[key] else { return nil }
        guard let text = value.string else { throw .init(path: Self.path(key, in: path), reason: "must be text") }
        return text
    }

    func requiredText(_ key: String) throws(HealthCertificate.DecodingFailure) -> String {
        guard let text = try text(key) else { throw .init(path: Self.path(key, in: path), reason: "is missing") }
        return text
    }

    func integer(_ key: String) throws(HealthCertificate.DecodingFailure) -> Int {
        guard let value = try required(key).int64, let small = Int(exactly: value), (0...1_000).contains(small) else {
            throw .init(path: Self.path(key, in: path), reason: "must be a small integer")
        }
        return small
    }
}
