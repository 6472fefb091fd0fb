/// A Norwegian municipality (kommune), identified by its official four-digit number.
public struct Municipality: Hashable, Sendable, Codable {
    /// The official municipality number, for example "0301" for Oslo.
    public let number: String
    /// The official name.
    public let name: String
    /// The county (fylke) name.
    public let county: String
    /// The two-digit county number, the first two digits of `number`.
    public let countyNumber: String
    /// A postcode near the centre.
    public let centrePostcode: String
    /// Approximate centre latitude (WGS84).
    public let latitude: Double
    /// Approximate centre longitude (WGS84).
    public let longitude: Double
    /// Approximate number of inhabitants.
    public let population: Int

    /// Why a text is not a municipality number.
    public enum NumberError: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed
        case unknown(String)

        /// A plain-language sentence.
        public var description: String {
            switch self {
            case .malformed: "A municipality number has exactly four digits, for example 0301."
            case .unknown(let number): "There is no municipality with number \(number) in Tverr's register."
            }
        }
    }

    /// The municipality with `number`.
    public static func lookup(_ number: String) throws(NumberError) -> Municipality {
        guard number.utf8.count == 4, number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .malformed
        }
        guard let found = byNumber[number] else { throw .unknown(number) }
        return found
    }

    static let byNumber: [String: Municipality] = Dictionary(uniqueKeysWithValues: all.map { ($0.number, $0) })
}
