import CertLogic
import Foundation

/// What a certificate says, in words: the text a screen reader reads instead of the QR code, and
/// the lines printed under the code in the PDF. In `nb`, `nn`, `en` or `uk`; times in Norwegian
/// time.
public struct CertificateDescription: Sendable, Equatable {
    /// One fact: a label and its value.
    public struct Line: Sendable, Equatable {
        public var label: String
        public var value: String
    }

    /// "EU Digital COVID Certificate: test" and the like.
    public var title: String
    /// The facts, in reading order.
    public var lines: [Line]

    /// The whole description as sentences, for `aria` text and plain-text copies.
    public var text: String { ([title + "."] + lines.map { "\($0.label): \($0.value)." }).joined(separator: " ") }
}

extension HealthCertificate {
    /// The certificate in words, with its expiry (`exp`, seconds since 1970) if known.
    public func description(expires: Double?, language: String) -> CertificateDescription {
        let words = Words.for(language)
        var lines = [CertificateDescription.Line(label: words.name, value: [name.givenName, name.familyName].compactMap { $0 }.joined(separator: " ")),
                     .init(label: words.born, value: words.day(dateOfBirth))]
        let country: String, issuer: String, identifier: String
        switch statement {
        case .test(let entry):
            lines.append(.init(label: words.testType, value: words.testTypes[entry.type] ?? ValueSets.testTypes[entry.type] ?? entry.type))
            if let device = entry.device { lines.append(.init(label: words.device, value: ValueSets.testDevices[device] ?? device)) }
            if let test = entry.testName { lines.append(.init(label: words.device, value: test)) }
            lines.append(.init(label: words.result, value: entry.result == ValueSets.TestResult.notDetected ? words.negative : words.positive))
            lines.append(.init(label: words.sampleTaken, value: words.time(entry.sampleCollected)))
            if let centre = entry.centre { lines.append(.init(label: words.centre, value: centre)) }
            (country, issuer, identifier) = (entry.country, entry.issuer, entry.identifier)
        case .vaccination(let entry):
            let product = ValueSets.vaccineProducts[entry.product] ?? entry.product
            let kind = ValueSets.vaccines[entry.vaccine].map { " (\($0))" } ?? ""
            lines.append(.init(label: words.vaccine, value: product + kind))
            lines.append(.init(label: words.manufacturer, value: ValueSets.vaccineManufacturers[entry.manufacturer] ?? entry.manufacturer))
            lines.append(.init(label: words.dose, value: words.doseOf(entry.doseNumber, entry.seriesDoses)))
            lines.append(.init(label: words.vaccinated, value: words.day(entry.date)))
            (country, issuer, identifier) = (entry.country, entry.issuer, entry.identifier)
        case .recovery(let entry):
            lines.append(.init(label: words.firstPositive, value: words.day(entry.firstPositive)))
            lines.append(.init(label: words.validFrom, value: words.day(entry.validFrom)))
            lines.append(.init(label: words.validUntil, value: words.day(entry.validUntil)))
            (country, issuer, identifier) = (entry.country, entry.issuer, entry.identifier)
        }
        lines.append(.init(label: words.country, value: country == "NO" ? words.norway : country))
        lines.append(.init(label: words.issuer, value: issuer))
        lines.append(.init(label: words.identifier, value: identifier))
        if let expires, case .test = statement { lines.append(.init(label: words.validUntil, value: words.time(expires))) }
        else if let expires, case .vaccination = statement { lines.append(.init(label: words.certificateValidUntil, value: words.time(expires))) }
        return CertificateDescription(title: words.title + ": " + words.kinds[statement.kind]!, lines: lines)
    }
}

/// The words of a description in one language.
struct Words: Sendable {
    let locale: String
    let title: String
    let kinds: [HealthCertificate.Kind: String]
    let name, born, testType, device, result, sampleTaken, centre, vaccine, manufacturer, dose, vaccinated: String
    let firstPositive, validFrom, validUntil, certificateValidUntil, country, issuer, identifier: String
    let negative, positive, norway: String
    let testTypes: [String: String]
    let doseOf: @Sendable (Int, Int) -> String

    static func `for`(_ language: String) -> Words {
        switch language {
        case "nn": nynorsk
        case "en": english
        case "uk": ukrainian
        default: bokmål
        }
    }

