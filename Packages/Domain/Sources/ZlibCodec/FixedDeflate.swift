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
        // The hash heads and chains live on the stack for the usual few hundred bytes, and are
        // read through unchecked pointers: this loop is most of the cost of issuing after the signature.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 1 << hashBits) { head in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(count, 1)) { previous in
                head.initialize(repeating: -1)
                previous.initialize(repeating: -1)
                input.withUnsafeBufferPointer { data in
                    Self.match(data, head: head, previous: previous, into: &writer)
                }
            }
        }
        writer.writeLiteral(256)
        writer.flush()
        let checksum = input.withUnsafeBufferPointer { UInt32(adler32(1, $0.baseAddress, uInt($0.count))) }
        writer.bytes += [UInt8(checksum >> 24), UInt8(checksum >> 16 & 0xFF), UInt8(checksum >> 8 & 0xFF), UInt8(checksum & 0xFF)]
        return writer.bytes
    }

    /// Greedy LZ77 over hash chains of three-byte prefixes, writing literals and matches.
    private static func match(_ data: UnsafeBufferPointer<UInt8>, head: UnsafeMutableBufferPointer<Int32>,
                              previous: UnsafeMutableBufferPointer<Int32>, into writer: inout BitWriter) {
        let count = data.count
        guard let bytes = data.baseAddress else { return }
        let mask = (1 << hashBits) - 1
        @inline(__always) func hash(_ i: Int) -> Int { (Int(bytes[i]) << 10 ^ Int(bytes[i + 1]) << 5 ^ Int(bytes[i + 2])) & mask }
        @inline(__always) func insert(_ i: Int) {
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
                    if bytes[candidate + bestLength] == bytes[i + bestLength] || bestLength == 0 {
                        var length = 0
                        while length < maxLength && bytes[candidate + length] == bytes[i + length] { length += 1 }
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
                writer.writeLiteral(Int(bytes[i]))
                insert(i)
                i += 1
            }
        }
    }

    static let hashBits = 10
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
            let index = Int(FixedDeflate.lengthCode[length])
            writeLiteral(257 + index)
            let extra = FixedDeflate.lengthExtra[index]
            if extra > 0 { write(UInt32(length - FixedDeflate.lengthBase[index]), count: extra) }
        }

        mutating func writeDistance(_ distance: Int) {
            // zlib's trick: distances up to 256 by value, longer ones by their top bits.
            let index = Int(distance <= 256 ? FixedDeflate.distanceCode[distance - 1] : FixedDeflate.distanceCode[256 + (distance - 1) >> 7])
            write(UInt32(FixedDeflate.reversedDistance[index]), count: 5)
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

    /// The length code's index (0–28) for each match length 3–258.
    static let lengthCode: [UInt8] = (0...258).map { length in
        UInt8((0..<29).last { lengthBase[$0] <= max(length, 3) } ?? 0)
    }

    /// The distance code (0–29) for distances 1–256 at [d − 1], and for longer ones at
    /// [256 + (d − 1) >> 7].
    static let distanceCode: [UInt8] = (0..<512).map { slot in
        let distance = slot < 256 ? slot + 1 : ((slot - 256) << 7) + 1
        return UInt8((0..<30).last { distanceBase[$0] <= distance } ?? 0)
    }

    /// The five-bit distance codes, bit-reversed for LSB-first output.
    static let reversedDistance: [UInt8] = (0..<30).map { UInt8(reverse($0, bits: 5)) }

    static func reverse(_ value: Int, bits: Int) -> Int {
        var result = 0, v = value
        for _ in 0..<bits { result = result << 1 | v & 1; v >>= 1 }
        return result
    }
}
