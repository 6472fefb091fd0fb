/// The weighted modulus-11 check used by Norwegian national identity numbers and
/// organisation numbers.
public enum Modulus11 {
    /// The weighted sum of `digits` with `weights`, position by position.
    @inlinable
    public static func weightedSum(_ digits: some Collection<UInt8>, weights: [Int]) -> Int {
        var sum = 0
        for (digit, weight) in zip(digits, weights) { sum += Int(digit) * weight }
        return sum
    }

    /// The control digit for `digits`, or `nil` when the remainder makes it 10 (such a number
    /// can never be issued).
    @inlinable
    public static func controlDigit(for digits: some Collection<UInt8>, weights: [Int]) -> UInt8? {
        let remainder = weightedSum(digits, weights: weights) % 11
        let control = remainder == 0 ? 0 : 11 - remainder
        return control == 10 ? nil : UInt8(control)
    }
}

extension String {
    /// The decimal digits of the string, or `nil` if any character is not an ASCII digit.
    @usableFromInline
    var asciiDigits: [UInt8]? {
        var digits: [UInt8] = []
        digits.reserveCapacity(utf8.count)
        for byte in utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            digits.append(byte - 0x30)
        }
        return digits
    }
}
