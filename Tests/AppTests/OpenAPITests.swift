import Foundation
import Hummingbird
import HummingbirdTesting
import Persistence
import Testing
@testable import TverrApp

@Suite("The OpenAPI document is truthful")
struct OpenAPITests {
    static func documentedOperations() throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.json) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
    }

    static func servedOperations() -> Set<String> {
        let router = buildRouter(store: nil, repository: InMemoryRegisterRepository())
        return Set(router.routes.map { route in
            let path = "/" + route.path.description.split(separator: "/").map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            return "\(route.method.rawValue) \(path)"
        })
    }

    @Test("Every served route is documented, and every documented route is served")
    func sameRoutes() throws {
        let documented = try Self.documentedOperations()
        let served = Self.servedOperations()
        #expect(served.count >= 10)
        #expect(served.subtracting(documented).isEmpty, "undocumented: \(served.subtracting(documented))")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served))")
    }

    @Test("Every documented path answers with something other than 404 for a valid example")
    func documentedPathsAnswer() async throws {
        let examples = ["{number}": "0301"]
        let documented = try Self.documentedOperations()
        try await withApp { client in
            for operation in documented {
                let method = HTTPRequest.Method(rawValue: String(operation.split(separator: " ")[0]))!
                var path = String(operation.split(separator: " ")[1])
                if path.hasPrefix("/api/v1/organisations/") { path = "/api/v1/organisations/958935420" }
                if path == "/rules/{id}" { path = "/rules/collective-protection" }
                if path == "/ung/tema/{topic}" { path = "/ung/tema/school" }
                for (placeholder, value) in examples { path = path.replacingOccurrences(of: placeholder, with: value) }
                try await client.execute(uri: path, method: method) { response in
                    #expect(response.status != .notFound, "\(method) \(path)")
                }
            }
        }
    }

    @Test("The document is served at /openapi.json")
    func served() async throws {
        try await withApp { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Data(buffer: response.body) == OpenAPIDocument.json)
            }
        }
    }
}
