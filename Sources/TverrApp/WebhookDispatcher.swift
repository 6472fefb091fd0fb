import AsyncHTTPClient
import Events
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Persistence
import ServiceLifecycle

/// How webhook deliveries are made (flags and environment of `tverr serve`).
public struct WebhookSettings: Sendable {
    /// When failed deliveries are retried; after the last, the delivery is dead-lettered.
    public var schedule: RetrySchedule = .altinn
    /// How long a receiver has to answer.
    public var timeout: Duration = .seconds(10)
    /// How often the workers look for due deliveries when there are none.
    public var pollInterval: Duration = .milliseconds(500)
    /// Deliveries claimed at a time.
    public var batchSize = 50

    public init() {}
}

/// The in-process worker that drains webhook deliveries: it claims due rows (on PostgreSQL with
/// `FOR UPDATE SKIP LOCKED`, so several `tverr serve` processes share the work), audits each
/// attempt, POSTs the CloudEvent signed with the subscription's secret, and settles the row:
/// delivered, retried later, or dead-lettered.
public struct WebhookDispatcher: Service {
    let hub: EventHub
    let settings: WebhookSettings
    let client: HTTPClient
    let logger: Logger

    public init(hub: EventHub, settings: WebhookSettings, logger: Logger) {
        self.hub = hub
        self.settings = settings
        self.logger = logger
        self.client = OutboxWorker.httpClient(timeout: settings.timeout)
    }

    public func run() async throws {
        try await OutboxWorker.run(batchSize: settings.batchSize, poll: settings.pollInterval, client: client) { await runOnce() }
    }

    /// Stops the HTTP client (for tests that drive `runOnce` themselves).
    public func shutdown() async { try? await client.shutdown() }

    /// Claims and sends one batch; returns how many deliveries were attempted.
    @discardableResult
    public func runOnce() async -> Int {
        let lease = Int64(settings.timeout.components.seconds) * 1000 + 30_000
        let claims: [ClaimedDelivery]
        do {
            claims = try await hub.claim(limit: settings.batchSize, lease: lease)
            guard !claims.isEmpty else { return 0 }
            // Nothing leaves before its audit entry is committed; if that fails the claims lapse
            // with their lease and are tried again.
            try await hub.auditAttempts(claims)
        } catch {
            logger.error("Could not claim webhook deliveries", metadata: ["error": "\(error)"])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            for claim in claims {
                group.addTask {
                    let failure = await send(claim)
                    do {
                        let status = try await hub.settle(claim, error: failure, schedule: settings.schedule)
                        if let failure {
                            logger.notice("Webhook delivery failed", metadata: ["delivery": "\(claim.id)", "attempt": "\(claim.attempt)",
                                                                                "status": "\(status)", "error": "\(failure)"])
                        }
                    } catch {
                        logger.error("Could not record a webhook delivery", metadata: ["delivery": "\(claim.id)", "error": "\(error)"])
                    }
                }
            }
        }
        return claims.count
    }

    /// POSTs the event; nil on a 2xx answer, else why it failed.
    func send(_ claim: ClaimedDelivery) async -> String? {
        let body = Array(claim.event.json().utf8)
        var request = HTTPClientRequest(url: claim.callbackURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: CloudEvent.mediaType)
        request.headers.add(name: "User-Agent", value: "Tverr-Events/1")
        request.headers.add(name: WebhookSignature.headerName,
                            value: WebhookSignature.header(secret: claim.secret, timestamp: Int64(Date().timeIntervalSince1970), body: body))
        request.headers.add(name: "Tverr-Event-Id", value: claim.event.id)
        request.headers.add(name: "Tverr-Delivery-Id", value: String(claim.id))
        request.headers.add(name: "Tverr-Delivery-Attempt", value: String(claim.attempt))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(settings.timeout.components.seconds) * 1000
                                                                                     + settings.timeout.components.attoseconds / 1_000_000_000_000_000))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return (200..<300).contains(Int(response.status.code)) ? nil : "The receiver answered HTTP \(response.status.code)."
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return "The receiver did not answer within \(settings.timeout)."
        } catch {
            return "The receiver could not be reached: \(String(describing: error).prefix(200))"
        }
    }
}
