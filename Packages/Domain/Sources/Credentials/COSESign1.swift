import CBOR
import Crypto
import CryptoExtras
import Foundation

/// A COSE_Sign1 message (RFC 9052 §4.2): one signer, tag 18, `[protected, unprotected, payload,
/// signature]`. The protected header is kept as the bytes that were signed.
public struct COSESign1: Sendable, Equatable {
    /// COSE algorithm identifiers (RFC 9053, RFC 8230) that the DCC specification allows.
    public enum Algorithm: Int64, Sendable {
        /// ECDSA with SHA-256 on P-256, the signature as r‖s (64 bytes).
        case es256 = -7
        /// RSASSA-PSS with SHA-256, MGF1 and a 32-byte salt.
        case ps256 = -37
    }

    /// Header labels (RFC 9052 §3.1).
    public enum Label {
        public static let algorithm: Int64 = 1
        public static let keyID: Int64 = 4
    }

    /// The protected header's encoded bytes (an empty map may be empty bytes).
    public let protectedBytes: [UInt8]
    /// The protected header, decoded once (an empty map when its bytes are empty).
    public let protected: CBOR
    /// The unprotected header.
    public var unprotected: CBOR
    /// The payload (for a DCC, the CWT claims).
    public var payload: [UInt8]
    /// The signature.
    public var signature: [UInt8]

    /// Why bytes are not a COSE_Sign1 message this verifier can use.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case notCBOR(CBORError)
        /// Not an array of four with the right types (or a tag other than 18).
        case malformed(String)
        /// No `alg`, or one not allowed here.
        case unsupportedAlgorithm(String)

