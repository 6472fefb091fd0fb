/// Looks up texts in the message catalogues.
public enum Catalogue {
    /// The text for `key` in `language`, falling back to Bokmål if a catalogue lacks it.
    public static func text(_ key: MessageKey, in language: Language) -> String {
        messages(for: language)[key] ?? Merged.nb[key] ?? key.rawValue
    }

    /// The whole catalogue for `language`.
    public static func messages(for language: Language) -> [MessageKey: String] {
        switch language {
        case .nb: Merged.nb
        case .nn: Merged.nn
        case .en: Merged.en
        case .uk: Merged.uk
        }
    }

    /// Each language's catalogue with the blocks' own catalogues merged in, built once.
    enum Merged {
        static let nb = Bokmaal.messages.merging(BookingMessages.nb) { first, _ in first }.merging(PandemicMessages.nb) { first, _ in first }
            .merging(ResultPortalMessages.nb) { first, _ in first }.merging(DashboardMessages.nb) { first, _ in first }
            .merging(EntryMessages.nb) { first, _ in first }.merging(TracingMessages.nb) { first, _ in first }
        static let nn = Nynorsk.messages.merging(BookingMessages.nn) { first, _ in first }.merging(PandemicMessages.nn) { first, _ in first }
            .merging(ResultPortalMessages.nn) { first, _ in first }.merging(DashboardMessages.nn) { first, _ in first }
            .merging(EntryMessages.nn) { first, _ in first }.merging(TracingMessages.nn) { first, _ in first }
        static let en = English.messages.merging(BookingMessages.en) { first, _ in first }.merging(PandemicMessages.en) { first, _ in first }
            .merging(ResultPortalMessages.en) { first, _ in first }.merging(DashboardMessages.en) { first, _ in first }
            .merging(EntryMessages.en) { first, _ in first }.merging(TracingMessages.en) { first, _ in first }
        static let uk = Ukrainian.messages.merging(BookingMessages.uk) { first, _ in first }.merging(PandemicMessages.uk) { first, _ in first }
            .merging(ResultPortalMessages.uk) { first, _ in first }.merging(DashboardMessages.uk) { first, _ in first }
            .merging(EntryMessages.uk) { first, _ in first }.merging(TracingMessages.uk) { first, _ in first }
    }
}
