/// Base45 (RFC 9285): two bytes become three characters of a 45-character alphabet that QR codes
/// hold in alphanumeric mode.
public enum Base45 {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)
    static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }()

    /// Why a string is not Base45.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// A character outside the alphabet, at this offset.
        case badCharacter(at: Int)
        /// A length of 3n + 1, which no bytes encode to.
        case badLength(Int)
        /// A group whose value is above 65535 (three characters) or 255 (two).
        case groupTooLarge(at: Int)

        public var description: String {
            switch self {
            case .badCharacter(let at): "Base45 has a character outside its alphabet at position \(at)"
            case .badLength(let length): "Base45 text of \(length) characters cannot be decoded (a length of 3n+1)"
            case .groupTooLarge(let at): "Base45 group at position \(at) stands for more than its bytes can hold"
            }
        }
    }

    /// The Base45 text of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 2 * 3 + 2)
        var index = 0
        while index + 1 < input.count {
            var n = Int(input[index]) << 8 | Int(input[index + 1])
            for _ in 0..<3 { out.append(alphabet[n % 45]); n /= 45 }
            index += 2
        }
        if index < input.count {
            let n = Int(input[index])
            out.append(alphabet[n % 45])
            out.append(alphabet[n / 45])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes that Base45 `text` stands for.
    public static func decode(_ text: some StringProtocol) throws(Failure) -> [UInt8] {
        // Native strings and their substrings are contiguous UTF-8: read them in place.
        if let result = text.utf8.withContiguousStorageIfAvailable({ characters -> Result<[UInt8], Failure> in
            do throws(Failure) { return .success(try decode(characters)) } catch { return .failure(error) }
        }) {
            return try result.get()
        }
        var string = String(text)
        let result = string.withUTF8 { characters -> Result<[UInt8], Failure> in
            do throws(Failure) { return .success(try decode(characters)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private static func decode(_ characters: UnsafeBufferPointer<UInt8>) throws(Failure) -> [UInt8] {
        guard characters.count % 3 != 1 else { throw .badLength(characters.count) }
        let table = values
        var out: [UInt8] = []
        out.reserveCapacity(characters.count / 3 * 2 + 1)
        var index = 0
        while index < characters.count {
            let group = min(3, characters.count - index)
            var n = 0, weight = 1
            for offset in 0..<group {
                let value = table[Int(characters[index + offset])]
                guard value >= 0 else { throw .badCharacter(at: index + offset) }
                n += Int(value) * weight
                weight *= 45
            }
            if group == 3 {
                guard n <= 0xFFFF else { throw .groupTooLarge(at: index) }
                out.append(UInt8(n >> 8))
                out.append(UInt8(n & 0xFF))
            } else {
                guard n <= 0xFF else { throw .groupTooLarge(at: index) }
                out.append(UInt8(n))
            }
            index += group
        }
        return out
    }
}