        public var description: String {
            switch self {
            case .notCBOR(let error): "The COSE message is not CBOR: \(error)"
            case .malformed(let reason): "The COSE message is malformed: \(reason)"
            case .unsupportedAlgorithm(let reason): "The COSE message's algorithm cannot be used: \(reason)"
            }
        }
    }

    /// The algorithm named in the protected header (the only place RFC 9052 lets it be trusted).
    public var algorithm: Algorithm? {
        protected[Label.algorithm]?.int64.flatMap(Algorithm.init(rawValue:))
    }

    /// The key identifier: protected first, then unprotected, as the DCC specification allows.
    public var keyID: [UInt8]? {
        protected[Label.keyID]?.byteString ?? unprotected[Label.keyID]?.byteString
    }

    /// The bytes that are signed: `["Signature1", protected, external_aad, payload]` (RFC 9052 §4.4).
    public static func toBeSigned(protected: [UInt8], payload: [UInt8], externalAAD: [UInt8] = []) -> [UInt8] {
        var out = CBORWriter(capacity: protected.count + payload.count + externalAAD.count + 24)
        out.array(4)
        out.text("Signature1")
        out.byteString(protected)
        out.byteString(externalAAD)
        out.byteString(payload)
        return out.bytes
    }

    /// The message as tagged CBOR bytes.
    public func encoded() -> [UInt8] {
        var out = CBORWriter(capacity: protectedBytes.count + payload.count + signature.count + 24)
        out.tag(18)
        out.array(4)
        out.byteString(protectedBytes)
        if case .map(let entries) = unprotected, entries.isEmpty { out.map(0) } else { out.raw(unprotected.encoded()) }
        out.byteString(payload)
        out.byteString(signature)
        return out.bytes
    }

    /// Reads a COSE_Sign1 message, tagged (18) or untagged, optionally inside a CWT tag (61),
    /// and checks its shape. The whole message is checked as well formed first, so a CBOR error
    /// anywhere wins; then its four parts are read in place, without building a tree.
    public init(decoding bytes: [UInt8], limits: CBOR.Limits = .standard) throws(Failure) {
        do {
            var whole = try CBORCursor(bytes, limits: limits)
            try whole.skipItem(depth: 0)
            try whole.finish()
        } catch { throw .notCBOR(error) }
        var cursor = CBORCursor(bytes, range: 0..<bytes.count, limits: limits)
        var parts: [Range<Int>] = []
        do {
            var head = try cursor.head()
            if head.major == 6, head.argument == 61 { head = try cursor.head() }
            if head.major == 6 {
                guard head.argument == 18 else { throw Failure.malformed("tag \(head.argument ?? 0), not 18 (COSE_Sign1)") }
                head = try cursor.head()
            }
            guard head.major == 4 else { throw Failure.malformed("not an array of four") }
            let count = try cursor.count(head)
            while count.map({ parts.count < $0 }) ?? true {
                if count == nil, try cursor.atBreak() { break }
                parts.append(try cursor.skipItem(depth: 1))
            }
        } catch let failure as Failure {
            throw failure
        } catch let error as CBORError {
            throw .notCBOR(error)
        } catch {
            throw .malformed("\(error)")
        }
        guard parts.count == 4 else { throw .malformed("not an array of four") }
        func byteString(_ range: Range<Int>) -> [UInt8]? {
            var reader = CBORCursor(bytes, range: range, limits: limits)
            guard let head = try? reader.head(), head.major == 2 else { return nil }
            return try? reader.string(head)
        }
        guard let protected = byteString(parts[0]) else { throw .malformed("the protected header is not a byte string") }
        guard bytes[parts[1].lowerBound] >> 5 == 5, let unprotected = try? CBOR.decode(bytes[parts[1]], limits: limits) else {
            throw .malformed("the unprotected header is not a map")
        }
        guard let payload = byteString(parts[2]) else { throw .malformed("the payload is not a byte string") }
        guard let signature = byteString(parts[3]) else { throw .malformed("the signature is not a byte string") }
        var header = CBOR.map([])
        if !protected.isEmpty {
            guard let decoded = try? CBOR.decode(protected, limits: limits) else { throw .malformed("the protected header is not CBOR") }
            guard decoded.entries != nil else { throw .malformed("the protected header is not a map") }
            header = decoded
        }
        (protectedBytes, self.protected, self.unprotected, self.payload, self.signature) = (protected, header, unprotected, payload, signature)
    }

    /// A message made of its parts, as read.
    public init(protectedBytes: [UInt8], unprotected: CBOR, payload: [UInt8], signature: [UInt8]) {
        self.protectedBytes = protectedBytes
        self.protected = protectedBytes.isEmpty ? .map([]) : ((try? CBOR.decode(protectedBytes)) ?? .map([]))
        self.unprotected = unprotected
        self.payload = payload
        self.signature = signature
    }

    init(protectedBytes: [UInt8], protected: CBOR, unprotected: CBOR, payload: [UInt8], signature: [UInt8]) {
        (self.protectedBytes, self.protected, self.unprotected, self.payload, self.signature) = (protectedBytes, protected, unprotected, payload, signature)
    }

    /// Signs `payload` with ES256, naming `keyID` in the protected header.
    public static func sign(payload: [UInt8], keyID: [UInt8], with key: P256.Signing.PrivateKey) throws -> COSESign1 {
        var header = CBORWriter(capacity: keyID.count + 8)
        header.map(2)
        header.int(Label.algorithm)
        header.int(Algorithm.es256.rawValue)
        header.int(Label.keyID)
        header.byteString(keyID)
        let protected = header.bytes
        let signature = try key.signature(for: toBeSigned(protected: protected, payload: payload))
        return COSESign1(protectedBytes: protected, protected: .map([.int(Label.algorithm): .int(Algorithm.es256.rawValue), .int(Label.keyID): .bytes(keyID)]),
                         unprotected: .map([]), payload: payload, signature: Array(signature.rawRepresentation))
    }

    /// Whether the signature is valid under `key` with the algorithm in the protected header.
    public func isValidSignature(_ key: VerificationKey) -> Bool {
        let signed = Self.toBeSigned(protected: protectedBytes, payload: payload)
        switch (algorithm, key) {
        case (.es256, .p256(let key)):
            guard let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(signature, for: SHA256.hash(data: signed))
        case (.ps256, .rsa(let key)):
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: signed), padding: .PSS)
        default:
            return false
        }
    }

    /// A public key that can check a COSE signature.
    public enum VerificationKey: Sendable {
        case p256(P256.Signing.PublicKey)
        case rsa(_RSA.Signing.PublicKey)
    }
}
