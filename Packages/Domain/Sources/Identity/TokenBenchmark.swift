import Crypto
import Foundation
import Identifiers

/// Access tokens issued per second through `TokenIssuer` (JWTKit, claims encoding, header),
/// against raw ES256 signatures over the very same signing inputs, in the same run.
public enum TokenBenchmark {
    public struct Result: Sendable {
        public var tokens: Int
        public var issuerSeconds: Double
        public var rawSeconds: Double
        public var issuerPerSecond: Double { Double(tokens) / issuerSeconds }
        public var rawPerSecond: Double { Double(tokens) / rawSeconds }
        public var ratio: Double { issuerPerSecond / rawPerSecond }
    }

    public static func run(count: Int) async throws -> Result {
        let key = TokenSigningKey()
        let issuer = try await TokenIssuer(issuer: "https://tverr.example", signingKey: key, verificationKeys: [key.publicJWK])
        let clock = ContinuousClock()
        var tokens: [String] = []
        tokens.reserveCapacity(count)
        let start = clock.now
        for index in 0..<count {
            tokens.append(try await issuer.sign(AccessTokenClaims(
                iss: "https://tverr.example", sub: "fhi-smittesporing", aud: "https://tverr.example/api", client_id: "fhi-smittesporing",
                scope: "tverr:registers/person.read tverr:registers/contact.read", exp: 1_900_000_120 + index, iat: 1_900_000_000 + index,
                jti: "jti-\(index)", consumer: Consumer(organisationNumber: "983744516"))))
        }
        let issuerTime = start.duration(to: clock.now)
        // The baseline signs exactly what the issuer signed: each token's header.payload bytes.
        let inputs = tokens.map { token in Data(token[..<token.lastIndex(of: ".")!].utf8) }
        var signatures: [P256.Signing.ECDSASignature] = []
        signatures.reserveCapacity(count)
        let rawTime = try clock.measure {
            for input in inputs { signatures.append(try key.privateKey.signature(for: input)) }
        }
        // Both must be real signatures over the same bytes: spot-check that they verify.
        for index in stride(from: 0, to: count, by: max(1, count / 50)) {
            precondition(key.privateKey.publicKey.isValidSignature(signatures[index], for: inputs[index]), "raw signature does not verify")
            let parts = tokens[index].split(separator: ".")
            let issued = try P256.Signing.ECDSASignature(rawRepresentation: Base64URL.decode(parts[2])!)
            precondition(key.privateKey.publicKey.isValidSignature(issued, for: inputs[index]), "issued token does not verify")
        }
        return Result(tokens: count, issuerSeconds: issuerTime.seconds, rawSeconds: rawTime.seconds)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
