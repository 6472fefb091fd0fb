import ZlibCodec

/// The symbol as an image: SVG for pages and PDFs, PNG (ISO/IEC 15948) for downloads. Both keep
/// the quiet zone of four light modules that ISO/IEC 18004 §9.1 requires around the symbol.
extension QRCode {
    /// The quiet zone, in modules.
    public static let quietZone = 4

    /// An SVG image, `pixelsPerModule` wide per module, with `label` as its accessible name
    /// (`<title>` and `aria-label`). Dark modules are one path of horizontal runs.
    public func svg(pixelsPerModule: Int = 4, label: String) -> String {
        let side = size + 2 * Self.quietZone
        var path = ""
        path.reserveCapacity(size * size)
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else { x += 1; continue }
                let start = x
                while x < size && self[x, y] { x += 1 }
                path += "M\(start + Self.quietZone) \(y + Self.quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        let name = Self.escapeXML(label)
        let pixels = side * pixelsPerModule
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(pixels)" height="\(pixels)" \
        role="img" aria-label="\(name)" shape-rendering="crispEdges"><title>\(name)</title>\
        <rect width="\(side)" height="\(side)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
        """
    }

    /// A PNG image: 1-bit greyscale, `pixelsPerModule` pixels per module (1–64).
    public func png(pixelsPerModule: Int = 8) -> [UInt8] {
        precondition((1...64).contains(pixelsPerModule), "PNG scale is 1 to 64 pixels per module")
        let width = (size + 2 * Self.quietZone) * pixelsPerModule
        let rowBytes = (width + 7) / 8
        var raw = [UInt8]()
        raw.reserveCapacity((rowBytes + 1) * width)
        for pixelY in 0..<width {
            let y = pixelY / pixelsPerModule - Self.quietZone
            raw.append(0)  // filter type None
            var row = [UInt8](repeating: 0xFF, count: rowBytes)
            for pixelX in 0..<width where self[pixelX / pixelsPerModule - Self.quietZone, y] {
                row[pixelX / 8] &= ~(0x80 >> UInt8(pixelX % 8))
            }
            raw += row
        }
        var header: [UInt8] = []
        header += Self.bigEndian(UInt32(width))
        header += Self.bigEndian(UInt32(width))
        header += [1, 0, 0, 0, 0]  // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += Self.chunk("IHDR", header)
        png += Self.chunk("IDAT", Zlib.deflate(raw))
        png += Self.chunk("IEND", [])
        return png
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(Zlib.crc32(typed))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }


    private static func escapeXML(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
