import Hummingbird
import HummingbirdTesting
import Testing
@testable import TverrApp

@Suite("The public rules pages publish the rules for automated decisions")
struct RulesPageTests {
    typealias H = IdentityHarness

    @Test("The rule set is published without a login, in the page's language, with legal references and tables")
    func published() async throws {
        try await H.run(.sqlite) { h in
            let index = try await h.client.execute(uri: "/rules?lang=en", method: .get)
            #expect(index.status == .ok && String(buffer: index.body).contains("href=\"/rules/collective-protection\""))
            let english = String(buffer: try await h.client.execute(uri: "/rules/collective-protection?lang=en", method: .get).body)
            #expect(english.contains("Temporary collective protection for people displaced from Ukraine"))
            #expect(english.contains("utlendingsforskriften § 7-5 a første ledd bokstav c"))
            #expect(english.contains("<td>child</td><td>-</td><td>&lt; 18</td><td>true</td>"), "the decision table, escaped")
            #expect(english.contains("The rules never refuse"))
            #expect(english.contains("Version 2022.1: in force from 2022-03-11, with no end date"))
            let ukrainian = String(buffer: try await h.client.execute(uri: "/rules/collective-protection?lang=uk", method: .get).body)
            #expect(ukrainian.contains("Тимчасовий колективний захист") && ukrainian.contains("Ви громадянин України"))
            let missing = try await h.client.execute(uri: "/rules/no-such-rules", method: .get)
            #expect(missing.status == .notFound)
        }
    }
}
