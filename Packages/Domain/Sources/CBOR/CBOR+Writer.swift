/// Writes CBOR straight to bytes, item by item, in the shortest form of every head. The caller
/// writes map keys in the order it wants on the wire; for deterministic encoding that is RFC 8949
/// §4.2.1's order (for the small integer and text keys of COSE, CWT and the DCC payload: integers
/// before text, shorter text before longer, then bytewise).
public struct CBORWriter: Sendable {
    /// What has been written.
    public private(set) var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The head of an array of `count` items.
    public mutating func array(_ count: Int) { CBOR.head(4, UInt64(count), into: &bytes) }

    /// The head of a map of `count` pairs.
    public mutating func map(_ count: Int) { CBOR.head(5, UInt64(count), into: &bytes) }

    /// A tag's head; the tagged item follows.
    public mutating func tag(_ number: UInt64) { CBOR.head(6, number, into: &bytes) }

    /// An integer.
    public mutating func int(_ value: Int64) {
        if value >= 0 { CBOR.head(0, UInt64(value), into: &bytes) } else { CBOR.head(1, UInt64(-(value + 1)), into: &bytes) }
    }

    /// A text string.
    public mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            CBOR.head(3, UInt64(utf8.count), into: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    /// A byte string.
    public mutating func byteString(_ value: some Collection<UInt8>) {
        CBOR.head(2, UInt64(value.count), into: &bytes)
        bytes.append(contentsOf: value)
    }

    /// A text string from bytes the caller has checked are UTF-8.
    public mutating func text(utf8: some Collection<UInt8>) {
        CBOR.head(3, UInt64(utf8.count), into: &bytes)
        bytes.append(contentsOf: utf8)
    }

    /// The start of an indefinite-length array (0x9F) or map (0xBF); `end()` closes it.
    public mutating func beginIndefinite(map: Bool) { bytes.append(map ? 0xBF : 0x9F) }

    /// The break that ends an indefinite-length item.
    public mutating func end() { bytes.append(0xFF) }

    /// true, false or null.
    public mutating func simple(_ value: Bool?) { bytes.append(value.map { $0 ? 0xF5 : 0xF4 } ?? 0xF6) }

    /// A double-precision float.
    public mutating func float(_ value: Double) { CBOR.float(value, shortest: false, into: &bytes) }

    /// Bytes that are already one or more encoded items.
    public mutating func raw(_ encoded: some Collection<UInt8>) { bytes.append(contentsOf: encoded) }
}
