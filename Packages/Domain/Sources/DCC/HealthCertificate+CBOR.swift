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

    /// The payload as deterministically encoded CBOR (RFC 8949 §4.2.1), written straight to
    /// bytes with its keys in canonical order: shorter keys first, then bytewise.
    public func cborBytes() -> [UInt8] {
        var out = CBORWriter(capacity: 320)
        out.map(4)
        switch statement {
        case .vaccination(let v):
            out.text("v"); out.array(1); out.map(10)
            for (key, value) in [("ci", v.identifier), ("co", v.country)] { out.text(key); out.text(value) }
            out.text("dn"); out.int(Int64(v.doseNumber))
            for (key, value) in [("dt", v.date), ("is", v.issuer), ("ma", v.manufacturer), ("mp", v.product)] { out.text(key); out.text(value) }
            out.text("sd"); out.int(Int64(v.seriesDoses))
            for (key, value) in [("tg", v.disease), ("vp", v.vaccine)] { out.text(key); out.text(value) }
        case .test(let t):
            out.text("t"); out.array(1)
            Self.write([("ci", t.identifier), ("co", t.country), ("is", t.issuer), ("ma", t.device), ("nm", t.testName),
                        ("sc", t.sampleCollected), ("tc", t.centre), ("tg", t.disease), ("tr", t.result), ("tt", t.type)], to: &out)
        case .recovery(let r):
            out.text("r"); out.array(1)
            Self.write([("ci", r.identifier), ("co", r.country), ("df", r.validFrom), ("du", r.validUntil), ("fr", r.firstPositive),
                        ("is", r.issuer), ("tg", r.disease)], to: &out)
        }
        out.text("dob"); out.text(dateOfBirth)
        out.text("nam")
        Self.write([("fn", name.familyName), ("gn", name.givenName), ("fnt", name.standardisedFamilyName), ("gnt", name.standardisedGivenName)], to: &out)
        out.text("ver"); out.text(schemaVersion)
        return out.bytes
    }

    /// A map of the text fields that are present, in the order given.
    private static func write(_ fields: [(String, String?)], to out: inout CBORWriter) {
        out.map(fields.reduce(0) { $0 + ($1.1 == nil ? 0 : 1) })
        for (key, value) in fields { if let value { out.text(key); out.text(value) } }
    }

    /// The payload as a CBOR item (decoded from `cborBytes()`).
    public var cbor: CBOR { (try? CBOR.decode(cborBytes())) ?? .null }

    /// Reads a payload from the `hcert` claim as a CBOR item.
    public init(cbor: CBOR) throws(DecodingFailure) {
        let bytes = cbor.encoded()
        try self.init(cborBytes: bytes, range: 0..<bytes.count)
    }

    /// Reads a payload from `range` of `bytes` (all of them if nil), naming the first field that is
    /// missing or of the wrong type. Unknown fields are ignored, as the schema allows newer minor
    /// versions. Nothing is built but the payload: fields are found as byte ranges.
    public init(cborBytes bytes: [UInt8], range: Range<Int>? = nil) throws(DecodingFailure) {
        let range = range ?? 0..<bytes.count
        // Reading the root's fields checks every byte of it; only what follows is left to check.
        let root = try Fields(bytes, range, path: "", whole: true)
        let nameFields = try Fields(bytes, try root.required("nam"), path: "nam")
        let name = Name(
            familyName: try nameFields.text("fn"), standardisedFamilyName: try nameFields.requiredText("fnt"),
            givenName: try nameFields.text("gn"), standardisedGivenName: try nameFields.text("gnt")
        )
        let present = ["v", "t", "r"].filter { root[$0] != nil }
        guard present.count == 1, let key = present.first, let list = root[key] else {
            throw DecodingFailure(path: "", reason: "holds \(present.isEmpty ? "none" : present.joined(separator: ", ")) of v, t and r; exactly one is required")
        }
        guard let item = Fields.single(bytes, list) else { throw DecodingFailure(path: key, reason: "must be an array of exactly one entry") }
        let e = try Fields(bytes, item, path: "\(key)[0]")
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

/// The text-keyed fields of one CBOR map, each value as its byte range, with errors that name the
/// path. The bytes have been checked as well formed, so reading them again cannot fail on CBOR.
/// Maps here hold about ten entries, so a linear search beats hashing every key.
private struct Fields {
    let bytes: [UInt8]
    let keys: [String]
    let values: [Range<Int>]
    let path: String

    /// The fields of the map at `range`; with `whole`, the map must fill the range exactly.
    init(_ bytes: [UInt8], _ range: Range<Int>, path: String, whole: Bool = false) throws(HealthCertificate.DecodingFailure) {
        let here = path.isEmpty ? "payload" : path
        var cursor = CBORCursor(bytes, range: range)
        var keys: [String] = [], values: [Range<Int>] = []
        do {
            let head = try cursor.head()
            guard head.major == 5 else {
                if whole { try cursor.skip(head, depth: 0); try cursor.finish() }
                throw HealthCertificate.DecodingFailure(path: here, reason: "must be a map")
            }
            let count = try cursor.count(head)
            keys.reserveCapacity(count ?? 16)
            values.reserveCapacity(count ?? 16)
            var index = 0
            while true {
                if let count { guard index < count else { break } } else if try cursor.atBreak() { break }
                let keyHead = try cursor.head()
                guard keyHead.major == 3 else { throw HealthCertificate.DecodingFailure(path: here, reason: "has a key that is not text") }
                let key = try cursor.text(keyHead)
                guard !keys.contains(key) else { throw HealthCertificate.DecodingFailure(path: Self.path(key, in: path), reason: "appears twice") }
                keys.append(key)
                values.append(try cursor.skipItem(depth: 1))
                index += 1
            }
            if whole { try cursor.finish() }
        } catch let failure as HealthCertificate.DecodingFailure {
            throw failure
        } catch {
            throw HealthCertificate.DecodingFailure(path: here, reason: "is not CBOR: \(error)")
        }
        self.bytes = bytes
        self.keys = keys
        self.values = values
        self.path = path
    }

    /// The one element of the array at `range`, or nil if it is not an array of exactly one.
    static func single(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int>? {
        var cursor = CBORCursor(bytes, range: range)
        guard let head = try? cursor.head(), head.major == 4 else { return nil }
        if let count = try? cursor.count(head) { return count == 1 ? try? cursor.skipItem(depth: 1) : nil }
        guard let first = try? cursor.atBreak(), !first, let element = try? cursor.skipItem(depth: 1), (try? cursor.atBreak()) == true else { return nil }
        return element
    }

    private static func path(_ key: String, in base: String) -> String { base.isEmpty ? key : "\(base).\(key)" }

    subscript(key: String) -> Range<Int>? { keys.firstIndex(of: key).map { values[$0] } }

    func required(_ key: String) throws(HealthCertificate.DecodingFailure) -> Range<Int> {
        guard let value = self[key] else { throw .init(path: Self.path(key, in: path), reason: "is missing") }
        return value
    }

    func text(_ key: String) throws(HealthCertificate.DecodingFailure) -> String? {
        guard let range = self[key] else { return nil }
        var cursor = CBORCursor(bytes, range: range)
        guard let head = try? cursor.head(), head.major == 3, let text = try? cursor.text(head) else {
            throw .init(path: Self.path(key, in: path), reason: "must be text")
        }
        return text
    }

    func requiredText(_ key: String) throws(HealthCertificate.DecodingFailure) -> String {
        guard let text = try text(key) else { throw .init(path: Self.path(key, in: path), reason: "is missing") }
        return text
    }

    func integer(_ key: String) throws(HealthCertificate.DecodingFailure) -> Int {
        var cursor = CBORCursor(bytes, range: try required(key))
        guard let head = try? cursor.head(), let value = CBORCursor.integer(head), let small = Int(exactly: value), (0...1_000).contains(small) else {
            throw .init(path: Self.path(key, in: path), reason: "must be a small integer")
        }
        return small
    }
}
