import Foundation

/// The parts of a TrueType font a PDF needs: glyph ids for characters (`cmap` formats 4 and 12),
/// advance widths (`hmtx`), units per em and the vertical metrics. A PDF embeds a subset with
/// only the glyphs it uses (`subset(keeping:)`).
public struct TrueTypeFont: Sendable {
    public let data: Data
    public let unitsPerEm: Int
    public let ascender: Int
    public let descender: Int
    public let bbox: (Int, Int, Int, Int)
    private let advances: [UInt16]
    private let map: [UInt32: UInt16]

    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
    }

    public init(data: Data) throws(Malformed) {
        let bytes = [UInt8](data)
        func u16(_ at: Int) throws(Malformed) -> Int {
            guard at >= 0, at + 2 <= bytes.count else { throw Malformed(description: "The font file ends too early.") }
            return Int(bytes[at]) << 8 | Int(bytes[at + 1])
        }
        func i16(_ at: Int) throws(Malformed) -> Int { let v = try u16(at); return v >= 0x8000 ? v - 0x10000 : v }
        func u32(_ at: Int) throws(Malformed) -> Int { try u16(at) << 16 | u16(at + 2) }
        let tables = try u16(4)
        guard tables > 0, tables < 100 else { throw Malformed(description: "Not a TrueType font.") }
        var offsets: [String: Int] = [:]
        for index in 0..<tables {
            let record = 12 + index * 16
            guard record + 16 <= bytes.count else { throw Malformed(description: "The table directory is cut short.") }
            offsets[String(decoding: bytes[record..<record + 4], as: UTF8.self)] = try u32(record + 8)
        }
        guard let head = offsets["head"], let hhea = offsets["hhea"], let hmtx = offsets["hmtx"], let cmap = offsets["cmap"],
              let maxp = offsets["maxp"] else { throw Malformed(description: "The font lacks head, hhea, hmtx, cmap or maxp.") }
        unitsPerEm = try u16(head + 18)
        bbox = (try i16(head + 36), try i16(head + 38), try i16(head + 40), try i16(head + 42))
        ascender = try i16(hhea + 4)
        descender = try i16(hhea + 6)
        let metrics = try u16(hhea + 34)
        let glyphs = try u16(maxp + 4)
        var advances: [UInt16] = []
        advances.reserveCapacity(glyphs)
        for glyph in 0..<glyphs { advances.append(UInt16(try u16(hmtx + 4 * min(glyph, metrics - 1)))) }
        self.advances = advances
        // Prefer the full-Unicode subtable (format 12), else the BMP one (format 4).
        var map: [UInt32: UInt16] = [:]
        var best: (format: Int, offset: Int)?
        for index in 0..<(try u16(cmap + 2)) {
            let platform = try u16(cmap + 4 + index * 8), encoding = try u16(cmap + 6 + index * 8)
            let offset = cmap + (try u32(cmap + 8 + index * 8))
            let format = try u16(offset)
            if platform == 3 && encoding == 10 && format == 12 { best = (12, offset) }
            if platform == 3 && encoding == 1 && format == 4 && best == nil { best = (4, offset) }
        }
        guard let (format, offset) = best else { throw Malformed(description: "The font has no Unicode character map.") }
        if format == 12 {
            for group in 0..<(try u32(offset + 12)) {
                let at = offset + 16 + group * 12
                let (start, end, glyph) = (try u32(at), try u32(at + 4), try u32(at + 8))
                guard end >= start, end - start < 0x110000 else { continue }
                for code in start...end { map[UInt32(code)] = UInt16(truncatingIfNeeded: glyph + code - start) }
            }
        } else {
            let segments = try u16(offset + 6) / 2
            let ends = offset + 14, starts = ends + segments * 2 + 2, deltas = starts + segments * 2, ranges = deltas + segments * 2
            for segment in 0..<segments {
                let (start, end) = (try u16(starts + segment * 2), try u16(ends + segment * 2))
                let delta = try u16(deltas + segment * 2), rangeOffset = try u16(ranges + segment * 2)
                guard start <= end, start != 0xFFFF else { continue }
                for code in start...end {
                    var glyph: Int
                    if rangeOffset == 0 { glyph = (code + delta) & 0xFFFF } else {
                        glyph = try u16(ranges + segment * 2 + rangeOffset + (code - start) * 2)
                        if glyph != 0 { glyph = (glyph + delta) & 0xFFFF }
                    }
                    if glyph != 0 { map[UInt32(code)] = UInt16(glyph) }
                }
            }
        }
        self.map = map
        self.data = data
    }

    /// The glyph for a character; 0 (the "missing" box) when the font lacks it.
    public func glyph(for scalar: Unicode.Scalar) -> UInt16 { map[scalar.value] ?? 0 }

    /// The advance width of a glyph in font units.
    public func advance(_ glyph: UInt16) -> Int { Int(glyph) < advances.count ? Int(advances[Int(glyph)]) : 0 }

    /// The width of `text` at `size` points.
    public func width(_ text: String, size: Double) -> Double {
        Double(text.unicodeScalars.reduce(0) { $0 + advance(glyph(for: $1)) }) * size / Double(unitsPerEm)
    }
}
