import Foundation
import ZlibCodec

/// A letter for the print queue: who sends it, to whom (name and postal address from the
/// population register), and the text.
public struct Letter: Sendable, Equatable {
    public var sender: String
    public var recipientName: String
    public var addressLines: [String]
    public var date: String
    public var subject: String
    public var body: String
    /// The document language, for screen readers (`nb`, `nn`, `en`, `uk`).
    public var language: String
    /// "Side 1 av 2" and the like, per page.
    public var pageLabel: @Sendable (Int, Int) -> String

    public init(sender: String, recipientName: String, addressLines: [String], date: String, subject: String, body: String,
                language: String, pageLabel: @escaping @Sendable (Int, Int) -> String) {
        self.sender = sender
        self.recipientName = recipientName
        self.addressLines = addressLines
        self.date = date
        self.subject = subject
        self.body = body
        self.language = language
        self.pageLabel = pageLabel
    }

    public static func == (a: Letter, b: Letter) -> Bool {
        a.sender == b.sender && a.recipientName == b.recipientName && a.addressLines == b.addressLines && a.date == b.date
            && a.subject == b.subject && a.body == b.body && a.language == b.language
    }
}

/// Renders letters as PDF 1.7 on A4 with an embedded TrueType font (DejaVu Sans covers Latin and
/// Cyrillic), a ToUnicode map so the text can be searched, copied and read aloud, and the
/// document language set. The recipient block sits where a window envelope shows it.
public enum LetterPDF {
    static let pageWidth = 595.28, pageHeight = 841.89, left = 70.0, right = 70.0, bottom = 70.0

