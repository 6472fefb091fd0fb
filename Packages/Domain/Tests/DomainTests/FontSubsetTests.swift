import Foundation
@testable import Letters
import Testing

@Suite("Letters: the embedded font is a subset of the glyphs used")
struct FontSubsetTests {
    /// A glyph's outline bytes, read through `loca` (either offset format).
    static func outline(_ data: Data, _ glyph: UInt16) -> [UInt8] {
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        func u32(_ at: Int) -> Int { u16(at) << 16 | u16(at + 2) }
        var tables: [String: Int] = [:]
        for index in 0..<u16(4) { tables[String(decoding: bytes[12 + index * 16..<16 + index * 16], as: UTF8.self)] = u32(20 + index * 16) }
        let (head, loca, glyf) = (tables["head"]!, tables["loca"]!, tables["glyf"]!)
        let g = Int(glyph)
        let (start, end) = u16(head + 50) == 1 ? (u32(loca + 4 * g), u32(loca + 4 * g + 4)) : (2 * u16(loca + 2 * g), 2 * u16(loca + 2 * g + 2))
        return Array(bytes[glyf + start..<glyf + end])
    }

    @Test("Used glyphs and the parts of composite ones keep their outlines; others are empty; the file re-reads with the same metrics")
    func subset() throws {
        let font = try LettersTests.font()
        let text = "Й å Ø ї Olena"
        let used = Set(text.unicodeScalars.map(font.glyph(for:)))
        let subset = font.subset(keeping: used)
        #expect(subset.count < 80_000 && font.data.count > 700_000, "\(subset.count) bytes")
        let reread = try TrueTypeFont(data: subset)
        for scalar in text.unicodeScalars {
            let glyph = font.glyph(for: scalar)
            #expect(reread.glyph(for: scalar) == glyph && reread.advance(glyph) == font.advance(glyph))
            #expect(Self.outline(subset, glyph).starts(with: Self.outline(font.data, glyph)), "the outline of \(scalar) is kept (padded to 4 bytes)")
        }
        // "Й" is drawn from other glyphs in DejaVu Sans: their outlines must be there too.
        let short = font.glyph(for: "Й")
        let original = Self.outline(font.data, short)
        let composite = Int16(bitPattern: UInt16(original[0]) << 8 | UInt16(original[1])) < 0
        #expect(composite, "Й is a composite glyph in DejaVu Sans (И and a breve), so this checks the components")
        if composite {
            let component = UInt16(original[12]) << 8 | UInt16(original[13])
            #expect(!Self.outline(subset, component).isEmpty && Self.outline(subset, component).starts(with: Self.outline(font.data, component)))
        }
        #expect(Self.outline(subset, font.glyph(for: "Ж")).isEmpty, "an unused glyph is left empty")
    }

    @Test("A letter embeds a compressed, tagged subset: small, and poppler reads, lists and draws it without complaint")
    func letter() throws {
        let font = try LettersTests.font()
        let pdf = LetterPDF.render(LettersTests.letter(body: "Вашу заяву про колективний захист задоволено. Йосип, Øystein, Åse."), font: font)
        #expect(pdf.count < 60_000, "\(pdf.count) bytes")
        let fonts = try LettersTests.poppler("pdffonts", pdf)
        #expect(fonts.contains(/[A-Z]{6}\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/), "\(fonts)")
        #expect(try LettersTests.poppler("pdftotext", pdf).contains("Йосип, Øystein, Åse."))
        let rendered = try LettersTests.popplerErrors("pdftoppm", pdf)
        #expect(rendered.isEmpty, "pdftoppm complains: \(rendered)")
    }
}

extension LettersTests {
    /// What a poppler tool printed on standard error for the PDF (its output is thrown away).
    static func popplerErrors(_ tool: String, _ pdf: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("letter-\(UUID().uuidString).pdf")
        try pdf.write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let images = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: images) }
        let process = Process()
        let errors = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = ["-r", "30", "-png", path.path, images.appendingPathComponent("page").path]
        process.standardOutput = Pipe()
        process.standardError = errors
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self) + (process.terminationStatus == 0 ? "" : " (exit \(process.terminationStatus))")
    }
}
