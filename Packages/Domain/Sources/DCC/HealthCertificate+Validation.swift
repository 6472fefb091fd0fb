import CertLogic

/// The checks of the DCC JSON schema 1.3.0 (formats, lengths, value sets), listing every
/// problem with its path rather than stopping at the first.
extension HealthCertificate {
    /// One field that breaks the schema.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// Where, such as `t[0].tr`.
        public var path: String
        /// What is wrong, in plain words.
        public var message: String

        public var description: String { "\(path): \(message)" }

        /// A problem at `path`.
        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }
    }

    /// How strict to be.
    public enum Strictness: Sendable {
        /// For certificates issued here: every code from the value sets, a UVCI with a correct
        /// check character.
        case issuing
        /// For certificates from anywhere: schema formats; codes unknown to this copy of the
        /// value sets are allowed, as member states add products and devices.
        case verifying
    }

    /// Everything in the payload that breaks the schema; empty when it is valid.
    public func problems(_ strictness: Strictness = .issuing) -> [Problem] {
        var check = Checker(strict: strictness == .issuing)
        check.that("ver", Self.isSchemaVersion(schemaVersion), "must be a 1.x.y schema version")
        check.standardisedName("nam.fnt", name.standardisedFamilyName, required: true)
        check.standardisedName("nam.gnt", name.standardisedGivenName, required: false)
        check.length("nam.fn", name.familyName)
        check.length("nam.gn", name.givenName)
        check.that("dob", dateOfBirth.isEmpty || ISODate.partialDate(dateOfBirth) != nil, "must be YYYY-MM-DD, YYYY-MM, YYYY or empty")
        switch statement {
        case .vaccination(let v):
            check.code("v[0].tg", v.disease, in: ValueSets.diseases, always: true)
            check.code("v[0].vp", v.vaccine, in: ValueSets.vaccines, always: false)
            check.code("v[0].mp", v.product, in: ValueSets.vaccineProducts, always: false)
            check.code("v[0].ma", v.manufacturer, in: ValueSets.vaccineManufacturers, always: false)
            check.that("v[0].dn", (1...9).contains(v.doseNumber), "must be a dose number from 1 to 9")
            check.that("v[0].sd", (1...9).contains(v.seriesDoses), "must be a number of doses from 1 to 9")
            check.date("v[0].dt", v.date)
            check.common("v[0]", country: v.country, issuer: v.issuer, identifier: v.identifier)
        case .test(let t):
            check.code("t[0].tg", t.disease, in: ValueSets.diseases, always: true)
            check.code("t[0].tt", t.type, in: ValueSets.testTypes, always: true)
            if t.type == ValueSets.TestType.rapidAntigen {
                check.that("t[0].ma", t.device != nil, "is required for a rapid antigen test")
                if let device = t.device { check.code("t[0].ma", device, in: ValueSets.testDevices, always: false) }
            }
            check.that("t[0].sc", ISODate.dateTime(t.sampleCollected) != nil, "must be a date and time with a UTC offset (ISO 8601)")
            check.code("t[0].tr", t.result, in: ValueSets.testResults, always: true)
            check.length("t[0].nm", t.testName)
            check.length("t[0].tc", t.centre)
            check.common("t[0]", country: t.country, issuer: t.issuer, identifier: t.identifier)
        case .recovery(let r):
            check.code("r[0].tg", r.disease, in: ValueSets.diseases, always: true)
            check.date("r[0].fr", r.firstPositive)
            check.date("r[0].df", r.validFrom)
            check.date("r[0].du", r.validUntil)
            if let from = ISODate.date(r.validFrom), let until = ISODate.date(r.validUntil) {
                check.that("r[0].du", from <= until, "must not be before df")
            }
            check.common("r[0]", country: r.country, issuer: r.issuer, identifier: r.identifier)
        }
        return check.problems
    }

    /// `1.x.y` with x and y decimal numbers.
    static func isSchemaVersion(_ text: String) -> Bool {
        // "1", then twice a dot and at least one digit, and nothing else.
        var utf8 = text.utf8.makeIterator()
        guard utf8.next() == UInt8(ascii: "1"), utf8.next() == UInt8(ascii: ".") else { return false }
        var dots = 1, digits = 0
        while let byte = utf8.next() {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return false }
                dots += 1
                digits = 0
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digits += 1
            } else {
                return false
            }
        }
        return dots == 2 && digits > 0
    }
}

private struct Checker {
    let strict: Bool
    var problems: [HealthCertificate.Problem] = []

    /// Paths are built only when a check fails.
    mutating func that(_ path: @autoclosure () -> String, _ condition: Bool, _ message: String) {
        if !condition { problems.append(.init(path: path(), message: message)) }
    }

    /// 1 to 80 characters; counting UTF-8 first spares grapheme counting for the usual short text.
    static func fits(_ value: String) -> Bool {
        let bytes = value.utf8.count
        return bytes > 0 && (bytes <= 80 || value.count <= 80)
    }

    static func isUpper(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }

    mutating func length(_ path: @autoclosure () -> String, _ value: String?) {
        if let value { that(path(), Self.fits(value), "must be 1 to 80 characters") }
    }

    mutating func standardisedName(_ path: String, _ value: String?, required: Bool) {
        guard let value else {
            that(path, !required, "is required")
            return
        }
        that(path, !value.isEmpty && value.utf8.count <= 80 && value.utf8.allSatisfy { Self.isUpper($0) || $0 == UInt8(ascii: "<") }, "must be 1 to 80 of A–Z and <")
    }

    mutating func code(_ path: String, _ value: String, in set: [String: String], always: Bool) {
        if always || strict { that(path, set[value] != nil, "\"\(value)\" is not in the value set") }
        else { that(path, Self.fits(value), "must be a code") }
    }

    mutating func date(_ path: String, _ value: String) {
        that(path, ISODate.date(value) != nil, "must be a date, YYYY-MM-DD")
    }

    mutating func common(_ path: String, country: String, issuer: String, identifier: String) {
        that("\(path).co", country.utf8.count == 2 && country.utf8.allSatisfy(Self.isUpper), "must be a two-letter country code (ISO 3166-1)")
        length("\(path).is", issuer)
        if strict {
            do throws(UVCI.Failure) { _ = try UVCI(checking: identifier) } catch { problems.append(.init(path: "\(path).ci", message: error.description)) }
        } else {
            length("\(path).ci", identifier)
        }
    }
}
