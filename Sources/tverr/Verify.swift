import ArgumentParser
import CertLogic
import DCC
import Foundation
import Trust

/// `tverr verify`: offline verification of an HC1 string, with the exact reason when it fails.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify an EU Digital COVID Certificate offline.",
        discussion: """
        Checks the signature against the trust list, the signer's permitted types, iat and exp, the revocation list and \
        Norway's business rules. Prints VALID or INVALID with the reason; exits 0 when valid, 1 when not.
        """
    )

    @Argument(help: "The HC1 string, or a file that holds it (- for standard input).") var certificate: String
    @Option(name: .customLong("trust-list"), help: "Trust list JSON (as /credentials/trust-list serves it).") var trustList: String?
    @Option(name: .customLong("signer"), help: "Trust this signer certificate (PEM) directly; repeatable.") var signers: [String] = []
    @Option(help: "Revocation list JSON.") var revocations: String?
    @Option(help: "Business rules JSON in the EU gateway's format (as /credentials/rules serves it); default Norway's built-in rules.") var rules: String?
    @Option(help: "Verify as of this time (ISO 8601); default now.") var at: String?
    @Option(help: "Language of the rule descriptions: nb, nn, en, uk.") var language = "en"

    func run() async throws {
        var valid = false
        try await reportingFailures {
            let text = try readCertificate()
            var trusted: [SignerCertificate] = []
            for path in signers { trusted.append(try SignerCertificate(pem: String(contentsOfFile: path, encoding: .utf8))) }
            let store: TrustStore
            if let trustList {
                let list = try JSONDecoder().decode(TrustList.self, from: Data(contentsOf: URL(fileURLWithPath: trustList)))
                let checked = TrustStore(list)
                for (kid, reason) in checked.rejected { say("warning: trust list entry \(kid) left out: \(reason)") }
                store = TrustStore(trusting: checked.signers.values.flatMap { $0 } + trusted)
            } else {
                guard !trusted.isEmpty else { throw ValidationError("Give --trust-list or --signer: a verifier needs keys to trust") }
                store = TrustStore(trusting: trusted)
            }
            let revoked = try revocations.map { try JSONDecoder().decode(RevocationList.self, from: Data(contentsOf: URL(fileURLWithPath: $0))) } ?? RevocationList(generated: "")
            let ruleSet = try rules.map { path in
                guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("Cannot read the rules file \(path)") }
                do { return try BusinessRule.decodeList(data) } catch { throw ValidationError("\(path) is not a list of business rules: \(error)") }
            } ?? BusinessRule.norway
            let verdict = Verifier(trust: store, revocations: revoked, rules: ruleSet).verify(text, at: try instant(at))
            report(verdict)
            valid = verdict.isValid
        }
        if !valid { throw ExitCode.failure }
    }

    private func readCertificate() throws -> String {
        if certificate == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        // A path to a file that holds the string; anything else is the string itself, so that the
        // verifier can say what is wrong with it.
        guard !certificate.hasPrefix("HC1:"), let data = FileManager.default.contents(atPath: certificate) else { return certificate }
        return String(decoding: data, as: UTF8.self)
    }

    private func report(_ verdict: Verifier.Verdict) {
        say(verdict.isValid ? "VALID" : "INVALID: \(verdict.reason!.description)")
        if let certificate = verdict.certificate {
            say("holder: \(certificate.name.familyName ?? certificate.name.standardisedFamilyName), \(certificate.name.givenName ?? certificate.name.standardisedGivenName ?? "") (born \(certificate.dateOfBirth))")
            say("type: \(certificate.statement.kind), id \(certificate.statement.identifier)")
        }
        if let claims = verdict.claims {
            say("issuer: \(claims.issuer ?? "?"), issued \(claims.issuedAt.map { ISODate.format(dateTime: Double($0)) } ?? "?"), expires \(claims.expiresAt.map { ISODate.format(dateTime: Double($0)) } ?? "?")")
        }
        for (rule, outcome) in verdict.rules {
            let mark = switch outcome {
            case .passed: "pass"
            case .failed: "FAIL"
            case .error(let reason): "ERROR (\(reason))"
            }
            say("  \(mark)  \(rule.identifier)  \(rule.description(in: language))")
        }
    }
}
