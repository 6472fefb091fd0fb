import Foundation

/// A file sent with a message: checked before anything is stored. Only kinds that every reader
/// opens safely are taken, and the bytes must be what the content type says (a file called
/// `vedtak.pdf` that is really HTML is refused).
public struct Attachment: Equatable, Sendable {
    public let filename: String
    public let contentType: Kind
    public let data: Data

    /// The kinds a message may carry, found by their first bytes.
    public enum Kind: String, CaseIterable, Sendable {
        case pdf = "application/pdf"
        case png = "image/png"
        case jpeg = "image/jpeg"
        case text = "text/plain"

        /// Whether the bytes look like this kind.
        func matches(_ data: Data) -> Bool {
            switch self {
            case .pdf: data.starts(with: Array("%PDF-".utf8))
            case .png: data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            case .jpeg: data.starts(with: [0xFF, 0xD8, 0xFF])
            case .text: String(data: data, encoding: .utf8).map { text in
                !text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }
            } ?? false
            }
        }
    }

    /// At most 10 files in a message, of at most 5 MiB each and 10 MiB together.
    public static let maximumCount = 10, maximumSize = 5 * 1024 * 1024, maximumTotal = 10 * 1024 * 1024

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case filename(Int)
        case kind(Int, String)
        case encoding(Int)
        case empty(Int)
        case tooLarge(Int)
        case mismatch(Int, Kind)
        case tooMany
        case totalTooLarge

        public var description: String {
            switch self {
            case .filename(let index):
                "attachments[\(index)].filename must be 1 to 100 characters, with no / or \\, no control characters, and not start with a dot."
            case .kind(let index, let given):
                "attachments[\(index)].contentType \"\(given.prefix(60))\" is not taken; use one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))."
            case .encoding(let index): "attachments[\(index)].content is not base64."
            case .empty(let index): "attachments[\(index)] is empty."
            case .tooLarge(let index): "attachments[\(index)] is larger than \(Attachment.maximumSize / 1024 / 1024) MiB."
            case .mismatch(let index, let kind): "attachments[\(index)] is not \(kind.rawValue): its content does not start as such a file does."
            case .tooMany: "A message may carry at most \(Attachment.maximumCount) attachments."
            case .totalTooLarge: "The attachments of a message may be at most \(Attachment.maximumTotal / 1024 / 1024) MiB together."
            }
        }
    }

    /// Checks one file given as the API takes it: name, content type and base64 content.
    public init(index: Int, filename: String, contentType: String, base64: String) throws(Problem) {
        guard Self.isSafe(filename) else { throw .filename(index) }
        guard let kind = Kind(rawValue: contentType.lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "") else {
            throw .kind(index, contentType)
        }
        // 5 MiB of bytes is at most about 7 MiB of base64; refuse longer text before decoding it.
        guard base64.utf8.count <= (Self.maximumSize / 3 + 1) * 4 + 1024 else { throw .tooLarge(index) }
        guard base64.utf8.allSatisfy({ Self.base64Alphabet[Int($0)] }),
              let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else { throw .encoding(index) }
        guard !data.isEmpty else { throw .empty(index) }
        guard data.count <= Self.maximumSize else { throw .tooLarge(index) }
        guard kind.matches(data) else { throw .mismatch(index, kind) }
        self.filename = filename
        self.contentType = kind
        self.data = data
    }

    /// Checks the files of one message together.
    public static func check(_ files: [(filename: String, contentType: String, base64: String)]) throws(Problem) -> [Attachment] {
        guard files.count <= maximumCount else { throw .tooMany }
        var checked: [Attachment] = []
        var total = 0
        for (index, file) in files.enumerated() {
            let attachment = try Attachment(index: index, filename: file.filename, contentType: file.contentType, base64: file.base64)
            total += attachment.data.count
            guard total <= maximumTotal else { throw .totalTooLarge }
            checked.append(attachment)
        }
        return checked
    }

    /// Base64 characters, with line breaks (as MIME writes them).
    static let base64Alphabet: [Bool] = (0..<256).map { byte in
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n".utf8.contains(UInt8(byte))
    }

    /// A name that is safe to show and to offer for download: no path, no control or
    /// direction-changing characters, not hidden.
    static func isSafe(_ name: String) -> Bool {
        guard (1...100).contains(name.count), name == name.trimmingCharacters(in: .whitespaces), !name.hasPrefix(".") else { return false }
        return !name.unicodeScalars.contains { scalar in
            scalar == "/" || scalar == "\\" || scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator
        }
    }

    /// The size for people: "12 kB", "1,4 MB" (one decimal under 10 MB, with the language's decimal mark).
    public static func displaySize(_ bytes: Int, decimalComma: Bool) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        if bytes < 1_000_000 { return "\((bytes + 500) / 1000) kB" }
        let tenths = (bytes + 50_000) / 100_000
        let text = tenths < 100 ? "\(tenths / 10)\(decimalComma ? "," : ".")\(tenths % 10)" : "\(tenths / 10)"
        return "\(text) MB"
    }
}
