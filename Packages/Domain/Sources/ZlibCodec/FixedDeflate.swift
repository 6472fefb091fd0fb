import CZlib

/// A DEFLATE encoder for small inputs (RFC 1951): one block with the fixed Huffman codes of
/// §3.2.6 and greedy LZ77 matching over hash chains, in a zlib wrapper (RFC 1950). For a few
/// hundred bytes the fixed codes are what zlib itself usually picks, since a dynamic block's
/// code tables would cost more than they save; skipping zlib's stream set-up and tree building
/// makes it several times faster. Any inflater reads the result.
public enum FixedDeflate {
    /// The longest input this encoder takes (the LZ77 window).
    static let limit = 32_768
    /// Up to this size `Zlib.deflate` uses this encoder; dynamic codes pay off beyond it.
    public static let smallInput = 4096

    /// `input` as a zlib stream (header 78 DA, one fixed-code block, Adler-32).
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        precondition(input.count <= limit)
        var writer = BitWriter(capacity: input.count + input.count / 8 + 16)
        writer.bytes.append(0x78)
        writer.bytes.append(0xDA)
        writer.write(1, count: 1)  // BFINAL
        writer.write(1, count: 2)  // BTYPE 01: fixed Huffman codes
        let count = input.count
        input.withUnsafeBufferPointer { data in
            var head = [Int32](repeating: -1, count: 1 << hashBits)
            var previous = [Int32](repeating: -1, count: max(count, 1))
            func hash(_ i: Int) -> Int {
                (Int(data[i]) << 10 ^ Int(data[i + 1]) << 5 ^ Int(data[i + 2])) & ((1 << hashBits) - 1)
            }
            func insert(_ i: Int) {
                guard i + 2 < count else { return }
                let h = hash(i)
                previous[i] = head[h]
                head[h] = Int32(i)
            }
            var i = 0
            while i < count {
                var bestLength = 0, bestDistance = 0
                if i + 2 < count {
                    var candidate = Int(head[hash(i)])
                    var chain = maxChain
                    let maxLength = min(258, count - i)
                    while candidate >= 0 && chain > 0 && i - candidate <= 32_768 {
                        if data[candidate + bestLength] == data[i + bestLength] || bestLength == 0 {
                            var length = 0
                            while length < maxLength && data[candidate + length] == data[i + length] { length += 1 }
                            if length > bestLength {
                                bestLength = length
                                bestDistance = i - candidate
                                if length == maxLength { break }
                            }
                        }
                        candidate = Int(previous[candidate])
                        chain -= 1
                    }
                }
                if bestLength >= 3 {
                    writer.writeLength(bestLength)
                    writer.writeDistance(bestDistance)
                    for j in i..<(i + bestLength) { insert(j) }
                    i += bestLength
                } else {
                    writer.writeLiteral(Int(data[i]))
                    insert(i)
                    i += 1
                }
            }
        }
        writer.writeLiteral(256)
        writer.flush()
        let checksum = input.withUnsafeBufferPointer { UInt32(adler32(1, $0.baseAddress, uInt($0.count))) }
        writer.bytes += [UInt8(checksum >> 24), UInt8(checksum >> 16 & 0xFF), UInt8(checksum >> 8 & 0xFF), UInt8(checksum & 0xFF)]
        return writer.bytes
    }

    static let hashBits = 12
    static let maxChain = 32

    /// Bits written least significant first, as DEFLATE packs them (RFC 1951 §3.1.1).
    struct BitWriter {
        var bytes: [UInt8] = []
        var buffer: UInt64 = 0
        var filled = 0

        init(capacity: Int) { bytes.reserveCapacity(capacity) }

        mutating func write(_ value: UInt32, count: Int) {
            buffer |= UInt64(value) << UInt64(filled)
            filled += count
            while filled >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                filled -= 8
            }
        }

        mutating func flush() {
            if filled > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
            buffer = 0
            filled = 0
        }

        /// Literal/length symbol `symbol` with its fixed code, bit-reversed for LSB-first output.
        mutating func writeLiteral(_ symbol: Int) {
            let code = FixedDeflate.literalCodes[symbol]
            write(UInt32(code.bits), count: Int(code.length))
        }

        mutating func writeLength(_ length: Int) {
            var index = 28
            while FixedDeflate.lengthBase[index] > length { index -= 1 }
            writeLiteral(257 + index)
            let extra = FixedDeflate.lengthExtra[index]
            if extra > 0 { write(UInt32(length - FixedDeflate.lengthBase[index]), count: extra) }
        }

        mutating func writeDistance(_ distance: Int) {
            var index = 29
            while FixedDeflate.distanceBase[index] > distance { index -= 1 }
            write(UInt32(FixedDeflate.reverse(index, bits: 5)), count: 5)
            let extra = FixedDeflate.distanceExtra[index]
            if extra > 0 { write(UInt32(distance - FixedDeflate.distanceBase[index]), count: extra) }
        }
    }

    /// The fixed literal/length codes of §3.2.6, reversed: 0–143 in 8 bits from 0x30, 144–255 in 9
    /// bits from 0x190, 256–279 in 7 bits from 0, 280–287 in 8 bits from 0xC0.
    static let literalCodes: [(bits: UInt16, length: UInt8)] = (0..<288).map { symbol in
        switch symbol {
        case 0...143: (UInt16(reverse(0x30 + symbol, bits: 8)), 8)
        case 144...255: (UInt16(reverse(0x190 + symbol - 144, bits: 9)), 9)
        case 256...279: (UInt16(reverse(symbol - 256, bits: 7)), 7)
        default: (UInt16(reverse(0xC0 + symbol - 280, bits: 8)), 8)
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static func reverse(_ value: Int, bits: Int) -> Int {
        var result = 0, v = value
        for _ in 0..<bits { result = result << 1 | v & 1; v >>= 1 }
        return result
    }
}
