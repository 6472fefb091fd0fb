import CertLogic
import Credentials
import DCC
import Foundation
import Hummingbird
import Localization
import Persistence
import Trust
import WebUI

/// Verifiable credentials: the public trust list of the platform's DCC signers, and a public page
/// that checks a certificate against it offline (no call to any gateway; nothing is stored).
struct CredentialsController {
    let signers: CredentialSigners?
    let certificates: IssuedCertificates?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.trustList.path) { _, _ in
            var response = try OIDCController.json(try await parts().trustList())
            response.headers[.cacheControl] = "public, max-age=3600"
            return response
        }
        router.get(SiteRoute.businessRules.path) { _, _ in
            var response = try OIDCController.json(BusinessRule.norway)
            response.headers[.cacheControl] = "public, max-age=3600"
            return response
        }
        router.get(SiteRoute.valueSets.path) { _, _ in
            var response = try OIDCController.json(ValueSets.byIdentifier)
            response.headers[.cacheControl] = "public, max-age=86400"
            return response
        }
        router.get(SiteRoute.verify.path) { request, _ in
            Self.page(VerifyView.render(text: "", result: nil, error: nil, context: WebController<TverrRequestContext>.pageContext(request)), request: request)
        }
        router.post(SiteRoute.verify.path) { request, _ in
            let context = WebController<TverrRequestContext>.pageContext(request)
            let text = (try? await FormBody.read(request))?["hc1"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !text.isEmpty else {
                var response = Self.page(VerifyView.render(text: "", result: nil, error: context.t(.verifyEmpty), context: context), request: request)
                response.status = .badRequest
                return response
            }
            let revocations = try await certificates?.revocationList() ?? RevocationList(generated: "")
            let verifier = Verifier(trust: try await parts().trustStore(), revocations: revocations)
            let result = Self.result(verifier.verify(text, at: Date()), language: context.language)
            return Self.page(VerifyView.render(text: String(text.prefix(HC1.textLimit)), result: result, error: nil, context: context), request: request)
        }
    }

    func parts() throws -> CredentialSigners {
        guard let signers else { throw Problem(.serviceUnavailable, detail: "Credentials are not running in this process.") }
        return signers
    }

    /// The verdict in plain terms for the page.
    static func result(_ verdict: Verifier.Verdict, language: Language) -> VerifyResult {
        let certificate = verdict.certificate
        let kind: MessageKey? = certificate.map {
            switch $0.statement.kind {
            case .test: .verifyKindTest
            case .vaccination: .verifyKindVaccination
            case .recovery: .verifyKindRecovery
            }
        }
        let holder = certificate.map { c in [c.name.givenName ?? c.name.standardisedGivenName, c.name.familyName ?? c.name.standardisedFamilyName].compactMap { $0 }.joined(separator: " ") }
        return VerifyResult(
            valid: verdict.isValid, reason: verdict.reason.map(reasonKey), detail: verdict.reason?.description,
            holder: holder, born: certificate?.dateOfBirth, kind: kind, identifier: certificate?.statement.identifier,
            expires: verdict.claims?.expiresAt.map { ISODate.format(dateTime: Double($0)) },
            rules: verdict.rules.map { .init(identifier: $0.rule.identifier, description: $0.rule.description(in: language.tag), passed: $0.outcome == .passed) }
        )
    }

    static func reasonKey(_ reason: Verifier.Reason) -> MessageKey {
        switch reason {
        case .malformed: .verifyReasonMalformed
        case .unknownKeyID: .verifyReasonUnknownSigner
        case .badSignature: .verifyReasonBadSignature
        case .signerNotAllowed, .signerNotValid: .verifyReasonNotAllowed
        case .expired: .verifyReasonExpired
        case .notYetValid: .verifyReasonNotYetValid
        case .invalidPayload: .verifyReasonInvalidContent
        case .revoked: .verifyReasonRevoked
        case .rulesFailed: .verifyReasonRules
        }
    }

    static func page(_ html: String, request: Request) -> Response {
        var response = WebController<TverrRequestContext>.html(html, request: request)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
