import Foundation
import Hummingbird
import HummingbirdTesting
import Persistence
import Testing
@testable import TverrApp

@Suite("Web pages")
struct PageTests {
    @Test("The front page follows ?lang=, remembers it in a cookie, and otherwise Accept-Language")
    func languageChoice() async throws {
        try await withApp { client in
            try await client.execute(uri: "/?lang=uk", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<html lang=\"uk\">"))
                let cookie = response.headers[.setCookie] ?? ""
                #expect(cookie.contains("lang=uk") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "lang=nn"]) { response in
                #expect(String(buffer: response.body).contains("<html lang=\"nn\">"))
            }
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9"]) { response in
                #expect(String(buffer: response.body).contains("Public services, joined up around you"))
                #expect(response.headers[.contentLanguage] == "en")
            }
            try await client.execute(uri: "/?lang=xx", method: .get) { response in
                #expect(String(buffer: response.body).contains("<html lang=\"nb\">"))
                #expect(response.headers[.setCookie] == nil)
            }
        }
    }

    @Test("The stylesheet is served as CSS")
    func stylesheet() async throws {
        try await withApp { client in
            try await client.execute(uri: "/static/tverr.css", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/css") == true)
                #expect(String(buffer: response.body).contains(".skip-link"))
            }
        }
    }
}
