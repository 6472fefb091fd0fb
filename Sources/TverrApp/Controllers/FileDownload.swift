import Foundation
import HTTPTypes
import Hummingbird
import Persistence

/// A stored file as a download: never shown inline (and never sniffed: see ResponseHeadersMiddleware), and sandboxed
/// if a browser opens it anyway. The name goes in both forms of RFC 6266 (ASCII and UTF-8).
enum FileDownload {
    static func response(_ info: AttachmentInfo, data: Data) -> Response {
        Response(status: .ok, headers: [
            .contentType: info.contentType, .cacheControl: "no-store", .contentDisposition: disposition(info.filename),
            .contentSecurityPolicy: "sandbox; default-src 'none'",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `attachment; filename="Vedtak_om_bost_tte.pdf"; filename*=UTF-8''Vedtak%20om%20bost%C3%B8tte.pdf`.
    static func disposition(_ filename: String) -> String {
        let ascii = String(filename.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" && scalar != ";" ? Character(scalar) : "_"
        })
        return "attachment; filename=\"\(ascii)\"; filename*=\(extendedValue(filename))"
    }

    /// An RFC 8187 (RFC 2231) extended parameter value: `UTF-8''` and the name percent-encoded.
    static func extendedValue(_ text: String) -> String {
        "UTF-8''" + (text.addingPercentEncoding(withAllowedCharacters: attributeCharacters) ?? "file")
    }

    /// RFC 8187's attr-char: ASCII letters and digits and `!#$&+-.^_`|~`.
    static let attributeCharacters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")

    /// A position in the path: 0 to 99.
    static func position(_ text: String?) -> Int? {
        guard let text, (1...2).contains(text.count), text.allSatisfy(\.isASCII), let number = Int(text), number >= 0 else { return nil }
        return number
    }
}