    func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale)
        formatter.timeZone = TimeZone(identifier: "Europe/Oslo")
        formatter.setLocalizedDateFormatFromTemplate(format)
        return formatter
    }

    /// A date (YYYY-MM-DD, or the date part of a time) in words: "17 May 1990".
    func day(_ text: String) -> String {
        guard let seconds = ISODate.date(String(text.prefix(10))) else { return text }
        let formatter = formatter("dMMMMy")
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// A time in words, Norwegian time: "3 December 2026, 10:15".
    func time(_ text: String) -> String { ISODate.dateTime(text).map(time) ?? text }

    func time(_ seconds: Double) -> String { formatter("dMMMMyHHmm").string(from: Date(timeIntervalSince1970: seconds)) }

    static let bokmål = Words(
        locale: "nb_NO", title: "EUs digitale koronasertifikat",
        kinds: [.test: "test", .vaccination: "vaksinasjon", .recovery: "gjennomgått covid-19"],
        name: "Navn", born: "Fødselsdato", testType: "Test", device: "Testprodukt", result: "Resultat", sampleTaken: "Prøven ble tatt",
        centre: "Teststed", vaccine: "Vaksine", manufacturer: "Produsent", dose: "Dose", vaccinated: "Vaksinert",
        firstPositive: "Første positive test", validFrom: "Gyldig fra", validUntil: "Gyldig til", certificateValidUntil: "Sertifikatet gjelder til",
        country: "Land", issuer: "Utstedt av", identifier: "Sertifikatnummer",
        negative: "negativ (ikke påvist)", positive: "positiv (påvist)", norway: "Norge",
        testTypes: [ValueSets.TestType.naat: "PCR-test (NAAT)", ValueSets.TestType.rapidAntigen: "hurtigtest (antigen)"],
        doseOf: { "\($0) av \($1)" })

    static let nynorsk = Words(
        locale: "nn_NO", title: "EUs digitale koronasertifikat",
        kinds: [.test: "test", .vaccination: "vaksinasjon", .recovery: "gjennomgått covid-19"],
        name: "Namn", born: "Fødselsdato", testType: "Test", device: "Testprodukt", result: "Resultat", sampleTaken: "Prøva vart teken",
        centre: "Teststad", vaccine: "Vaksine", manufacturer: "Produsent", dose: "Dose", vaccinated: "Vaksinert",
        firstPositive: "Første positive test", validFrom: "Gyldig frå", validUntil: "Gyldig til", certificateValidUntil: "Sertifikatet gjeld til",
        country: "Land", issuer: "Skrive ut av", identifier: "Sertifikatnummer",
        negative: "negativ (ikkje påvist)", positive: "positiv (påvist)", norway: "Noreg",
        testTypes: [ValueSets.TestType.naat: "PCR-test (NAAT)", ValueSets.TestType.rapidAntigen: "hurtigtest (antigen)"],
        doseOf: { "\($0) av \($1)" })

    static let english = Words(
        locale: "en_GB", title: "EU Digital COVID Certificate",
        kinds: [.test: "test", .vaccination: "vaccination", .recovery: "recovery"],
        name: "Name", born: "Date of birth", testType: "Test", device: "Test product", result: "Result", sampleTaken: "Sample taken",
        centre: "Test centre", vaccine: "Vaccine", manufacturer: "Manufacturer", dose: "Dose", vaccinated: "Vaccinated",
        firstPositive: "First positive test", validFrom: "Valid from", validUntil: "Valid until", certificateValidUntil: "Certificate valid until",
        country: "Country", issuer: "Issued by", identifier: "Certificate number",
        negative: "negative (not detected)", positive: "positive (detected)", norway: "Norway",
        testTypes: [ValueSets.TestType.naat: "PCR test (NAAT)", ValueSets.TestType.rapidAntigen: "rapid antigen test"],
        doseOf: { "\($0) of \($1)" })

    static let ukrainian = Words(
        locale: "uk_UA", title: "Цифровий COVID-сертифікат ЄС",
        kinds: [.test: "тест", .vaccination: "вакцинація", .recovery: "одужання"],
        name: "Ім'я", born: "Дата народження", testType: "Тест", device: "Тест-система", result: "Результат", sampleTaken: "Зразок взято",
        centre: "Пункт тестування", vaccine: "Вакцина", manufacturer: "Виробник", dose: "Доза", vaccinated: "Дата вакцинації",
        firstPositive: "Перший позитивний тест", validFrom: "Дійсний з", validUntil: "Дійсний до", certificateValidUntil: "Сертифікат дійсний до",
        country: "Країна", issuer: "Видано", identifier: "Номер сертифіката",
        negative: "негативний (не виявлено)", positive: "позитивний (виявлено)", norway: "Норвегія",
        testTypes: [ValueSets.TestType.naat: "ПЛР-тест (NAAT)", ValueSets.TestType.rapidAntigen: "швидкий антигенний тест"],
        doseOf: { "\($0) з \($1)" })
}
