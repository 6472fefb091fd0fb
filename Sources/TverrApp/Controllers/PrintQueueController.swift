import Foundation
import HTTPTypes
import Hummingbird
import Identity
import Letters
import Persistence

/// The print queue for operators (admin role at `idporten-loa-high`): list the letters, download
/// each as PDF (audited), and mark it printed.
struct PrintQueueController {
    let provider: IdentityProvider?
    let queue: PrintQueue?
    let fontPath: String

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.adminPrintQueue.path) { request, _ in
            let queue = try await printOperator(request).0
            let status = request.uri.queryParameters["status"].map(String.init) ?? "queued"
            guard ["queued", "printed"].contains(status) else { throw Problem(.badRequest, detail: "status must be queued or printed.") }
            return try OIDCController.json(try await queue.letters(status: status))
        }
        router.get(SiteRoute.adminPrintQueueLetter.path) { request, context in
            let (queue, actor) = try await printOperator(request)
            let font = try loadFont()
            guard let pdf = try await queue.pdf(context.parameters.get("id") ?? "", font: font, actor: actor) else {
                throw Problem(.notFound, detail: "There is no letter with that id in the print queue.")
            }
            return Response(status: .ok, headers: [.contentType: "application/pdf", .cacheControl: "no-store",
                                                   .contentDisposition: "attachment; filename=\"letter-\(context.parameters.get("id") ?? "").pdf\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
        }
        router.get(SiteRoute.adminPrintQueueAttachment.path) { request, context in
            let (queue, actor) = try await printOperator(request)
            guard let position = FileDownload.position(context.parameters.get("position")),
                  let (info, data) = try await queue.attachment(context.parameters.get("id") ?? "", position: position, actor: actor) else {
                throw Problem(.notFound, detail: "That letter has no file at that position.")
            }
            return FileDownload.response(info, data: data)
        }
        router.post(SiteRoute.adminPrintQueuePrinted.path) { request, context in
            let queue = try await printOperator(request).0
            guard try await queue.markPrinted(context.parameters.get("id") ?? "") else {
                throw Problem(.notFound, detail: "There is no queued letter with that id.")
            }
            return Response(status: .noContent)
        }
    }

    func printOperator(_ request: Request) async throws -> (PrintQueue, String) {
        guard let provider, let queue else { throw Problem(.serviceUnavailable, detail: "The print queue is not running in this process.") }
        let staff = try await StaffAccess.require(request, provider: provider, role: .admin)
        return (queue, "staff:\(staff.pid)")
    }

    func loadFont() throws -> TrueTypeFont { try Self.loadFont(fontPath) }

    static let fonts = VersionedCache<TrueTypeFont>()

    /// The letter font at `fontPath` (read and parsed once per file version), or 503 with what
    /// to install.
    static func loadFont(_ fontPath: String) throws -> TrueTypeFont {
        let attributes = try? FileManager.default.attributesOfItem(atPath: fontPath)
        let version = "\(attributes?[.size] ?? 0)-\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        if let font = fonts.value(for: fontPath, version: version) { return font }
        let font = try parseFont(fontPath)
        fonts.store(font, for: fontPath, version: version)
        return font
    }

    private static func parseFont(_ fontPath: String) throws -> TrueTypeFont {
        guard let data = FileManager.default.contents(atPath: fontPath) else {
            throw Problem(.serviceUnavailable, detail: "The letter font is missing at \(fontPath): install fonts-dejavu-core, or set --letter-font.")
        }
        do { return try TrueTypeFont(data: data) } catch {
            throw Problem(.serviceUnavailable, detail: "The letter font at \(fontPath) cannot be read: \(error.description)")
        }
    }
}
