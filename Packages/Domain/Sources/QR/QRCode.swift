/// A QR code symbol (ISO/IEC 18004:2015), model 2, versions 1–40: the smallest version that
/// holds the text at the chosen error correction level, with the mask of lowest penalty.
///
/// The EU Digital COVID Certificate guidelines put the HC1 string in alphanumeric mode at level Q
/// (25 % of the codewords may be lost), which is the default here.
public struct QRCode: Sendable, Equatable {
    /// How many codewords may be damaged and still decode (§7.5.1).
    public enum ErrorCorrection: String, Sendable, CaseIterable, Equatable {
        /// About 7 %.
        case low = "L"
        /// About 15 %.
        case medium = "M"
        /// About 25 %; the DCC recommendation.
        case quartile = "Q"
        /// About 30 %.
        case high = "H"
    }

    /// Why text could not become a symbol.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The text needs more codewords than version 40 holds at this level.
        case tooLong(characters: Int, mode: Mode, level: ErrorCorrection, capacity: Int)
        /// The text is empty.
        case empty

        public var description: String {
            switch self {
            case let .tooLong(characters, mode, level, capacity):
                "\(characters) characters in \(mode) mode do not fit in a QR code at level \(level.rawValue) (at most \(capacity))"
            case .empty: "A QR code needs at least one character"
            }
        }
    }

    /// The version, 1–40; the symbol is 17 + 4·version modules wide.
    public let version: Int
    /// The error correction level.
    public let errorCorrection: ErrorCorrection
    /// The segment mode the text went into.
    public let mode: Mode
    /// The data mask pattern, 0–7 (§7.8.2).
    public let mask: Int
    /// Modules per side.
    public let size: Int
    /// Dark modules, row by row (`true` is dark).
    private let modules: [Bool]

    /// Encodes `text` (alphanumeric mode when every character allows it, otherwise UTF-8 bytes)
    /// in the smallest version from `minimumVersion` up. `mask` forces a mask pattern; nil picks
    /// the one with the lowest penalty (§7.8.3).
    public init(
        encoding text: String,
        errorCorrection: ErrorCorrection = .quartile,
        minimumVersion: Int = 1,
        mask: Int? = nil
    ) throws(Failure) {
        precondition((1...40).contains(minimumVersion), "QR versions are 1 to 40")
        precondition(mask.map { (0...7).contains($0) } ?? true, "QR mask patterns are 0 to 7")
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .empty }
        let mode: Mode = bytes.allSatisfy { Self.alphanumericValue[Int($0)] != nil } ? .alphanumeric : .byte
        guard let version = (minimumVersion...40).first(where: {
            Self.segmentLength(count: bytes.count, mode: mode, version: $0) <= Self.dataCodewords(version: $0, level: errorCorrection) * 8
        }) else {
            throw .tooLong(characters: bytes.count, mode: mode, level: errorCorrection, capacity: Self.capacity(mode: mode, level: errorCorrection))
        }
        let data = Self.dataCodewords(bytes, mode: mode, version: version, level: errorCorrection)
        var matrix = Matrix(version: version)
        matrix.place(codewords: Self.interleaved(data, version: version, level: errorCorrection))
        let candidates = mask.map { [matrix.masked($0, level: errorCorrection)] }
            ?? (0...7).map { matrix.masked($0, level: errorCorrection) }
        let final = candidates.count == 1 ? candidates[0] : candidates.map { ($0, $0.penalty) }.min { $0.1 < $1.1 }!.0
        self.version = version
        self.errorCorrection = errorCorrection
        self.mode = mode
        self.mask = final.mask
        self.size = final.size
        self.modules = final.dark
    }

    /// Whether the module at column `x`, row `y` is dark; outside the symbol (the quiet zone)
    /// is light.
    public subscript(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// The most characters of `mode` that version 40 holds at `level`.
    public static func capacity(mode: Mode, level: ErrorCorrection) -> Int {
        let bits = dataCodewords(version: 40, level: level) * 8 - 4 - mode.countBits(version: 40)
        return switch mode {
        case .alphanumeric: bits / 11 * 2 + (bits % 11 >= 6 ? 1 : 0)
        case .byte: bits / 8
        }
    }
}
