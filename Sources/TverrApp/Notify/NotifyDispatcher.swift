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
    /// Deliveries claimed at a time by each worker loop.
    public var batchSize = 500
    /// Worker loops in this process (each claims its own batch, so one batch's settling overlaps
    /// the next one's sending).
    public var workers = 3
    /// SMTP sessions a batch's e-mail is shared over (so up to `workers` × this many connections to
    /// the relay at once: 24 by default, under Postfix's 50 per client).
    public var smtpSessions = 8
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
    /// Shared by this dispatcher's worker loops, so that their groups are settled together.
    let settler: SettleQueue

    public init(messages: NotifyMessages, settings: NotifySettings, logger: Logger) {
        self.messages = messages
        self.settings = settings
        self.logger = logger
        self.client = OutboxWorker.httpClient(timeout: settings.timeout)
        self.settler = SettleQueue(messages: messages, schedule: settings.schedule)
    }

    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, settings.workers) {
                group.addTask { try await OutboxWorker.run(batchSize: settings.batchSize, poll: settings.pollInterval) { await runOnce() } }
            }
            try await group.waitForAll()
        }
        try? await client.shutdown()
    }

    /// Stops the HTTP client (for tests that drive `runOnce` themselves).
    public func shutdown() async { try? await client.shutdown() }

    /// Claims and delivers one batch; returns how many deliveries were attempted. The batch is
    /// sent in groups: e-mail over up to `smtpSessions` sessions at once, `mailGroup` messages to
    /// a connection; SMS in groups of `smsGroup` concurrent requests; and the letters in one transaction. Each group is settled
    /// in one transaction as soon as it is done, so a crash repeats at most the groups in flight.
    @discardableResult
    public func runOnce() async -> Int {
        let lease = Int64(settings.timeout.components.seconds) * 1000 + 60_000
        let clock = ContinuousClock(), begun = clock.now
        let claims: [ClaimedNotice]
        do { claims = try await messages.claim(limit: settings.batchSize, lease: lease) } catch {
            logger.error("Could not claim notices", metadata: ["error": "\(error)"])
            return 0
        }
        guard !claims.isEmpty else { return 0 }
        let started = clock.now
        await withTaskGroup(of: Void.self) { group in
            func send(_ notices: [ClaimedNotice], _ deliver: @escaping @Sendable ([ClaimedNotice]) async -> [NoticeOutcome]) {
                guard !notices.isEmpty else { return }
                group.addTask { await settle(Array(zip(notices, await deliver(notices)))) }
            }
            // Each session's e-mail goes `mailGroup` to a connection, settled after each, so a
            // slow relay never holds many accepted messages unrecorded.
            let emails = claims.filter { $0.channel == .email }
            let sessions = min(settings.smtpSessions, emails.count)
            for session in 0..<sessions {
                let share = stride(from: session, to: emails.count, by: sessions).map { emails[$0] }
                group.addTask {
                    for first in stride(from: 0, to: share.count, by: Self.mailGroup) {
                        let part = Array(share[first..<min(first + Self.mailGroup, share.count)])
                        await settle(Array(zip(part, await email(part))))
                    }
                }
            }
            let texts = claims.filter { $0.channel == .sms }
            for first in stride(from: 0, to: texts.count, by: Self.smsGroup) {
                send(Array(texts[first..<min(first + Self.smsGroup, texts.count)]), smsGroup)
            }
            send(claims.filter { $0.channel == .letter }, queueLetters)
            send(claims.filter { $0.channel == .mailbox }) { $0.map { _ in .delivered } } // written with the message itself
        }
        logger.debug("Notice batch", metadata: ["claimed": "\(claims.count)", "claim": "\(started - begun)", "sent": "\(clock.now - started)"])
        return claims.count
    }

    /// SMS requests sent at once and settled together; e-mails sent over one connection and settled together.
    static let smsGroup = 50, mailGroup = 25

    /// Records a group's outcomes (in one transaction, with whatever other groups finished at the
    /// same time), and logs those not delivered.
    func settle(_ outcomes: [(ClaimedNotice, NoticeOutcome)]) async {
        do { try await settler.settle(outcomes) } catch {
            logger.error("Could not record \(outcomes.count) notices", metadata: ["error": "\(error)"])
        }
        for (claim, outcome) in outcomes where outcome != .delivered {
            logger.notice("Notice not delivered", metadata: ["delivery": "\(claim.id)", "channel": "\(claim.channel.rawValue)",
                                                            "attempt": "\(claim.attempt)", "outcome": "\(outcome)"])
        }
    }

    /// SMS to the gateway, all at once.
    func smsGroup(_ notices: [ClaimedNotice]) async -> [NoticeOutcome] {
        await withTaskGroup(of: (Int, NoticeOutcome).self) { group in
            for (index, notice) in notices.enumerated() { group.addTask { (index, await sms(notice)) } }
            var outcomes = [NoticeOutcome](repeating: .temporary("not sent"), count: notices.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
    }

    /// E-mails over one SMTP session; a 5xx refuses the address (the next channel takes over),
    /// anything else is retried.
    func email(_ notices: [ClaimedNotice]) async -> [NoticeOutcome] {
        guard let smtp = settings.smtp else { return notices.map { _ in .permanent("No SMTP server is configured.") } }
        let mails = notices.map { OutgoingMail(to: $0.address, subject: $0.subject ?? "", body: $0.body, messageID: "\($0.messageID).\($0.id)",
                                              attachments: $0.attachments) }
        return await SMTPClient(settings: smtp).send(mails).map { failure in
            switch failure {
            case nil: .delivered
            case .permanent(let reason): .permanent(reason)
            case .temporary(let reason): .temporary(reason)
            }
        }
    }

    func queueLetters(_ notices: [ClaimedNotice]) async -> [NoticeOutcome] {
        do { return try await messages.queueLetters(notices) } catch {
            return notices.map { _ in .temporary("The print queue could not be written: \(error)") }
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
