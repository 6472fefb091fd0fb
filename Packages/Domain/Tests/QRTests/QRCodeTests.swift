import Foundation
import Testing
import ZlibCodec

@testable import QR

@Suite("QR code encoder (ISO/IEC 18004)")
struct QRCodeTests {
    @Test("Reed–Solomon gives the error correction of the standard's worked example (HELLO WORLD, 1-M)")
    func reedSolomonVector() {
        // ISO/IEC 18004 annex I's data codewords for "01234567" differ in mode; this is the
        // widely reproduced alphanumeric "HELLO WORLD" at 1-M (16 data, 10 ECC codewords).
        let data = QRCode.dataCodewords(Array("HELLO WORLD".utf8), mode: .alphanumeric, version: 1, level: .medium)
        #expect(data == [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17])
        #expect(ReedSolomon(degree: 10).remainder(of: data[...]) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test("Data codewords per version and level match the standard's table 9")
    func dataCodewords() {
        let rows: [(Int, QRCode.ErrorCorrection, Int)] = [
            (1, .low, 19), (1, .medium, 16), (1, .quartile, 13), (1, .high, 9), (2, .quartile, 22), (5, .quartile, 62),
            (7, .quartile, 88), (10, .quartile, 154), (20, .quartile, 485), (40, .low, 2956), (40, .medium, 2334),
            (40, .quartile, 1666), (40, .high, 1276),
        ]
        for (version, level, expected) in rows {
            #expect(QRCode.dataCodewords(version: version, level: level) == expected, "\(version)-\(level.rawValue)")
        }
        for version in 1...40 { #expect(QRCode.rawDataModules(version: version) / 8 == Self.totalCodewords[version - 1]) }
    }

    /// Codewords per version (table 1).
    static let totalCodewords = [
        26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655, 733, 815, 901, 991, 1085,
        1156, 1258, 1364, 1474, 1588, 1706, 1828, 1921, 2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362, 3532, 3706,
    ]

    @Test("Capacities match the standard's table 7 for versions 1 and 40, and the version grows one character past them")
    func capacities() throws {
        // (version, level, alphanumeric capacity, byte capacity) from table 7.
        let rows: [(Int, QRCode.ErrorCorrection, Int, Int)] = [
            (1, .low, 25, 17), (1, .medium, 20, 14), (1, .quartile, 16, 11), (1, .high, 10, 7),
            (40, .low, 4296, 2953), (40, .medium, 3391, 2331), (40, .quartile, 2420, 1663), (40, .high, 1852, 1273),
        ]
        for (version, level, alphanumeric, bytes) in rows {
            let fits = try QRCode(encoding: String(repeating: "A", count: alphanumeric), errorCorrection: level, minimumVersion: version)
            #expect(fits.version == version, "\(alphanumeric) alphanumeric characters at \(version)-\(level.rawValue)")
            let byteFits = try QRCode(encoding: String(repeating: "a", count: bytes), errorCorrection: level, minimumVersion: version)
            #expect(byteFits.version == version && byteFits.mode == .byte)
            if version == 1 {
                #expect(try QRCode(encoding: String(repeating: "A", count: alphanumeric + 1), errorCorrection: level).version == 2)
            } else {
                #expect(QRCode.capacity(mode: .alphanumeric, level: level) == alphanumeric)
                #expect(QRCode.capacity(mode: .byte, level: level) == bytes)
            }
        }
    }

    @Test("Text beyond version 40 is refused with the capacity named")
    func tooLong() {
        #expect(throws: QRCode.Failure.tooLong(characters: 2421, mode: .alphanumeric, level: .quartile, capacity: 2420)) {
            try QRCode(encoding: String(repeating: "B", count: 2421))
        }
        #expect(throws: QRCode.Failure.empty) { try QRCode(encoding: "") }
    }

    @Test("The format information in both copies reads back as the level and mask", arguments: 0...7)
    func formatInformation(mask: Int) throws {
        let code = try QRCode(encoding: "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH", mask: mask)
        #expect(code.mask == mask)
        var first = 0, second = 0
        let firstPositions = [(8, 0), (8, 1), (8, 2), (8, 3), (8, 4), (8, 5), (8, 7), (8, 8), (7, 8), (5, 8), (4, 8), (3, 8), (2, 8), (1, 8), (0, 8)]
        for (i, (x, y)) in firstPositions.enumerated() where code[x, y] { first |= 1 << i }
        for i in 0..<8 where code[code.size - 1 - i, 8] { second |= 1 << i }
        for i in 8..<15 where code[8, code.size - 15 + i] { second |= 1 << i }
        #expect(first == second)
        let unmasked = first ^ 0x5412
        #expect(unmasked >> 13 == 0b11, "level Q")
        #expect(unmasked >> 10 & 0b111 == mask)
        #expect(code[8, code.size - 8], "the dark module")
    }

    @Test("Finder patterns, timing patterns and version information are in place")
    func functionPatterns() throws {
        let code = try QRCode(encoding: String(repeating: "HC1", count: 60))
        #expect(code.version >= 7)
        for (cx, cy) in [(3, 3), (code.size - 4, 3), (3, code.size - 4)] {
            #expect(code[cx, cy] && code[cx - 3, cy - 3] && !code[cx - 2, cy - 2] && code[cx - 1, cy - 1])
        }
        for i in 8..<(code.size - 8) { #expect(code[i, 6] == (i % 2 == 0) && code[6, i] == (i % 2 == 0)) }
        var bits = 0
        for i in 0..<18 where code[code.size - 11 + i % 3, i / 3] { bits |= 1 << i }
        #expect(bits >> 12 == code.version)
        #expect(bits == Matrix.versionBits(code.version))
    }

    @Test("A typical HC1 string of about 500 characters fits at level Q in a mid-size version")
    func hc1Size() throws {
        let text = "HC1:" + String(repeating: "6BF+70790T9WJWG.FKY*4GO0.O1CV2 O5 N2FBBRW1*70HS8WY04AC*WIFN0AHCD8KD97TK0F90KECTHGWJC0FDC:5AIA%G7X+AQB9746HS80:54IBQF60R6$A80X6S1BTYACG6M+9XG8KIAWNA91AY%67092L4WJCT3EHS8XJC$+DXJCCWENF6OF63W5NW6WF6%JC QE/IAYJC5LEW34U3ET7DXC9 QE-ED8%E.JCBECB1A-:8$96646AL60A60S6Q$D.UDRYA 96NF6L/5QW6307KQEPD09WEQDD+Q6TW6FA7C466KCN9E%961A6DL6FA7D46JPCT3E5JDLA7$Q6E464W5TG6..DX%DZJC6/DTZ9 QE5$CB$DA/D JC1/D3Z8WED1ECW.CCWE.Y92OAGY8MY9L+9MPCG/D5 C5IA5N9$PC5$CSUD9M", count: 1)
        let code = try QRCode(encoding: text)
        #expect(code.mode == .alphanumeric && code.errorCorrection == .quartile)
        #expect((10...20).contains(code.version))
    }

    @Test("The PNG has a valid signature, IHDR and CRCs, and inflates to the symbol's pixels")
    func pngStructure() throws {
        let code = try QRCode(encoding: "HC1:TEST")
        let png = code.png(pixelsPerModule: 2)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var chunks: [(String, [UInt8])] = []
        while offset < png.count {
            let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let typed = Array(png[(offset + 4)..<(offset + 8 + length)])
            let crc = png[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(crc == Zlib.crc32(typed))
            chunks.append((String(decoding: typed.prefix(4), as: UTF8.self), Array(typed.dropFirst(4))))
            offset += 12 + length
        }
        #expect(chunks.map(\.0) == ["IHDR", "IDAT", "IEND"])
        let width = (code.size + 8) * 2
        let expectedWidth: [UInt8] = [0, 0, UInt8(width >> 8), UInt8(width & 0xFF)]
        #expect(Array(chunks[0].1.prefix(4)) == expectedWidth)
        let raw = try Zlib.inflate(chunks[1].1, limit: 1 << 20)
        let rowBytes = (width + 7) / 8
        #expect(raw.count == width * (rowBytes + 1))
        // The top-left finder's corner module (quiet zone 4, so pixel 8 of row 8) is black.
        let row8 = raw[(8 * (rowBytes + 1) + 1)...]
        #expect(row8[row8.startIndex + 1] & 0x80 == 0)
        #expect(row8[row8.startIndex] == 0xFF, "the quiet zone is white")
    }

    @Test("The SVG names itself for screen readers and escapes the label")
    func svg() throws {
        let svg = try QRCode(encoding: "HC1:TEST").svg(label: "Koronasertifikat <Ola & \"Kari\">")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title>Koronasertifikat &lt;Ola &amp; &quot;Kari&quot;&gt;</title>"))
        #expect(!svg.contains("<Ola"))
        #expect(svg.contains("M4 4h7v1h-7z"), "the top row of the top-left finder is one run of seven")
    }
}

