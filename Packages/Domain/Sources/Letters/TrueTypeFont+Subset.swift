import Foundation

extension TrueTypeFont {
    /// The tables a PDF viewer needs from an embedded TrueType font (ISO 32000-1 §9.9), and the
    /// character map, so that the subset is still a font other tools can read.
    static let subsetTables: Set<String> = ["head", "hhea", "hmtx", "maxp", "loca", "glyf", "cvt ", "fpgm", "prep", "cmap"]

    /// The font with the outlines of `glyphs` only (and glyph 0, and the parts of composite
    /// glyphs), for embedding: glyph ids stay the same, so a PDF's Identity mapping still holds,
    /// while every other glyph is left empty and the tables a PDF does not use are dropped. A
    /// letter's font goes from about 740 kB to a few dozen. A font without `glyf` outlines (CFF) is
    /// returned whole.
    public func subset(keeping glyphs: Set<UInt16>) -> Data {
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { at >= 0 && at + 2 <= bytes.count ? Int(bytes[at]) << 8 | Int(bytes[at + 1]) : 0 }
        func u32(_ at: Int) -> Int { u16(at) << 16 | u16(at + 2) }
        var tables: [String: Range<Int>] = [:]
        for index in 0..<u16(4) {
            let record = 12 + index * 16
            let (offset, length) = (u32(record + 8), u32(record + 12))
            guard record + 16 <= bytes.count, offset + length <= bytes.count else { return data }
            tables[String(decoding: bytes[record..<record + 4], as: UTF8.self)] = offset..<offset + length
        }
        guard let head = tables["head"], let loca = tables["loca"], let glyf = tables["glyf"], let maxp = tables["maxp"], head.count >= 54 else { return data }
        let count = u16(maxp.lowerBound + 4)
        let long = u16(head.lowerBound + 50) == 1
        func bounds(_ glyph: Int) -> Range<Int>? {
            guard glyph < count else { return nil }
            let (start, end) = long ? (u32(loca.lowerBound + 4 * glyph), u32(loca.lowerBound + 4 * glyph + 4))
                : (2 * u16(loca.lowerBound + 2 * glyph), 2 * u16(loca.lowerBound + 2 * glyph + 2))
            guard start <= end, glyf.lowerBound + end <= glyf.upperBound else { return nil }
            return glyf.lowerBound + start..<glyf.lowerBound + end
        }
        // The glyphs to keep, with the components of composite glyphs (numberOfContours < 0).
        var keep: Set<Int> = [0]
        var pending = glyphs.map(Int.init) + [0]
        while let glyph = pending.popLast() {
            keep.insert(glyph)
            guard let range = bounds(glyph), range.count > 10, Int16(bitPattern: UInt16(u16(range.lowerBound))) < 0 else { continue }
            var at = range.lowerBound + 10
            while at + 4 <= range.upperBound {
                let flags = u16(at), component = u16(at + 2)
                if !keep.contains(component) { pending.append(component) }
                at += 4 + (flags & 0x1 != 0 ? 4 : 2) + (flags & 0x8 != 0 ? 2 : flags & 0x40 != 0 ? 4 : flags & 0x80 != 0 ? 8 : 0)
                if flags & 0x20 == 0 { break }
            }
        }
        var outlines: [UInt8] = [], offsets: [UInt8] = []
        func append32(_ value: Int, to out: inout [UInt8]) { out += [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        for glyph in 0..<count {
            append32(outlines.count, to: &offsets)
            if keep.contains(glyph), let range = bounds(glyph) {
                outlines += bytes[range]
                while outlines.count % 4 != 0 { outlines.append(0) }
            }
        }
        append32(outlines.count, to: &offsets)
        var headTable = [UInt8](bytes[head])
        headTable[8..<12] = [0, 0, 0, 0]         // checkSumAdjustment, set below
        headTable[50..<52] = [0, 1]              // indexToLocFormat: long offsets
        var contents: [(tag: String, data: [UInt8])] = []
        for tag in tables.keys.sorted() where Self.subsetTables.contains(tag) {
            switch tag {
            case "head": contents.append((tag, headTable))
            case "loca": contents.append((tag, offsets))
            case "glyf": contents.append((tag, outlines))
            default: contents.append((tag, [UInt8](bytes[tables[tag]!])))
            }
        }
        return Data(Self.assemble(contents))
    }

    /// An sfnt file from its tables (sorted by tag), with the directory, the checksums and
    /// `head.checkSumAdjustment`.
    static func assemble(_ tables: [(tag: String, data: [UInt8])]) -> [UInt8] {
        func checksum(_ data: [UInt8]) -> UInt32 {
            var sum: UInt32 = 0, index = 0
            while index < data.count {
                var word: UInt32 = 0
                for byte in 0..<4 { word = word << 8 | UInt32(index + byte < data.count ? data[index + byte] : 0) }
                sum &+= word
                index += 4
            }
            return sum
        }
        func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        var power = 1, log = 0
        while power * 2 <= tables.count { power *= 2; log += 1 }
        var out: [UInt8] = [0, 1, 0, 0] + be16(tables.count) + be16(power * 16) + be16(log) + be16(tables.count * 16 - power * 16)
        var offset = 12 + 16 * tables.count, body: [UInt8] = [], headAt: Int?
        for table in tables {
            out += Array(table.tag.utf8.prefix(4)) + be32(checksum(table.data)) + be32(UInt32(offset)) + be32(UInt32(table.data.count))
            if table.tag == "head" { headAt = offset }
            var padded = table.data
            while padded.count % 4 != 0 { padded.append(0) }
            body += padded
            offset += padded.count
        }
        out += body
        if let headAt { out.replaceSubrange(headAt + 8..<headAt + 12, with: be32(0xB1B0_AFBA &- checksum(out))) }
        return out
    }
}
