import AsyncHTTPClient
import Crypto
import Foundation
import Hummingbird
import Identity
import Logging
import NIOCore
import Persistence
import ServiceLifecycle

/// Tverr's own router on a free local port, with an HTTP client, for the benchmarks and the
/// simulation: they go through the real API, over a real socket, as any client would.
enum LocalServer {
    /// Runs `body` with the server's base URL and a client; stops both afterwards.
    static func with<T: Sendable>(store: Store, provider: IdentityProvider, logger: Logger,
                                  _ body: @escaping @Sendable (String, HTTPClient) async throws -> T) async throws -> T {
        let router = buildRouter(store: store, repository: SQLRegisterRepository(store: store), identity: provider)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "Tverr"),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await services.run(); return nil }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw BenchmarkFailure("The local server did not start.") }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body("http://127.0.0.1:\(port)", client)) } catch { outcome = .failure(error) }
            try? await client.shutdown()
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try outcome.get()
        }
    }

    /// An access token for a machine client through the JWT bearer grant at `/token`.
    static func machineToken(_ client: HTTPClient, base: String, clientID: String, key: P256.Signing.PrivateKey, scope: String,
                             issuer: String) async throws -> String {
        let now = Int(Date().timeIntervalSince1970)
        let assertion = try CompactJWS.sign(claims: ["iss": clientID, "aud": issuer, "iat": now, "exp": now + 100, "jti": UUID().uuidString,
                                                     "scope": scope], key: key)
        var request = HTTPClientRequest(url: base + SiteRoute.token.rawValue)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let form = "grant_type=\(OIDCController.jwtBearer)&assertion=\(assertion)"
        request.body = .bytes(ByteBuffer(string: form))
        let response = try await client.execute(request, timeout: .seconds(30))
        let data = Data(buffer: try await response.body.collect(upTo: 1 << 20))
        struct Token: Decodable { let access_token: String }
        guard response.status == .ok, let token = try? JSONDecoder().decode(Token.self, from: data) else {
            throw BenchmarkFailure("No token: \(response.status) \(String(decoding: data, as: UTF8.self).prefix(300))")
        }
        return token.access_token
    }

    /// POSTs a JSON body with the token; gives the answer's body, or throws on a status other than 2xx.
    static func post(_ client: HTTPClient, _ url: String, token: String, body: Data) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await client.execute(request, timeout: .seconds(600))
        let data = Data(buffer: try await response.body.collect(upTo: 64 << 20))
        guard (200..<300).contains(response.status.code) else {
            throw BenchmarkFailure("POST \(url): \(response.status) \(String(decoding: data, as: UTF8.self).prefix(300))")
        }
        return data
    }

    /// Runs `work` over `items`, at most `parallel` at a time; the results in the order they finish.
    static func concurrently<Item: Sendable, Value: Sendable>(_ items: [Item], parallel: Int,
                                                             _ work: @escaping @Sendable (Item) async throws -> Value) async throws -> [Value] {
        try await withThrowingTaskGroup(of: Value.self) { group in
            var values: [Value] = [], next = 0
            while next < min(parallel, items.count) { let item = items[next]; group.addTask { try await work(item) }; next += 1 }
            for try await value in group {
                values.append(value)
                if next < items.count { let item = items[next]; group.addTask { try await work(item) }; next += 1 }
            }
            return values
        }
    }
}
