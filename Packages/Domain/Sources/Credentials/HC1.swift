import CBOR
import Crypto
import ZlibCodec

/// The HC1 container of the EU Digital COVID Certificate: CWT claims, signed as COSE_Sign1,
/// compressed with zlib, encoded in Base45 and prefixed with `HC1:` (eHealth Network,
/// "Electronic Health Certificate Container Format" 1.0.x).
public enum HC1 {
    /// The context identifier in front of every DCC string.
    public static let prefix = "HC1:"
    /// The most bytes a COSE message may inflate to (a QR code holds under 3 kB; this leaves room
    /// for certificates with many entries and stops decompression bombs).
    public static let inflatedLimit = 64 * 1024
    /// The longest HC1 string read (a version-40 QR code in alphanumeric mode holds 4,296 characters).
    public static let textLimit = 8 * 1024

    /// Why a string is not an HC1 certificate, stage by stage.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case missingPrefix
        case tooLong(Int)
        case base45(Base45.Failure)
        case zlib(Zlib.Failure)
        case cose(COSESign1.Failure)
        case claims(CWTClaims.Failure)

        public var description: String {
            switch self {
            case .missingPrefix: "The text does not start with HC1: (not an EU Digital COVID Certificate)"
            case .tooLong(let count): "The text is \(count) characters long; an HC1 certificate is at most \(HC1.textLimit)"
            case .base45(let failure): failure.description
            case .zlib(let failure): failure.description
            case .cose(let failure): failure.description
            case .claims(let failure): failure.description
            }
        }
    }

    /// A certificate read from its HC1 string: the signed message and its claims (not yet verified).
    public struct Decoded: Sendable, Equatable {
        public var message: COSESign1
        public var claims: CWTClaims
    }

    /// Signs `claims` with ES256 under `keyID` and returns the HC1 string.
    public static func issue(_ claims: CWTClaims, keyID: [UInt8], key: P256.Signing.PrivateKey) throws -> String {
        let message = try COSESign1.sign(payload: claims.encoded(), keyID: keyID, with: key)
        return prefix + Base45.encode(Zlib.deflate(message.encoded()))
    }

    /// Reads an HC1 string. Surrounding white space is ignored; data without a zlib header is
    /// read as an uncompressed COSE message, as the specification lets verifiers do.
    public static func decode(_ text: String) throws(Failure) -> Decoded {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.utf8.count <= textLimit else { throw .tooLong(trimmed.utf8.count) }
        guard trimmed.hasPrefix(prefix) else { throw .missingPrefix }
        let compressed: [UInt8]
        do { compressed = try Base45.decode(trimmed.dropFirst(prefix.count)) } catch { throw .base45(error) }
        var cose = compressed
        if compressed.first.map({ $0 & 0x0F == 8 && $0 >> 4 <= 7 }) == true, compressed.count >= 2,
           (UInt16(compressed[0]) << 8 | UInt16(compressed[1])) % 31 == 0 {
            do { cose = try Zlib.inflate(compressed, limit: inflatedLimit) } catch { throw .zlib(error) }
        }
        let message: COSESign1
        do { message = try COSESign1(decoding: cose) } catch { throw .cose(error) }
        do { return Decoded(message: message, claims: try CWTClaims(decoding: message.payload)) } catch { throw .claims(error) }
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return self[first...last]
    }
}
