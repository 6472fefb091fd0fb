import Foundation

/// A one-page A4 PDF for printing a certificate: the title, the QR code drawn as vector squares
/// (sharp at any printer resolution), and under it the same facts in words, so the paper copy can
/// be read by a person and, through its text layer, by a screen reader.
public enum CertificatePDF {
    /// The QR code's side on paper, in points (7 cm).
    static let codeSide = 198.0

    /// The PDF. `modules` is the QR code's dark modules by row, without the quiet zone.
    public static func render(title: String, modules: [[Bool]], lines: [(label: String, value: String)], footer: String,
                              language: String, font: TrueTypeFont, fontName: String = "DejaVuSans") -> Data {
        let width = LetterPDF.pageWidth, left = LetterPDF.left, textWidth = width - LetterPDF.left - LetterPDF.right
        var page: [LetterPDF.Line] = []
        var y = 780.0
        for line in LetterPDF.wrap(title, font: font, size: 16, width: textWidth) {
            page.append(.init(text: line, size: 16, x: left, y: y))
            y -= 22
        }
        let top = y - 10
        let graphics = squares(modules, x: (width - codeSide) / 2, top: top)
        y = top - codeSide - 30
        for (label, value) in lines {
            for (index, text) in LetterPDF.wrap("\(label): \(value)", font: font, size: 11, width: textWidth).enumerated() {
                guard y > LetterPDF.bottom else { break }
                page.append(.init(text: text, size: 11, x: left + (index == 0 ? 0 : 12), y: y))
                y -= 16
            }
        }
        for text in LetterPDF.wrap(footer, font: font, size: 9, width: textWidth) where y > 40 {
            y -= 4
            page.append(.init(text: text, size: 9, x: left, y: max(y, 40)))
            y -= 12
        }
        return LetterPDF.Writer(font: font, fontName: fontName).document(pages: [page], graphics: [graphics], title: title, language: language)
    }

    /// Filled squares for the dark modules, as PDF path operators, with a white quiet zone.
    static func squares(_ modules: [[Bool]], x: Double, top: Double) -> String {
        let count = max(modules.count, 1), quiet = 4.0
        let unit = codeSide / (Double(count) + 2 * quiet)
        var out = String(format: "1 g %.2f %.2f %.2f %.2f re f 0 g\n", x, top - codeSide, codeSide, codeSide)
        for (row, line) in modules.enumerated() {
            var column = 0
            while column < line.count {
                guard line[column] else { column += 1; continue }
                var run = 1
                while column + run < line.count, line[column + run] { run += 1 }
                out += String(format: "%.3f %.3f %.3f %.3f re\n", x + (quiet + Double(column)) * unit,
                              top - (quiet + Double(row + 1)) * unit, Double(run) * unit, unit)
                column += run
            }
        }
        return out + "f\n"
    }
}
