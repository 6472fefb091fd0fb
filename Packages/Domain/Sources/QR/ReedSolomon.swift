/// Reed–Solomon error correction over GF(2⁸) with the QR field polynomial
/// x⁸ + x⁴ + x³ + x² + 1 (0x11D), as ISO/IEC 18004 §7.5.2 specifies.
struct ReedSolomon: Sendable {
    /// The generator polynomial's coefficients, highest degree first, without the leading 1.
    private let generator: [UInt8]

    /// A generator for `degree` error correction codewords: the product of (x − αⁱ), i < degree.
    init(degree: Int) {
        precondition((1...255).contains(degree), "Reed–Solomon degree out of range")
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                coefficients[j] = Self.multiply(coefficients[j], root)
                if j + 1 < degree { coefficients[j] ^= coefficients[j + 1] }
            }
            root = Self.multiply(root, 0x02)
        }
        generator = coefficients
    }

    /// The error correction codewords for `data`: the remainder of data·x^degree divided by the
    /// generator.
    func remainder(of data: ArraySlice<UInt8>) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            guard factor != 0 else { continue }
            let logFactor = Int(Self.log[Int(factor)])
            for i in result.indices where generator[i] != 0 {
                result[i] ^= Self.exp[(Int(Self.log[Int(generator[i])]) + logFactor) % 255]
            }
        }
        return result
    }

    /// x·y in GF(2⁸).
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        guard x != 0, y != 0 else { return 0 }
        return exp[(Int(log[Int(x)]) + Int(log[Int(y)])) % 255]
    }

    /// αⁱ for i in 0..<255.
    private static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 255)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// The discrete logarithm: log[αⁱ] = i (log[0] is unused).
    private static let log: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for (i, value) in exp.enumerated() { table[Int(value)] = UInt8(i) }
        return table
    }()
}
