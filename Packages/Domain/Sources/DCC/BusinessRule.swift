import CertLogic
import Foundation

/// A DCC business rule as the EU gateway distributes them: an identifier, the certificate type
/// it applies to, a validity period, descriptions in several languages and a CertLogic
/// expression that must be true for the certificate to be accepted.
public struct BusinessRule: Sendable, Equatable, Codable {
    /// Such as `TR-NO-0003` (type letter, R, country, number).
    public var identifier: String
    /// `Acceptance` (for entry) or `Invalidation`.
    public var type: String
    /// The country that publishes the rule, ISO 3166-1 alpha-2.
    public var country: String
    /// The rule's version, semantic.
    public var version: String
    /// The lowest DCC schema version the rule reads.
    public var schemaVersion: String
    /// Always `CERTLOGIC`.
    public var engine: String
    /// The CertLogic version the expression is written for.
    public var engineVersion: String
    /// `General`, `Test`, `Vaccination` or `Recovery`.
    public var certificateType: String
    /// What the rule checks, by language (`en`, `nb`, `nn`, `uk`).
    public var description: [Description]
    /// When the rule starts to apply (ISO 8601).
    public var validFrom: String
    /// When it stops applying.
    public var validTo: String
    /// The payload fields the rule reads, such as `t.0.sc`.
    public var affectedFields: [String]
    /// The CertLogic expression.
    public var logic: JSONValue

    /// One language's description.
    public struct Description: Sendable, Equatable, Codable {
        public var lang: String
        public var desc: String
    }

    enum CodingKeys: String, CodingKey {
        case identifier = "Identifier", type = "Type", country = "Country", version = "Version", schemaVersion = "SchemaVersion"
        case engine = "Engine", engineVersion = "EngineVersion", certificateType = "CertificateType", description = "Description"
        case validFrom = "ValidFrom", validTo = "ValidTo", affectedFields = "AffectedFields", logic = "Logic"
    }

    /// The description in `language`, else English.
    public func description(in language: String) -> String {
        (description.first { $0.lang == language } ?? description.first { $0.lang == "en" } ?? description.first)?.desc ?? identifier
    }

    /// Whether the rule applies to a certificate of `kind` at `clock` (seconds since 1970).
    public func applies(to kind: HealthCertificate.Kind, at clock: Double) -> Bool {
        let type = switch kind {
        case .vaccination: "Vaccination"
        case .test: "Test"
        case .recovery: "Recovery"
        }
        guard certificateType == "General" || certificateType == type else { return false }
        guard let from = ISODate.dateTime(validFrom), let to = ISODate.dateTime(validTo) else { return false }
        return from <= clock && clock < to
    }

    /// The outcome of one rule.
    public enum Outcome: Sendable, Equatable {
        case passed
        case failed
        /// The expression could not be evaluated: the certificate is not accepted.
        case error(String)
    }

    /// Evaluates the rule for `certificate` at `clock`, with the value sets known here.
    public func evaluate(_ certificate: HealthCertificate, clock: Double, issuedAt: Double?, expiresAt: Double?, countryCode: String = "NO") -> Outcome {
        evaluate(data: Self.data(certificate, clock: clock, issuedAt: issuedAt, expiresAt: expiresAt, countryCode: countryCode))
    }

    /// The rules of `rules` that apply to `certificate` at `clock`, each with its outcome. The
    /// data the rules read is built once for all of them.
    public static func evaluate(_ rules: [BusinessRule], for certificate: HealthCertificate, clock: Double, issuedAt: Double?,
                                expiresAt: Double?, countryCode: String = "NO") -> [(rule: BusinessRule, outcome: Outcome)] {
        let applicable = rules.filter { $0.applies(to: certificate.statement.kind, at: clock) }
        guard !applicable.isEmpty else { return [] }
        let data = Self.data(certificate, clock: clock, issuedAt: issuedAt, expiresAt: expiresAt, countryCode: countryCode)
        return applicable.map { ($0, $0.evaluate(data: data)) }
    }

    /// What a rule reads: `{"payload": …, "external": {validationClock, valueSets, countryCode, iat, exp}}`.
    static func data(_ certificate: HealthCertificate, clock: Double, issuedAt: Double?, expiresAt: Double?, countryCode: String) -> JSONValue {
        [
            "payload": certificate.json,
            "external": .object([
                "validationClock": .string(ISODate.format(dateTime: clock)),
                "valueSets": Self.valueSets,
                "countryCode": .string(countryCode),
                "iat": issuedAt.map { .string(ISODate.format(dateTime: $0)) } ?? .null,
                "exp": expiresAt.map { .string(ISODate.format(dateTime: $0)) } ?? .null,
            ]),
        ]
    }

    private func evaluate(data: JSONValue) -> Outcome {
        do throws(CertLogic.Failure) {
            return CertLogic.isTruthy(try CertLogic.evaluate(logic, data: data)) ? .passed : .failed
        } catch {
            return .error(error.description)
        }
    }

    /// The value sets as CertLogic reads them: each id with the array of its codes.
    static let valueSets: JSONValue = .object(ValueSets.byIdentifier.mapValues { .array($0.keys.sorted().map(JSONValue.string)) })

    /// The rules of a JSON array in the gateway's format.
    public static func decodeList(_ json: Data) throws -> [BusinessRule] {
        try JSONDecoder().decode([BusinessRule].self, from: json)
    }
}

extension HealthCertificate {
    /// The payload as a JSON value, for CertLogic (`payload`).
    public var json: JSONValue {
        func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let name: JSONValue = .object([
            "fn": string(self.name.familyName), "fnt": .string(self.name.standardisedFamilyName),
            "gn": string(self.name.givenName), "gnt": string(self.name.standardisedGivenName),
        ].filter { $0.value != .null })
        var root: [String: JSONValue] = ["ver": .string(schemaVersion), "nam": name, "dob": .string(dateOfBirth)]
        switch statement {
        case .vaccination(let v):
            root["v"] = [.object([
                "tg": .string(v.disease), "vp": .string(v.vaccine), "mp": .string(v.product), "ma": .string(v.manufacturer),
                "dn": .int(Int64(v.doseNumber)), "sd": .int(Int64(v.seriesDoses)), "dt": .string(v.date),
                "co": .string(v.country), "is": .string(v.issuer), "ci": .string(v.identifier),
            ])]
        case .test(let t):
            root["t"] = [.object([
                "tg": .string(t.disease), "tt": .string(t.type), "nm": string(t.testName), "ma": string(t.device),
                "sc": .string(t.sampleCollected), "tr": .string(t.result), "tc": string(t.centre),
                "co": .string(t.country), "is": .string(t.issuer), "ci": .string(t.identifier),
            ].filter { $0.value != .null })]
        case .recovery(let r):
            root["r"] = [.object([
                "tg": .string(r.disease), "fr": .string(r.firstPositive), "co": .string(r.country), "is": .string(r.issuer),
                "df": .string(r.validFrom), "du": .string(r.validUntil), "ci": .string(r.identifier),
            ])]
        }
        return .object(root)
    }
}
