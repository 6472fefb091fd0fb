/// Numbers for text values, so that the rules compare integers rather than strings.
struct TextInterner: Sendable {
    private(set) var ids: [String: Int64] = [:]
    private(set) var strings: [String] = []

    /// The number for a text, adding it when new.
    mutating func id(for text: String) -> Int64 {
        if let id = ids[text] { return id }
        let id = Int64(strings.count)
        ids[text] = id
        strings.append(text)
        return id
    }

    /// The text for a number, when it is one of ours.
    func text(for id: Int64) -> String? {
        id >= 0 && id < strings.count ? strings[Int(id)] : nil
    }
}

/// The value that stands for a missing fact in the engine's columns.
let missingValue = Int64.min
