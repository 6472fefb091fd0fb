import Credentials
import DCC
import Foundation
import Hummingbird
import Identifiers
import Letters
import Localization
import Logging
import Persistence
import QR
import Trust
import WebUI

/// "My COVID certificates": a logged-in person gets an EU DCC from their health records, as a QR
/// code, a PDF to print, a PNG and the same content in words. Issuing goes through the portal
/// session and its CSRF token, and is audited. Admins revoke certificates through the API; the
/// public revocation list carries only hashes.
struct CertificatesController {
    let portal: PortalController
    let provider: IdentityProvider?
    let store: Store?
    let fontPath: String

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.myCertificates.path) { request, context in try await list(request, form: nil, logger: context.logger) }
        router.post(SiteRoute.myCertificates.path) { request, context in
            try await list(request, form: try? await FormBody.read(request), logger: context.logger)
        }
        router.get(SiteRoute.myCertificate.path) { request, context in
            try await owned(request, context) { issued, parts, session in
                PortalController.page(CertificatePages.detail(try Self.detail(issued, language: parts.context.language), csrfToken: session.csrfToken,
                                                              context: parts.context), request: request)
            }
        }
        router.get(SiteRoute.myCertificatePDF.path) { request, context in
            try await owned(request, context) { issued, parts, _ in
                let font = try PrintQueueController.loadFont(fontPath)
                let detail = try Self.detail(issued, language: parts.context.language)
                let code = try QRCode(encoding: issued.hc1)
                let modules = (0..<code.size).map { y in (0..<code.size).map { x in code[x, y] } }
                let pdf = CertificatePDF.render(title: detail.title, modules: modules, lines: detail.lines.map { ($0.label, $0.value) },
                                                footer: parts.context.t(.certificatesPDFFooter), language: parts.context.language.tag, font: font)
                return Self.download(Array(pdf), type: "application/pdf", filename: "koronasertifikat-\(issued.kind.rawValue).pdf")
            }
        }
        router.get(SiteRoute.myCertificatePNG.path) { request, context in
            try await owned(request, context) { issued, _, _ in
                Self.download(try QRCode(encoding: issued.hc1).png(pixelsPerModule: 8), type: "image/png",
                              filename: "koronasertifikat-\(issued.kind.rawValue).png")
            }
        }
        router.get(SiteRoute.revocationList.path) { _, _ in
            guard let store else { throw Problem(.serviceUnavailable, detail: "Credentials are not running in this process.") }
            var response = try OIDCController.json(try await IssuedCertificates(store: store).revocationList())
            response.headers[.cacheControl] = "public, max-age=300"
            return response
        }
        router.post(SiteRoute.adminCertificateRevocations.path) { request, context in
            guard let provider, let store else { throw Problem(.serviceUnavailable, detail: "Credentials are not running in this process.") }
            let admin = try await StaffAccess.require(request, provider: provider, role: .admin)
            let body = try await RegistersController.body(request, as: Revocation.self)
            guard (try? UVCI(checking: body.uvci)) != nil else {
                throw Problem(.badRequest, detail: "uvci must be a certificate identifier such as URN:UVCI:01:NO:TV/ABC123#K, with its check character.")
            }
            let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (3...500).contains(reason.count) else { throw Problem(.badRequest, detail: "reason must say why, in 3 to 500 characters.") }
            guard let revoked = try await IssuedCertificates(store: store).revoke(uvci: body.uvci, reason: reason, actor: "staff:\(admin.pid)") else {
                throw Problem(.notFound, detail: "No certificate issued here has the UVCI \(body.uvci.prefix(80)).")
            }
            context.logger.info("Certificate revoked", metadata: ["admin": "\(admin.pid)"])
            var response = try OIDCController.json(RevocationJSON(uvci: revoked.uvci, kind: revoked.kind.rawValue,
                                                                  revokedAt: ISO8601DateFormatter().string(from: revoked.revokedAt ?? Date()),
                                                                  reason: revoked.revocationReason ?? reason))
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }

    struct Revocation: Decodable { let uvci: String; let reason: String }
    struct RevocationJSON: Encodable { let uvci: String; let kind: String; let revokedAt: String; let reason: String }

    /// The list page; a POST issues from the record named in the form, then shows the certificate.
    func list(_ request: Request, form: FormBody?, logger: Logger) async throws -> Response {
        try await portal.selfService(request, form: form) { session, parts, number, posted, csrfFailed in
            let certificates = IssuedCertificates(store: parts.store)
            var error: String? = csrfFailed ? parts.context.t(.formExpired) : nil
            var status: HTTPResponse.Status = csrfFailed ? .forbidden : .ok
            if let posted, let record = posted["record"] {
                guard let provider else { throw Problem(.serviceUnavailable, detail: "The portal is not running in this process.") }
                do {
                    guard let person = try await portal.repository.person(number) else { throw IssuedCertificates.Failure.noSuchOffer }
                    let issuer = try await CredentialSigners(store: parts.store).currentIssuer(dataDirectory: provider.dataDirectory)
                    let issued = try await certificates.issue(recordID: String(record.prefix(100)), for: number.value, familyName: person.familyName,
                                                              givenName: person.givenName, dateOfBirth: person.birthDate.description, issuer: issuer)
                    return OIDCController.redirect("/my/certificates/\(issued.id)", [:])
                } catch IssuedCertificates.Failure.noSuchOffer {
                    error = parts.context.t(.certificatesGone)
                    status = .conflict
                } catch IssuedCertificates.Failure.refused(let reason) {
                    // For example a name longer than a certificate may hold: the person is told, the operator logged.
                    logger.warning("Certificate refused by the signer", metadata: ["reason": "\(reason)"])
                    error = parts.context.t(.certificatesRefused)
                    status = .unprocessableContent
                }
            }
            let now = Date()
            let offers = try await HealthRecords(store: parts.store).offers(for: number.value, now: now).map { offer in
                CertificateOfferRow(recordID: offer.recordID, kind: Self.kindKey(offer.kind),
                                    date: Self.when(Date(timeIntervalSince1970: offer.time), parts.context.language, time: offer.kind == .test))
            }
            let issued = try await certificates.list(for: number.value).map { row in
                IssuedCertificateRow(id: row.id, kind: Self.kindKey(row.kind), issued: Self.when(row.issuedAt, parts.context.language),
                                     expires: Self.when(row.expiresAt, parts.context.language),
                                     status: row.revokedAt != nil ? .certificatesStatusRevoked : row.expiresAt > now ? .certificatesStatusValid : .certificatesStatusExpired)
            }
            var response = PortalController.page(CertificatePages.list(offers: offers, issued: issued, csrfToken: session.csrfToken, error: error,
                                                                       context: parts.context), request: request)
            response.status = status
            return response
        }
    }

    /// Runs `body` with the signed-in person's certificate named in the path; 404 for anyone else's.
    func owned(_ request: Request, _ context: TverrRequestContext,
               _ body: (IssuedCertificate, PortalController.Parts, PortalSession) async throws -> Response) async throws -> Response {
        let (session, parts) = try await portal.requireSession(request)
        guard let session else { return PortalController.toLogin(request) }
        guard let issued = try await IssuedCertificates(store: parts.store).certificate(context.parameters.get("id") ?? "", for: session.pid) else {
            throw HTTPError(.notFound)
        }
        return try await body(issued, parts, session)
    }

    /// The certificate decoded from its own HC1 text, described in the page's language.
    static func detail(_ issued: IssuedCertificate, language: Language) throws -> CertificateDetail {
        let decoded = try HC1.decode(issued.hc1)
        let certificate = try HealthCertificate(cborBytes: decoded.claims.certificateBytes)
        let words = certificate.description(expires: decoded.claims.expiresAt.map(Double.init), language: language.tag)
        let label = Catalogue.text(.certificatesQRLabel, in: language)
        let svg = try QRCode(encoding: issued.hc1).svg(pixelsPerModule: 4, label: label)
        let notice: MessageKey? = issued.revokedAt != nil ? .certificatesRevokedNotice : issued.expiresAt <= Date() ? .certificatesExpiredNotice : nil
        return CertificateDetail(id: issued.id, title: words.title, qrSVG: svg, lines: words.lines.map { .init(label: $0.label, value: $0.value) },
                                 hc1: issued.hc1, notice: notice)
    }

    static func kindKey(_ kind: HealthCertificate.Kind) -> MessageKey {
        switch kind {
        case .test: .verifyKindTest
        case .vaccination: .verifyKindVaccination
        case .recovery: .verifyKindRecovery
        }
    }

    static func when(_ date: Date, _ language: Language, time: Bool = true) -> String {
        language.format(date, time: time ? .short : .none)
    }

    static func download(_ bytes: [UInt8], type: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store", .contentDisposition: FileDownload.disposition(filename)],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
