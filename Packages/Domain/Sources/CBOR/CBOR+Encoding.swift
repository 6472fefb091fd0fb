extension CBOR {
    /// The item's encoding: definite lengths and the shortest form of every integer and length.
    /// With `deterministic`, also RFC 8949 §4.2.1's core deterministic encoding: map keys sorted
    /// by their encoded bytes, and each float in the shortest of half, single and double
    /// precision that keeps its value.
    public func encoded(deterministic: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        encode(into: &out, deterministic: deterministic)
        return out
    }

    func encode(into out: inout [UInt8], deterministic: Bool) {
        switch self {
        case .unsigned(let n): Self.head(0, n, into: &out)
        case .negative(let n): Self.head(1, n, into: &out)
        case .bytes(let bytes):
            Self.head(2, UInt64(bytes.count), into: &out)
            out.append(contentsOf: bytes)
        case .text(let text):
            let utf8 = text.utf8
            Self.head(3, UInt64(utf8.count), into: &out)
            out.append(contentsOf: utf8)
        case .array(let items):
            Self.head(4, UInt64(items.count), into: &out)
            for item in items { item.encode(into: &out, deterministic: deterministic) }
        case .map(let entries):
            Self.head(5, UInt64(entries.count), into: &out)
            if deterministic, Self.inCanonicalOrder(entries) {
                for entry in entries {
                    entry.key.encode(into: &out, deterministic: true)
                    entry.value.encode(into: &out, deterministic: true)
                }
            } else if deterministic {
                let pairs = entries.map { ($0.key.encoded(deterministic: true), $0.value) }
                for (key, value) in pairs.sorted(by: { $0.0.lexicographicallyPrecedes($1.0) }) {
                    out.append(contentsOf: key)
                    value.encode(into: &out, deterministic: true)
                }
            } else {
                for entry in entries {
                    entry.key.encode(into: &out, deterministic: false)
                    entry.value.encode(into: &out, deterministic: false)
                }
            }
        case .tagged(let tag, let content):
            Self.head(6, tag, into: &out)
            content.encode(into: &out, deterministic: deterministic)
        case .bool(let value): out.append(value ? 0xF5 : 0xF4)
        case .null: out.append(0xF6)
        case .undefined: out.append(0xF7)
        case .simple(let value):
            if value < 24 { out.append(0xE0 | value) } else { out.append(contentsOf: [0xF8, value]) }
        case .float(let value): Self.float(value, shortest: deterministic, into: &out)
        }
    }

    /// Whether map keys already stand in RFC 8949 §4.2.1 order (their encodings sorted bytewise),
    /// decided for integer and text keys without encoding them. Shortest-form heads keep numeric
    /// order, so integers compare by value and text by length, then bytes. Anything else, or equal
    /// keys, answers false and the caller sorts.
    static func inCanonicalOrder(_ entries: [Entry]) -> Bool {
        var index = 1
        while index < entries.count {
            guard precedes(entries[index - 1].key, entries[index].key) else { return false }
            index += 1
        }
        return true
    }

    private static func precedes(_ a: CBOR, _ b: CBOR) -> Bool {
        switch (a, b) {
        case (.unsigned(let x), .unsigned(let y)), (.negative(let x), .negative(let y)): x < y
        case (.unsigned, .negative), (.unsigned, .text), (.negative, .text): true
        case (.text(let x), .text(let y)):
            x.utf8.count != y.utf8.count ? x.utf8.count < y.utf8.count : x.utf8.lexicographicallyPrecedes(y.utf8)
        default: false
        }
    }

    /// The initial byte and argument of an item, in the shortest form (RFC 8949 §3).
    static func head(_ major: UInt8, _ argument: UInt64, into out: inout [UInt8]) {
        let type = major << 5
        switch argument {
        case ..<24: out.append(type | UInt8(argument))
        case ...0xFF: out.append(contentsOf: [type | 24, UInt8(argument)])
        case ...0xFFFF: out.append(contentsOf: [type | 25, UInt8(argument >> 8), UInt8(argument & 0xFF)])
        case ...0xFFFF_FFFF:
            out.append(type | 26)
            for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8((argument >> UInt64(shift)) & 0xFF)) }
        default:
            out.append(type | 27)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((argument >> UInt64(shift)) & 0xFF)) }
        }
    }

    /// A float as a double, or (when `shortest`) as the shortest precision that keeps its value;
    /// NaN is always the half-precision quiet NaN 0xF97E00 (RFC 8949 §4.2.2).
    static func float(_ value: Double, shortest: Bool, into out: inout [UInt8]) {
        if shortest {
            if value.isNaN { out.append(contentsOf: [0xF9, 0x7E, 0x00]); return }
            if let half = Half.bits(exactly: value) { out.append(contentsOf: [0xF9, UInt8(half >> 8), UInt8(half & 0xFF)]); return }
            let single = Float(value)
            if Double(single) == value {
                out.append(0xFA)
                let bits = single.bitPattern
                for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8((bits >> UInt32(shift)) & 0xFF)) }
                return
            }
        }
        out.append(0xFB)
        let bits = value.bitPattern
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((bits >> UInt64(shift)) & 0xFF)) }
    }
}

/// IEEE 754 half precision, which Swift on Linux has as Float16 only on some architectures.
enum Half {
    /// The half-precision bits of `value`, if it has an exact half-precision form.
    static func bits(exactly value: Double) -> UInt16? {
        if value == 0 { return value.sign == .minus ? 0x8000 : 0 }
        if value.isInfinite { return value < 0 ? 0xFC00 : 0x7C00 }
        let sign: UInt16 = value.sign == .minus ? 0x8000 : 0
        let magnitude = abs(value)
        let exponent = magnitude.exponent
        if exponent >= -14 && exponent <= 15 {
            // Normal: 10 bits of fraction.
            let scaled = magnitude.significand * 1024
            guard scaled == scaled.rounded(), scaled >= 1024, scaled < 2048 else { return nil }
            return sign | UInt16(exponent + 15) << 10 | (UInt16(scaled) - 1024)
        }
        if exponent >= -24 && exponent < -14 {
            // Subnormal: the value is a multiple of 2⁻²⁴.
            let units = magnitude * 16_777_216
            guard units == units.rounded(), units < 1024 else { return nil }
            return sign | UInt16(units)
        }
        return nil
    }

    /// The Double that the half-precision `bits` stand for.
    static func value(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
