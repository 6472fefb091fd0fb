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
        static let nb = merged(Bokmaal.messages, [BookingMessages.nb, PandemicMessages.nb, ResultPortalMessages.nb, DashboardMessages.nb,
                                                  EntryMessages.nb, TracingMessages.nb, IntakeMessages.nb, LetterMessages.nb, SettlementMessages.nb, JourneyMessages.nb, NetworkMessages.nb, YouthMessages.nb, YouthEditorMessages.nb, YouthQuestionMessages.nb, YouthPanelMessages.nb])
        static let nn = merged(Nynorsk.messages, [BookingMessages.nn, PandemicMessages.nn, ResultPortalMessages.nn, DashboardMessages.nn,
                                                  EntryMessages.nn, TracingMessages.nn, IntakeMessages.nn, LetterMessages.nn, SettlementMessages.nn, JourneyMessages.nn, NetworkMessages.nn, YouthMessages.nn, YouthEditorMessages.nn, YouthQuestionMessages.nn, YouthPanelMessages.nn])
        static let en = merged(English.messages, [BookingMessages.en, PandemicMessages.en, ResultPortalMessages.en, DashboardMessages.en,
                                                  EntryMessages.en, TracingMessages.en, IntakeMessages.en, LetterMessages.en, SettlementMessages.en, JourneyMessages.en, NetworkMessages.en, YouthMessages.en, YouthEditorMessages.en, YouthQuestionMessages.en, YouthPanelMessages.en])
        static let uk = merged(Ukrainian.messages, [BookingMessages.uk, PandemicMessages.uk, ResultPortalMessages.uk, DashboardMessages.uk,
                                                    EntryMessages.uk, TracingMessages.uk, IntakeMessages.uk, LetterMessages.uk, SettlementMessages.uk, JourneyMessages.uk, NetworkMessages.uk, YouthMessages.uk, YouthEditorMessages.uk, YouthQuestionMessages.uk, YouthPanelMessages.uk])

        /// `base` with each block's texts added (a key already present keeps its first text).
        static func merged(_ base: [MessageKey: String], _ blocks: [[MessageKey: String]]) -> [MessageKey: String] {
            blocks.reduce(base) { $0.merging($1) { first, _ in first } }
        }
    }
}
