import Foundation

extension Language {
    /// The locale for dates and numbers: nb_NO, nn_NO, en_GB or uk_UA.
    public var localeIdentifier: String {
        switch self {
        case .nb: "nb_NO"
        case .nn: "nn_NO"
        case .en: "en_GB"
        case .uk: "uk_UA"
        }
    }

    /// `date` in this language, in Norwegian time ("3. desember 2026 kl. 14:05").
    public func format(_ date: Date, date dateStyle: DateFormatter.Style = .long, time timeStyle: DateFormatter.Style = .short) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: localeIdentifier)
        formatter.timeZone = TimeZone(identifier: "Europe/Oslo")
        formatter.dateStyle = dateStyle
        formatter.timeStyle = timeStyle
        return formatter.string(from: date)
    }

    /// `date` in this language from a skeleton such as `EEEdMMM` ("Fri 4 Dec", "fre. 4. des."),
    /// laid out as the locale writes it, in Norwegian time.
    public func format(_ date: Date, template: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: localeIdentifier)
        formatter.timeZone = TimeZone(identifier: "Europe/Oslo")
        formatter.setLocalizedDateFormatFromTemplate(template)
        return formatter.string(from: date)
    }
}
