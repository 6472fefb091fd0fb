import Foundation
import Notify
import Testing

struct AttachmentTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".utf8)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])

    @Test("A PDF, PNG, JPEG or UTF-8 text file whose bytes match its type is taken, with line-wrapped base64 too")
    func accepted() throws {
        let file = try Attachment(index: 0, filename: "Vedtak om bostøtte.pdf", contentType: "application/pdf", base64: Self.pdf.base64EncodedString())
        #expect(file.contentType == .pdf && file.data == Self.pdf)
        let wrapped = Self.png.base64EncodedString(options: [.lineLength64Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        #expect(try Attachment(index: 1, filename: "kart.png", contentType: "IMAGE/PNG", base64: wrapped).data == Self.png)
        #expect(try Attachment(index: 2, filename: "foto.jpg", contentType: "image/jpeg",
                               base64: Data([0xFF, 0xD8, 0xFF, 0xE0, 1]).base64EncodedString()).contentType == .jpeg)
        #expect(try Attachment(index: 3, filename: "Інформація.txt", contentType: "text/plain; charset=utf-8",
                               base64: Data("Привіт\nHei\n".utf8).base64EncodedString()).contentType == .text)
    }

    @Test("Hostile and malformed files are refused, naming the attachment and the reason")
    func refused() {
        let pdf = Self.pdf.base64EncodedString()
        for name in ["", "../etc/passwd", "a\\b.pdf", ".hidden.pdf", "x\u{0}.pdf", "fake\u{202E}fdp.exe", String(repeating: "a", count: 101), " lead.pdf"] {
            #expect(throws: Attachment.Problem.filename(4)) { try Attachment(index: 4, filename: name, contentType: "application/pdf", base64: pdf) }
        }
        #expect(throws: Attachment.Problem.kind(0, "text/html")) { try Attachment(index: 0, filename: "a.html", contentType: "text/html", base64: pdf) }
        #expect(throws: Attachment.Problem.encoding(0)) { try Attachment(index: 0, filename: "a.pdf", contentType: "application/pdf", base64: "JVBER!!") }
        #expect(throws: Attachment.Problem.empty(0)) { try Attachment(index: 0, filename: "a.pdf", contentType: "application/pdf", base64: "") }
        #expect(throws: Attachment.Problem.mismatch(0, .pdf)) {
            try Attachment(index: 0, filename: "a.pdf", contentType: "application/pdf", base64: Data("<html><script>".utf8).base64EncodedString())
        }
        #expect(throws: Attachment.Problem.mismatch(0, .text)) {
            try Attachment(index: 0, filename: "a.txt", contentType: "text/plain", base64: Data([0x00, 0x41, 0xFF]).base64EncodedString())
        }
        var big = Self.pdf
        big.append(Data(count: Attachment.maximumSize))
        #expect(throws: Attachment.Problem.tooLarge(0)) {
            try Attachment(index: 0, filename: "a.pdf", contentType: "application/pdf", base64: big.base64EncodedString())
        }
    }

    @Test("A message carries at most 10 files and 10 MiB together")
    func limits() throws {
        let small = (filename: "a.pdf", contentType: "application/pdf", base64: Self.pdf.base64EncodedString())
        #expect(try Attachment.check(Array(repeating: small, count: 10)).count == 10)
        #expect(throws: Attachment.Problem.tooMany) { try Attachment.check(Array(repeating: small, count: 11)) }
        var four = Self.pdf
        four.append(Data(count: 4 * 1024 * 1024))
        let large = (filename: "b.pdf", contentType: "application/pdf", base64: four.base64EncodedString())
        #expect(throws: Attachment.Problem.totalTooLarge) { try Attachment.check([large, large, large]) }
        #expect(try Attachment.check([large, large]).count == 2)
    }

    @Test("Sizes read as people write them")
    func sizes() {
        #expect(Attachment.displaySize(999, decimalComma: true) == "999 B")
        #expect(Attachment.displaySize(12_400, decimalComma: true) == "12 kB")
        #expect(Attachment.displaySize(1_449_000, decimalComma: true) == "1,4 MB")
        #expect(Attachment.displaySize(1_449_000, decimalComma: false) == "1.4 MB")
        #expect(Attachment.displaySize(12_000_000, decimalComma: false) == "12 MB")
    }
}
