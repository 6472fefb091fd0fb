import Foundation
import Identifiers
import Letters
import Localization
import Logging
import Persistence
import QR
import ServiceLifecycle
import Trust
import WebUI

/// Sends the signed decision letter of each protection decision: seals the decision with the
/// credentials block's current document signer, renders it as a one-page PDF in the applicant's
/// language (the outcome, why, what the rules checked, the appeal deadline, and a QR code that
/// opens the public check), and sends it through the notify block: the mailbox with an SMS
/// pointer, or paper when the person is reserved.
///
/// The intake and the caseworker's decision send their letters at once; `DecisionLetterService`
/// sends whatever is still owed (after a failure or a restart), since what is owed stays in the
/// applications table until it is sent.
struct DecisionLetterSender: Sendable {
    let store: Store
    let rules: RuleBook
    let dataDirectory: String
    let fontPath: String
    /// The public address the QR code points to.
    let baseURL: String

    /// The public check's address for a code.
    static func checkURL(_ code: String, base: String) -> String {
        "\(base)\(SiteRoute.verifyDecision.rawValue)?code=\(code)"
    }

    /// Sends the letters for `references`, or for every decision owed one (at most `limit`).
    /// Returns how many were sent.
    @discardableResult
    func send(_ references: [String]? = nil, limit: Int = 50) async throws -> Int {
        let letters = ProtectionLetters(store: store)
        let owed: [String]
        if let references { owed = references } else { owed = try await letters.owed(limit: limit) }
        guard !owed.isEmpty else { return 0 }
        let issuer = try await CredentialSigners(store: store).currentIssuer(dataDirectory: dataDirectory)
        let font = try PrintQueueController.loadFont(fontPath)
        var sent = 0
        var failures: [(reference: String, error: any Error)] = []
        for reference in owed {
            do {
                guard let sealed = try await letters.sealed(reference, seal: { try issuer.seal($0, at: Date()) }), sealed.messageID == nil,
                      let found = try await ProtectionCases(store: store).open(reference, by: ProtectionLetters.actor) else { continue }
                let language = Language(rawValue: found.language) ?? .nb
                let deadline = found.appealDeadline.flatMap(Self.format(language)) ?? ""
                try await letters.send(sealed, pdf: try pdf(sealed, found, language: language, deadline: deadline, font: font),
                                       language: language.rawValue, appealDeadline: deadline)
                sent += 1
            } catch {
                failures.append((reference, error)) // one letter that fails does not hold back the others
            }
        }
        if !failures.isEmpty { throw Failures(sent: sent, failures: failures) }
        return sent
    }

    /// Letters that could not be sent in a run (the others were); they stay owed.
    struct Failures: Error, CustomStringConvertible {
        let sent: Int
        let failures: [(reference: String, error: any Error)]
        var description: String {
            "\(failures.count) decision letter(s) not sent (\(sent) sent): "
                + failures.prefix(3).map { "\($0.reference): \(String(describing: $0.error).prefix(200))" }.joined(separator: "; ")
        }
    }

    /// The letter as PDF. Deterministic for the same sealed decision, so that a retry sends the
    /// same bytes and the notify block recognises the message it already made.
    func pdf(_ sealed: ProtectionLetters.Sealed, _ found: ProtectionCases.Case, language: Language, deadline: String,
             font: TrueTypeFont) throws -> Data {
        let context = PageContext(language: language, path: SiteRoute.myProtection.rawValue)
        let explained = MyProtectionController.explain(found, rules: rules, today: "", context: context)
        let decision = sealed.decision
        var lines: [(label: String, value: String)] = [
            (context.t(.letterName), decision.name),
            (context.t(.letterBorn), Self.format(language)(decision.birthDate) ?? decision.birthDate),
            (context.t(.letterApplication), decision.reference),
            (context.t(.letterOutcome), context.t(decision.outcome == "grant" ? .letterGranted : .letterRefused)),
            (context.t(.letterDecidedOn), Self.format(language)(decision.decidedOn) ?? decision.decidedOn),
            (context.t(.letterDecidedBy), context.t(decision.method == "automated" ? .letterAutomated : .letterManual)
                + (decision.method == "automated" ? " (\(found.trace.ruleSet) \(found.trace.version ?? ""))" : "")),
            (context.t(.letterLegalBasis), decision.legalBasis),
        ]
        // Why: the reasons given, and each rule that held (the full check, with what did not hold,
        // is on "my page" and in the published rules).
        lines += (explained.why + explained.checked.filter(\.1).map(\.0)).map { (context.t(.myProtectionWhy), $0) }
        if !deadline.isEmpty {
            lines.append((context.t(.letterAppealBy), (deadline.hasSuffix(".") ? deadline : deadline + ".") + " " + context.t(.letterAppealHow)))
        }
        let url = Self.checkURL(sealed.code, base: baseURL)
        let code = try QRCode(encoding: url)
        let modules = (0..<code.size).map { y in (0..<code.size).map { x in code[x, y] } }
        let footer = "\(context.t(.letterCheck)) \(baseURL)\(SiteRoute.verifyDecision.rawValue), \(context.t(.letterCheckTrust)) "
            + "\(context.t(.letterAuthority)), \(ProtectionCases.authority)."
        return CertificatePDF.render(title: context.t(.letterTitle), modules: modules, lines: lines, footer: footer,
                                     language: language.tag, font: font)
    }

    /// `YYYY-MM-DD` as a long date in `language` ("5. april 2022"); nil when it is not a date.
    static func format(_ language: Language) -> (String) -> String? {
        { text in CalendarDate(iso8601: text).map { language.format(BookingController.noon($0), date: .long, time: .none) } }
    }
}

/// Sends the decision letters still owed every few seconds, until graceful shutdown. A failed run
/// is logged and tried again at the next poll.
struct DecisionLetterService: Service {
    let sender: DecisionLetterSender
    let poll: Duration
    let logger: Logger

    func run() async throws {
        try await OutboxWorker.run(batchSize: 50, poll: poll) {
            do {
                return try await sender.send(limit: 50)
            } catch let failures as DecisionLetterSender.Failures {
                logger.warning("Some decision letters could not be sent; trying again", metadata: ["error": "\(failures)"])
                return failures.sent
            } catch {
                logger.warning("Decision letters could not be sent; trying again", metadata: ["error": "\(String(describing: error).prefix(300))"])
                return 0
            }
        }
    }
}
