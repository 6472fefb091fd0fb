import Foundation
@testable import Letters
import Testing

@Suite("Letters: TrueType metrics and PDF letters with Cyrillic text")
struct LettersTests {
    static let fontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

    static func font() throws -> TrueTypeFont {
        try TrueTypeFont(data: try Data(contentsOf: URL(fileURLWithPath: fontPath)))
    }

    static func letter(body: String) -> Letter {
        Letter(sender: "Utlendingsdirektoratet", recipientName: "Олена Коваленко", addressLines: ["Mottaket 4", "0580 Oslo"],
               date: "24. november 2026", subject: "Рішення щодо вашої заяви", body: body, language: "uk",
               pageLabel: { "Сторінка \($0) з \($1)" })
    }

    /// Runs a poppler tool on the PDF and returns what it printed.
    static func poppler(_ tool: String, _ pdf: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("letter-\(UUID().uuidString).pdf")
        try pdf.write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = tool == "pdftotext" ? ["-layout", path.path, "-"] : [path.path]
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("The font gives glyphs and widths for Latin and Cyrillic, and refuses a file that is not a font")
    func font() throws {
        let font = try Self.font()
        #expect(font.unitsPerEm == 2048)
        #expect(font.glyph(for: "A") != 0 && font.glyph(for: "Ж") != 0 && font.glyph(for: "ø") != 0)
        #expect(font.glyph(for: "\u{10FFFD}") == 0, "a private-use character has no glyph")
        #expect(font.width("MMMM", size: 10) > font.width("iiii", size: 10))
        #expect(throws: TrueTypeFont.Malformed.self) { try TrueTypeFont(data: Data("not a font at all".utf8)) }
        #expect(throws: TrueTypeFont.Malformed.self) { try TrueTypeFont(data: Data()) }
    }

    @Test("Lines wrap within the width, and a word longer than a line is split")
    func wrapping() throws {
        let font = try Self.font()
        let text = "Дякуємо за вашу заяву. Ми розглянули її та ухвалили рішення " + String(repeating: "дуже", count: 40)
        let lines = LetterPDF.wrap(text, font: font, size: 11, width: 300)
        #expect(lines.count > 2 && lines.allSatisfy { font.width($0, size: 11) <= 300 })
        #expect(lines.joined().replacingOccurrences(of: " ", with: "") == text.replacingOccurrences(of: " ", with: ""), "no text lost")
    }

    @Test("A letter is a valid PDF whose text, Cyrillic included, can be extracted; a long one gets numbered pages")
    func pdf() throws {
        let font = try Self.font()
        let pdf = LetterPDF.render(Self.letter(body: "Вітаємо, Олено.\nВашу заяву про колективний захист задоволено. Дозвіл діє один рік."), font: font)
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.7") && text.hasSuffix("%%EOF\n"))
        // Every cross-reference offset points at its object.
        let xrefStart = try #require(Int(text.components(separatedBy: "startxref\n").last!.split(separator: "\n")[0]))
        let table = String(decoding: pdf[xrefStart...], as: UTF8.self).split(separator: "\n")
        let count = try #require(Int(table[1].split(separator: " ")[1]))
        for index in 1..<count {
            let offset = try #require(Int(table[2 + index].prefix(10)))
            #expect(String(decoding: pdf[offset..<offset + 12], as: UTF8.self).hasPrefix("\(index) 0 obj"))
        }
        let extracted = try Self.poppler("pdftotext", pdf)
        #expect(extracted.contains("Олена Коваленко"))
        #expect(extracted.contains("Рішення щодо вашої заяви"))
        #expect(extracted.contains("колективний захист"))
        #expect(extracted.contains("0580 Oslo"))
        #expect(try Self.poppler("pdfinfo", pdf).contains("Pages:           1"))

        let long = LetterPDF.render(Self.letter(body: Array(repeating: "Це довгий абзац, який повторюється багато разів, щоб заповнити кілька сторінок листа.", count: 80).joined(separator: "\n")), font: font)
        let info = try Self.poppler("pdfinfo", long)
        let pages = Int(info.firstMatch(of: /Pages:\s+(\d+)/)?.1 ?? "") ?? 0
        #expect(pages >= 3, "\(info)")
        #expect(try Self.poppler("pdftotext", long).contains("Сторінка \(pages) з \(pages)"))
        #expect(try Self.poppler("pdftotext", long).contains("Сторінка 2 з"))
    }
}

@Suite("Letters: a certificate on paper")
struct CertificatePDFTests {
    @Test("The PDF carries the QR code as squares and the facts as extractable text, Cyrillic included")
    func certificate() throws {
        let font = try LettersTests.font()
        let modules = (0..<21).map { row in (0..<21).map { column in (row * 7 + column * 3) % 5 < 2 } }
        let darkRuns = modules.reduce(0) { total, row in
            total + row.indices.filter { row[$0] && ($0 == 0 || !row[$0 - 1]) }.count
        }
        let pdf = CertificatePDF.render(title: "Цифровий COVID-сертифікат ЄС: тест", modules: modules,
                                        lines: [("Ім'я", "Олена Шевченко"), ("Номер сертифіката", "URN:UVCI:01:NO:T/1#K")],
                                        footer: "Перевірте на /verify", language: "uk", font: font)
        let raw = String(decoding: pdf, as: UTF8.self)
        #expect(raw.hasPrefix("%PDF-1.7") && raw.contains("/Lang (uk)"))
        let text = try LettersTests.poppler("pdftotext", pdf)
        #expect(text.contains("Цифровий COVID-сертифікат ЄС: тест"))
        #expect(text.contains("Ім'я: Олена Шевченко") && text.contains("URN:UVCI:01:NO:T/1#K") && text.contains("Перевірте на /verify"))
        let info = try LettersTests.poppler("pdfinfo", pdf)
        #expect(info.contains("Pages:") && info.contains("1"))
        let squares = CertificatePDF.squares(modules, x: 0, top: 100)
        #expect(squares.components(separatedBy: " re\n").count - 1 == darkRuns, "one rectangle per run of dark modules")
    }
}
