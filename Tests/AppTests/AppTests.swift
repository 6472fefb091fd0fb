import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Persistence
import Testing
@testable import TverrApp

/// An application over an in-memory register, and optionally an in-memory SQLite store.
func withApp(store: Store? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    let app = Application(router: buildRouter(store: store, repository: InMemoryRegisterRepository()))
    try await app.test(.router) { client in try await body(client) }
}

func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any])
}

@Suite("Operations and API conventions")
struct AppTests {
    @Test("Liveness answers without a database")
    func health() async throws {
        try await withApp { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect(body["status"] as? String == "ok")
            }
        }
    }

    @Test("Readiness follows the database")
    func readiness() async throws {
        try await withApp(store: nil) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = try json(response.body)
                #expect((body["detail"] as? String)?.contains("database") == true)
            }
        }
        let store = try await Store.open(.sqliteInMemory, logger: Logger(label: "test"))
        try await store.migrate()
        try await withApp(store: store) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
        await store.shutdown()
    }

    @Test("An unknown path is a 404 problem for the API and a plain page for browsers")
    func notFound() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try json(response.body)
                #expect(problem["status"] as? Int == 404)
                #expect(problem["title"] as? String == "Not Found")
                #expect(problem["type"] as? String == "about:blank")
                #expect(problem["instance"] as? String == "/api/v1/nothing-here")
                #expect((problem["detail"] as? String)?.isEmpty == false)
            }
            try await client.execute(uri: "/nothing-here", method: .get,
                                     headers: [.accept: "text/html", .acceptLanguage: "en"]) { response in
                #expect(response.status == .notFound)
                let page = String(buffer: response.body)
                #expect(page.contains("<html lang=\"en\">"))
                #expect(page.contains("We could not find that page"))
            }
        }
    }

    @Test("Bad parameters get a 400 problem that names what is wrong",
          arguments: [
              ("/api/v1/municipalities/03x1", 400, "four digits"),
              ("/api/v1/municipalities/9999", 404, "9999"),
              ("/api/v1/organisations/974760674", 400, "control digit"),
              ("/api/v1/organisations/12345", 400, "9 digits"),
              ("/api/v1/organisations/123456785", 404, "123456785"),
              ("/api/v1/organisations?kind=bank", 400, "agency, municipality, health_service"),
              ("/api/v1/organisations/%3Cscript%3E", 400, "9 digits"),
          ])
    func badParameters(uri: String, status: Int, mention: String) async throws {
        try await withApp { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status.code == status)
                #expect(response.headers[.contentType] == "application/problem+json")
                let detail = try json(response.body)["detail"] as? String ?? ""
                #expect(detail.contains(mention), "\(detail)")
                #expect(!detail.contains("<script>"))
            }
        }
    }

    @Test("Reference data is served as JSON")
    func referenceData() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/v1/municipalities/0301", method: .get) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect(body["name"] as? String == "Oslo")
                #expect(body["countyNumber"] as? String == "03")
            }
            try await client.execute(uri: "/api/v1/municipalities", method: .get) { response in
                let body = try json(response.body)
                #expect(body["count"] as? Int == 42)
            }
            try await client.execute(uri: "/api/v1/organisations?kind=agency", method: .get) { response in
                let items = try json(response.body)["items"] as? [[String: Any]] ?? []
                #expect(!items.isEmpty && items.allSatisfy { $0["kind"] as? String == "agency" })
            }
            try await client.execute(uri: "/api/v1/organisations/958%20935%20420", method: .get) { response in
                let body = try json(response.body)
                #expect(body["name"] as? String == "Oslo kommune")
            }
        }
    }

    @Test("Every response carries a request id and security headers")
    func headers() async throws {
        try await withApp { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[.init("X-Request-Id")!]?.isEmpty == false)
                #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[.init("Content-Security-Policy")!]?.contains("default-src 'self'") == true)
            }
        }
    }

    @Test("Metrics are exposed in Prometheus text format after requests")
    func metrics() async throws {
        try await withApp { client in
            _ = try await client.execute(uri: "/healthz", method: .get)
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("hb_requests"), "\(text.prefix(400))")
                #expect(text.contains("# TYPE"))
            }
        }
    }
}