    public static func render(_ letter: Letter, font: TrueTypeFont, fontName: String = "DejaVuSans") -> Data {
        var pages: [[Line]] = [[]]
        func add(_ text: String, size: Double, x: Double, y: Double) { pages[pages.count - 1].append(Line(text: text, size: size, x: x, y: y)) }
        add(letter.sender, size: 10, x: left, y: 790)
        var y = 700.0
        for line in [letter.recipientName] + letter.addressLines {
            add(line, size: 11, x: left, y: y)
            y -= 15
        }
        add(letter.date, size: 10, x: pageWidth - right - font.width(letter.date, size: 10), y: 610)
        y = 570
        for line in wrap(letter.subject, font: font, size: 14, width: pageWidth - left - right) {
            add(line, size: 14, x: left, y: y)
            y -= 20
        }
        y -= 10
        for paragraph in letter.body.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n") {
            for line in wrap(paragraph, font: font, size: 11, width: pageWidth - left - right) {
                if y < bottom + 20 {
                    pages.append([])
                    y = 780
                }
                add(line, size: 11, x: left, y: y)
                y -= 16
            }
            y -= 6
        }
        for index in pages.indices where pages.count > 1 {
            let label = letter.pageLabel(index + 1, pages.count)
            pages[index].append(Line(text: label, size: 9, x: (pageWidth - font.width(label, size: 9)) / 2, y: 40))
        }
        return Writer(font: font, fontName: fontName).document(pages: pages, title: letter.subject, language: letter.language)
    }

    struct Line { let text: String; let size: Double; let x: Double; let y: Double }

    /// Breaks text into lines no wider than `width`; a word wider than a line is split.
    public static func wrap(_ text: String, font: TrueTypeFont, size: Double, width: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var word = word
            while font.width(word, size: size) > width {
                var head = ""
                for character in word {
                    if font.width(head + String(character), size: size) > width { break }
                    head.append(character)
                }
                if head.isEmpty { head = String(word.prefix(1)) }
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(head)
                word = String(word.dropFirst(head.count))
            }
            let candidate = current.isEmpty ? word : current + " " + word
            if font.width(candidate, size: size) <= width { current = candidate } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// Writes the objects, the cross-reference table and the trailer.
    struct Writer {
        let font: TrueTypeFont
        let fontName: String

        /// The PDF for `pages` of text; `graphics[i]`, if present, is drawn on page i under the text.
        func document(pages: [[Line]], graphics: [String] = [], title: String, language: String) -> Data {
            var used: [UInt16: Unicode.Scalar] = [:]
            for page in pages { for line in page { for scalar in line.text.unicodeScalars { used[font.glyph(for: scalar)] = scalar } } }
            var objects: [Data] = []
            func object(_ text: String) -> Int { objects.append(Data(text.utf8)); return objects.count }
            // Every stream is compressed: a QR code's squares and a font subset shrink to a fraction.
            func stream(_ dictionary: String, _ content: Data) -> Int {
                let packed = Data(Zlib.deflate([UInt8](content)))
                objects.append(Data("<< \(dictionary) /Filter /FlateDecode /Length \(packed.count) >>\nstream\n".utf8) + packed + Data("\nendstream".utf8))
                return objects.count
            }
            let scale = 1000.0 / Double(font.unitsPerEm)
            let widths = used.keys.sorted().map { "\($0) [\(Int((Double(font.advance($0)) * scale).rounded()))]" }.joined(separator: " ")
            // Only the glyphs used, compressed: the subset is named with a tag made from them (§9.6.4).
            let subset = font.subset(keeping: Set(used.keys))
            let fontFile = stream("/Length1 \(subset.count)", subset)
            let fontName = Self.tag(used.keys) + "+" + fontName
            let (x0, y0, x1, y1) = font.bbox
            let descriptor = object("""
                << /Type /FontDescriptor /FontName /\(fontName) /Flags 32 /FontBBox [\(Int(Double(x0) * scale)) \(Int(Double(y0) * scale)) \
                \(Int(Double(x1) * scale)) \(Int(Double(y1) * scale))] /ItalicAngle 0 /Ascent \(Int(Double(font.ascender) * scale)) \
                /Descent \(Int(Double(font.descender) * scale)) /CapHeight 729 /StemV 80 /FontFile2 \(fontFile) 0 R >>
                """)
            let cid = object("""
                << /Type /Font /Subtype /CIDFontType2 /BaseFont /\(fontName) /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) \
                /Supplement 0 >> /FontDescriptor \(descriptor) 0 R /DW 1000 /W [\(widths)] /CIDToGIDMap /Identity >>
                """)
            let toUnicode = stream("", Data(cmap(used).utf8))
            let type0 = object("""
                << /Type /Font /Subtype /Type0 /BaseFont /\(fontName) /Encoding /Identity-H /DescendantFonts [\(cid) 0 R] \
                /ToUnicode \(toUnicode) 0 R >>
                """)
            let pagesIndex = objects.count + 1
            objects.append(Data()) // the page tree, filled in below
            var kids: [Int] = []
            for (index, page) in pages.enumerated() {
                var content = index < graphics.count ? graphics[index] : ""
                for line in page {
                    let hex = line.text.unicodeScalars.map { String(format: "%04X", font.glyph(for: $0)) }.joined()
                    content += String(format: "BT /F1 %.1f Tf 1 0 0 1 %.2f %.2f Tm <%@> Tj ET\n", line.size, line.x, line.y, hex)
                }
                let contents = stream("", Data(content.utf8))
                kids.append(object("""
                    << /Type /Page /Parent \(pagesIndex) 0 R /MediaBox [0 0 \(LetterPDF.pageWidth) \(LetterPDF.pageHeight)] \
                    /Resources << /Font << /F1 \(type0) 0 R >> >> /Contents \(contents) 0 R >>
                    """))
            }
            objects[pagesIndex - 1] = Data("<< /Type /Pages /Kids [\(kids.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(kids.count) >>".utf8)
            let info = object("<< /Title \(utf16(title)) /Producer (Tverr) >>")
            let catalog = object("<< /Type /Catalog /Pages \(pagesIndex) 0 R /Lang (\(language)) /ViewerPreferences << /DisplayDocTitle true >> >>")
            var out = Data("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
            var offsets: [Int] = []
            for (index, body) in objects.enumerated() {
                offsets.append(out.count)
                out += Data("\(index + 1) 0 obj\n".utf8) + body + Data("\nendobj\n".utf8)
            }
            let xref = out.count
            out += Data("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
            for offset in offsets { out += Data(String(format: "%010d 00000 n \n", offset).utf8) }
            out += Data("trailer\n<< /Size \(objects.count + 1) /Root \(catalog) 0 R /Info \(info) 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
            return out
        }

        /// Six capital letters from the glyphs used, the same for the same set (a subset's name prefix).
        static func tag(_ glyphs: some Collection<UInt16>) -> String {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325 // FNV-1a
            for glyph in glyphs.sorted() { hash = (hash ^ UInt64(glyph)) &* 0x100_0000_01B3 }
            return String((0..<6).map { Character(Unicode.Scalar(UInt8(65 + (hash >> (8 * UInt64($0))) % 26))) })
        }

        /// The ToUnicode CMap: each glyph used back to its character.
        func cmap(_ used: [UInt16: Unicode.Scalar]) -> String {
            var text = """
                /CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) \
                /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange

                """
            let entries = used.keys.sorted()
            for start in stride(from: 0, to: entries.count, by: 100) {
                let chunk = entries[start..<min(start + 100, entries.count)]
                text += "\(chunk.count) beginbfchar\n"
                for glyph in chunk {
                    let units = String(used[glyph]!).utf16.map { String(format: "%04X", $0) }.joined()
                    text += String(format: "<%04X> <%@>\n", glyph, units)
                }
                text += "endbfchar\n"
            }
            return text + "endcmap CMapName currentdict /CMap defineresource pop end end"
        }

        func utf16(_ text: String) -> String { "<FEFF" + text.utf16.map { String(format: "%04X", $0) }.joined() + ">" }
    }
}
