/// Turning text into a symbol's codewords (ISO/IEC 18004 §7.4): one segment in alphanumeric mode
/// when every character is in its set of 45 (as every HC1 string is), otherwise in byte mode
/// (UTF-8); then the terminator, padding, Reed–Solomon blocks and their interleaving.
extension QRCode {
    /// The encoding mode of the single segment.
    public enum Mode: Sendable, Equatable {
        /// 0–9, A–Z, space and $%*+-./: packed 11 bits per two characters (§7.4.4).
        case alphanumeric
        /// Any bytes, 8 bits each (§7.4.5); text is UTF-8.
        case byte

        var indicator: UInt32 {
            switch self {
            case .alphanumeric: 0b0010
            case .byte: 0b0100
            }
        }

        /// Bits of the character count indicator in `version` (§7.4.1 table 3).
        func countBits(version: Int) -> Int {
            switch (self, version) {
            case (.alphanumeric, ...9): 9
            case (.alphanumeric, ...26): 11
            case (.alphanumeric, _): 13
            case (.byte, ...9): 8
            case (.byte, _): 16
            }
        }
    }

    /// The 45 characters of alphanumeric mode, in value order (§7.4.4 table 5).
    static let alphanumericCharset = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)

    /// The value of each byte in alphanumeric mode, or nil when it is not in the set.
    static let alphanumericValue: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 256)
        for (value, character) in alphanumericCharset.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    /// The segment's bits before the terminator: mode indicator, count and data.
    static func segmentBits(_ bytes: [UInt8], mode: Mode, version: Int) -> BitBuffer {
        var bits = BitBuffer()
        bits.append(mode.indicator, count: 4)
        bits.append(UInt32(bytes.count), count: mode.countBits(version: version))
        switch mode {
        case .alphanumeric:
            var index = 0
            while index + 1 < bytes.count {
                let pair = UInt32(alphanumericValue[Int(bytes[index])]!) * 45 + UInt32(alphanumericValue[Int(bytes[index + 1])]!)
                bits.append(pair, count: 11)
                index += 2
            }
            if index < bytes.count { bits.append(UInt32(alphanumericValue[Int(bytes[index])]!), count: 6) }
        case .byte:
            for byte in bytes { bits.append(UInt32(byte), count: 8) }
        }
        return bits
    }

    /// Bits a segment of `count` characters takes in `version`, before the terminator.
    static func segmentLength(count: Int, mode: Mode, version: Int) -> Int {
        let data = switch mode {
        case .alphanumeric: count / 2 * 11 + count % 2 * 6
        case .byte: count * 8
        }
        return 4 + mode.countBits(version: version) + data
    }

    /// The data codewords: segment, terminator of up to four zeros, zero bits to a byte boundary,
    /// then the pad bytes 0xEC and 0x11 in turn (§7.4.9, §7.4.10).
    static func dataCodewords(_ bytes: [UInt8], mode: Mode, version: Int, level: ErrorCorrection) -> [UInt8] {
        var bits = segmentBits(bytes, mode: mode, version: version)
        let capacity = dataCodewords(version: version, level: level) * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count * 8 < capacity {
            codewords.append(pad)
            pad ^= 0xEC ^ 0x11
        }
        return codewords
    }

    /// Data split into blocks, each followed by its error correction, then interleaved: the
    /// i-th data codeword of every block in turn, then the i-th error correction codeword
    /// (§7.6). Short blocks come first and hold one data codeword less.
    static func interleaved(_ data: [UInt8], version: Int, level: ErrorCorrection) -> [UInt8] {
        let blockCount = level.blocks[version]
        let eccLength = level.codewordsPerBlock[version]
        let total = rawDataModules(version: version) / 8
        let shortBlocks = blockCount - total % blockCount
        let shortLength = total / blockCount - eccLength
        let coder = ReedSolomon(degree: eccLength)
        var dataBlocks: [ArraySlice<UInt8>] = []
        var eccBlocks: [[UInt8]] = []
        var start = 0
        for block in 0..<blockCount {
            let length = shortLength + (block < shortBlocks ? 0 : 1)
            let slice = data[start..<(start + length)]
            dataBlocks.append(slice)
            eccBlocks.append(coder.remainder(of: slice))
            start += length
        }
        var result: [UInt8] = []
        result.reserveCapacity(total)
        for i in 0...shortLength {
            for block in dataBlocks where i < block.count { result.append(block[block.startIndex + i]) }
        }
        for i in 0..<eccLength {
            for block in eccBlocks { result.append(block[i]) }
        }
        return result
    }
}

/// A sequence of bits, most significant first.
struct BitBuffer: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    /// Appends the low `count` bits of `value`, highest first.
    mutating func append(_ value: UInt32, count bitCount: Int) {
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> UInt32(shift)) & 1 == 1 { bytes[count / 8] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}
