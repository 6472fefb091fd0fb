import AsyncHTTPClient
import ServiceLifecycle

/// What the outbox workers (webhooks, notices) share: an HTTP client that never follows
/// redirects, and a loop that drains batches until graceful shutdown.
enum OutboxWorker {
    /// An HTTP client for outgoing deliveries, with `timeout` to read an answer.
    static func httpClient(timeout: Duration) -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                     timeout: .init(connect: .seconds(5), read: .seconds(Int64(timeout.components.seconds) + 1)))
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Runs `batch` until shutdown: again at once after a full batch, else after `poll`; then
    /// shuts the client down.
    static func run(batchSize: Int, poll: Duration, client: HTTPClient, _ batch: @escaping @Sendable () async -> Int) async throws {
        try await run(batchSize: batchSize, poll: poll, batch)
        try? await client.shutdown()
    }

    /// Runs `batch` until shutdown: again at once after a full batch, else after `poll`.
    static func run(batchSize: Int, poll: Duration, _ batch: @escaping @Sendable () async -> Int) async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    if await batch() < batchSize { try await Task.sleep(for: poll) }
                }
            }
        } catch is CancellationError {}
    }
}
