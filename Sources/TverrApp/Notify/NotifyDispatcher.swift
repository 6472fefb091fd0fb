import AsyncHTTPClient
import Events
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Notify
import Persistence
import ServiceLifecycle

/// How notices are delivered (flags and environment of `tverr serve`).
public struct NotifySettings: Sendable {
    /// The SMS gateway: an HTTP endpoint that takes `{"to", "text", "reference"}` with a bearer key.
    public var smsGatewayURL: String?
    public var smsGatewayKey: String?
    /// The SMTP relay for e-mail.
    public var smtp: SMTPSettings?
    /// When failed attempts are retried; after the last, the next channel in the plan takes over.
    public var schedule = RetrySchedule(delays: [30_000, 120_000, 600_000, 1_800_000, 7_200_000], jitter: 0.2)
    /// How long a gateway has to answer.
    public var timeout: Duration = .seconds(10)
    public var pollInterval: Duration = .milliseconds(200)
    public var batchSize = 100
    /// The TrueType font letters are set in (it must cover Cyrillic).
    public var letterFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

    public init() {}
}

/// The in-process worker that drains `notify_deliveries`: SMS through the gateway, e-mail over
/// SMTP, letters into the print queue. Several processes share the work (`FOR UPDATE SKIP LOCKED`).
public struct NotifyDispatcher: Service {
    let messages: NotifyMessages
    let settings: NotifySettings
    let client: HTTPClient
    let logger: Logger

    public init(messages: NotifyMessages, settings: NotifySettings, logger: Logger) {
        self.messages = messages
        self.settings = settings
        self.logger = logger
        self.client = OutboxWorker.httpClient(timeout: settings.timeout)
    }

    public func run() async throws {
        try await OutboxWorker.run(batchSize: settings.batchSize, poll: settings.pollInterval, client: client) { await runOnce() }
    }

    /// Stops the HTTP client (for tests that drive `runOnce` themselves).
    public func shutdown() async { try? await client.shutdown() }

    /// Claims and delivers one batch; returns how many deliveries were attempted.
    @discardableResult
    public func runOnce() async -> Int {
        let lease = Int64(settings.timeout.components.seconds) * 1000 + 60_000
        let claims: [ClaimedNotice]
        do { claims = try await messages.claim(limit: settings.batchSize, lease: lease) } catch {
            logger.error("Could not claim notices", metadata: ["error": "\(error)"])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            for claim in claims {
                group.addTask {
                    let outcome = await deliver(claim)
                    do { try await messages.settle(claim, outcome, schedule: settings.schedule) } catch {
                        logger.error("Could not record a notice", metadata: ["delivery": "\(claim.id)", "error": "\(error)"])
                    }
                    if case .delivered = outcome { return }
                    logger.notice("Notice not delivered", metadata: ["delivery": "\(claim.id)", "channel": "\(claim.channel.rawValue)",
                                                                    "attempt": "\(claim.attempt)", "outcome": "\(outcome)"])
                }
            }
        }
        return claims.count
    }

    func deliver(_ notice: ClaimedNotice) async -> NoticeOutcome {
        switch notice.channel {
        case .sms: return await sms(notice)
        case .email:
            guard let smtp = settings.smtp else { return .permanent("No SMTP server is configured.") }
            do {
                try await SMTPClient(settings: smtp).send(to: notice.address, subject: notice.subject ?? "", body: notice.body,
                                                          messageID: "\(notice.messageID).\(notice.id)")
                return .delivered
            } catch let failure as SMTPFailure {
                if case .permanent(let reason) = failure { return .permanent(reason) }
                return .temporary(failure.description)
            } catch {
                return .temporary("\(error)")
            }
        case .letter:
            do { return try await messages.queueLetter(notice) } catch { return .temporary("The print queue could not be written: \(error)") }
        case .mailbox:
            return .delivered // written with the message itself
        }
    }

    /// The SMS gateway: 2xx delivered; 400, 404 and 422 refuse the number (no retry); anything
    /// else, or no answer, is retried.
    func sms(_ notice: ClaimedNotice) async -> NoticeOutcome {
        guard let url = settings.smsGatewayURL else { return .permanent("No SMS gateway is configured.") }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let key = settings.smsGatewayKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        let body = (try? JSONEncoder().encode(["to": notice.address, "text": notice.body, "reference": String(notice.id)])) ?? Data()
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(settings.timeout.components.seconds)))
            let text = String(buffer: (try? await response.body.collect(upTo: 16 * 1024)) ?? ByteBuffer())
            switch response.status.code {
            case 200..<300: return .delivered
            case 400, 404, 422: return .permanent("The SMS gateway refused the number: HTTP \(response.status.code) \(text.prefix(200))")
            default: return .temporary("The SMS gateway answered HTTP \(response.status.code).")
            }
        } catch {
            return .temporary("The SMS gateway could not be reached: \(String(describing: error).prefix(200))")
        }
    }
}
