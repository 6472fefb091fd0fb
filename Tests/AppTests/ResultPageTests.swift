import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TverrApp

@Suite("My test results: each result in words with what to do next, newest first, and the way to a certificate")
struct ResultPageTests {
    typealias H = IdentityHarness

    @Test("A negative, an old negative and a positive result, each with its next steps; only the fresh one offers a certificate",
          arguments: Backend.available)
    func results(backend: Backend) async throws {
        try await H.run(backend) { h in
            let holder = try await CertificatePageTests.holder(h)  // a fresh negative PCR, one 80 hours old, a positive 30 days ago
            let page = String(buffer: try await h.client.execute(uri: "/my/results?lang=en", method: .get, headers: holder.headers).body)
            #expect(page.contains("My test results") && page.components(separatedBy: "<h2>PCR test, ").count - 1 == 3)
            #expect(page.components(separatedBy: "Negative: the virus was not found").count - 1 == 2)
            #expect(page.components(separatedBy: "Positive: the virus was found").count - 1 == 1)
            #expect(page.components(separatedBy: "You can get a COVID certificate for the test").count - 1 == 1, "only the fresh negative")
            #expect(page.contains("Stay at home and avoid close contact") && page.contains("href=\"/my/certificates\""))
            let negative = try #require(page.range(of: "Negative: the virus was not found"))
            let positive = try #require(page.range(of: "Positive: the virus was found"))
            #expect(negative.lowerBound < positive.lowerBound, "newest first")
            #expect(page.contains("Teststasjon Oslo S") && page.contains("Ahus"))

            let ukrainian = String(buffer: try await h.client.execute(uri: "/my/results?lang=uk", method: .get, headers: holder.headers).body)
            #expect(ukrainian.contains("Мої результати тестів") && ukrainian.contains("Позитивний: вірус виявлено"))
            let other = try await BookingPageTests.citizen(h, index: 1)
            let theirs = String(buffer: try await h.client.execute(uri: "/my/results?lang=en", method: .get, headers: other.headers).body)
            #expect(theirs.contains("You have no test results.") && !theirs.contains("Ahus"), "another person sees only their own")
            let my = String(buffer: try await h.client.execute(uri: "/my?lang=en", method: .get, headers: holder.headers).body)
            #expect(my.contains("href=\"/my/results\""))
        }
    }
}
