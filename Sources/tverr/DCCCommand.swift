import ArgumentParser
import CertLogic
import Credentials
import Crypto
import DCC
import Foundation
import Letters
import Persistence
import QR
import Trust

/// `tverr dcc …`: keys, issuing and trust lists for EU Digital COVID Certificates, from files.
struct DCCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcc",
        abstract: "EU Digital COVID Certificates: make signing keys, issue certificates, write trust lists.",
        subcommands: [DCCKeys.self, DCCIssue.self, DCCRotate.self]
    )
}

struct DCCKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make a CSCA and a document signer (P-256), and a trust list holding both.",
        discussion: "Writes csca.pem, csca.key.pem, dsc.pem, dsc.key.pem (keys readable by the owner only) and trust-list.json to the folder."
    )

    @Option(help: "Folder to write to.") var out: String
    @Option(help: "Country code (ISO 3166-1 alpha-2).") var country = "NO"
    @Option(help: "Organisation in the certificates' subject.") var organisation = "Tverr"
    @Option(help: "Types the DSC may sign: any of t, v, r.") var kinds = "tvr"
    @Option(help: "Years the DSC is valid.") var years = 2

    func run() async throws {
        try await reportingFailures {
            let kinds = Set(kinds.compactMap { HealthCertificate.Kind(rawValue: String($0)) })
            guard !kinds.isEmpty, country.count == 2 else { throw ValidationError("--kinds needs t, v or r, and --country two letters") }
            let now = Date()
            let cscaKey = P256.Signing.PrivateKey(), dscKey = P256.Signing.PrivateKey()
            let csca = try CertificateAuthority.makeCSCA(country: country.uppercased(), organisation: organisation, key: cscaKey, notBefore: now - 86_400, notAfter: now + Double(years + 3) * 365 * 86_400)
            let dsc = try CertificateAuthority.makeDSC(commonName: "\(organisation) DSC", key: dscKey.publicKey, kinds: kinds, authority: csca, authorityKey: cscaKey, notBefore: now - 86_400, notAfter: now + Double(years) * 365 * 86_400)
            let folder = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try write(csca.pem, to: folder.appendingPathComponent("csca.pem"))
            try write(cscaKey.pemRepresentation, to: folder.appendingPathComponent("csca.key.pem"), secret: true)
            try write(dsc.pem, to: folder.appendingPathComponent("dsc.pem"))
            try write(dscKey.pemRepresentation, to: folder.appendingPathComponent("dsc.key.pem"), secret: true)
            let list = TrustList(issuer: organisation, generated: ISODate.format(dateTime: now.timeIntervalSince1970), authorities: [.init(csca)], signers: [.init(dsc)])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try write(String(decoding: try encoder.encode(list), as: UTF8.self), to: folder.appendingPathComponent("trust-list.json"))
            say("DSC key identifier \(Data(dsc.keyID).base64EncodedString()), types \(kinds.map(\.rawValue).sorted().joined()), valid to \(ISODate.format(date: dsc.certificate.notValidAfter.timeIntervalSince1970))")
        }
    }

    private func write(_ text: String, to url: URL, secret: Bool = false) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8), attributes: secret ? [.posixPermissions: 0o600] : nil) else {
            throw ValidationError("Could not write \(url.path)")
        }
    }
}

struct DCCIssue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Sign a DCC payload (JSON, schema 1.3.0) and print its HC1 string.",
        discussion: "With --png or --svg the QR code (level Q) is written too; with --pdf a page to print, with the content in words."
    )

    @Argument(help: "The payload JSON file.") var payload: String
    @Option(help: "The document signer certificate (PEM).") var certificate: String
    @Option(help: "The document signer's private key (PEM).") var key: String
    @Option(help: "Issue as of this time (ISO 8601); default now.") var at: String?
    @Option(help: "Write the QR code as PNG here.") var png: String?
    @Option(help: "Write the QR code as SVG here.") var svg: String?
    @Option(help: "Write a PDF to print here: the QR code and what it says.") var pdf: String?
    @Option(help: "The PDF's language: nb, nn, en or uk.") var language = "nb"
    @Option(help: "The TrueType font for the PDF.") var font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

    func run() async throws {
        try await reportingFailures {
            let signer = try SignerCertificate(pem: String(contentsOfFile: certificate, encoding: .utf8))
            let privateKey = try P256.Signing.PrivateKey(pemRepresentation: String(contentsOfFile: key, encoding: .utf8))
            let issuer = try Issuer(signer: signer, key: privateKey)
            guard let json = FileManager.default.contents(atPath: payload) else { throw ValidationError("Cannot read \(payload)") }
            let text = try issuer.issue(json: json, at: try instant(at))
            let code = try QRCode(encoding: text)
            if let png { try Data(code.png(pixelsPerModule: 6)).write(to: URL(fileURLWithPath: png)) }
            if let svg { try Data(code.svg(label: "EU Digital COVID Certificate").utf8).write(to: URL(fileURLWithPath: svg)) }
            if let pdf {
                guard ["nb", "nn", "en", "uk"].contains(language) else { throw ValidationError("--language is nb, nn, en or uk") }
                guard let data = FileManager.default.contents(atPath: font) else { throw ValidationError("Cannot read the font \(font) (install fonts-dejavu-core)") }
                let decoded = try HC1.decode(text)
                let words = try HealthCertificate(cborBytes: decoded.claims.certificateBytes).description(expires: decoded.claims.expiresAt.map(Double.init), language: language)
                let modules = (0..<code.size).map { y in (0..<code.size).map { x in code[x, y] } }
                try CertificatePDF.render(title: words.title, modules: modules, lines: words.lines.map { ($0.label, $0.value) }, footer: "",
                                          language: language, font: try TrueTypeFont(data: data)).write(to: URL(fileURLWithPath: pdf))
            }
            say(text)
        }
    }
}

struct DCCRotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace the platform's document signer with a new one under the same CSCA.",
        discussion: """
            The new signer is published as active on the trust list at once; the old one is marked retired and stays listed until \
            it expires, so the certificates it signed still verify. Running servers pick up the new key on their next issue.
            """
    )

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await reportingFailures {
            let signer = try await Store.using(try storage.storage(), logger: storage.logger()) { store in
                try await store.migrate()
                return try await CredentialSigners(store: store).rotate(dataDirectory: storage.dataDirectory)
            }
            say("New document signer \(Data(signer.keyID).base64EncodedString()), valid to \(ISODate.format(date: signer.certificate.notValidAfter.timeIntervalSince1970)); the old one is retired.")
        }
    }
}

/// The time named by `text` (ISO 8601), or now.
func instant(_ text: String?) throws -> Date {
    guard let text else { return Date() }
    guard let seconds = ISODate.dateTime(text) else { throw ValidationError("\(text) is not an ISO 8601 date-time such as 2021-09-01T10:00:00Z") }
    return Date(timeIntervalSince1970: seconds)
}
