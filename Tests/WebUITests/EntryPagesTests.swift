import Localization
import Testing
@testable import WebUI

@Suite("Entry pages: what a traveller typed stays text, and faults point at their fields")
struct EntryPagesTests {
    static let hostile = "\"><script>alert(1)</script>"
    static let context = PageContext(language: .en, path: "/entry")

    @Test("The form, the receipt and the arrivals list escape every value")
    func injection() {
        var model = EntryPageModel(csrfToken: "t\(Self.hostile)", values: ["given_name": "A\(Self.hostile)", "identity_kind": "passport"],
                                   countries: [Choice(value: "SE\(Self.hostile)", label: "S\(Self.hostile)")],
                                   municipalities: [Choice(value: "0301", label: "O\(Self.hostile)")])
        model.errors = [FieldError(field: "given_name", message: "E\(Self.hostile)")]
        let row = ArrivalRow(name: "N\(Self.hostile)", born: "b", arrived: "a", from: "f\(Self.hostile)", address: "x\(Self.hostile)", matched: false,
                             positive: nil)
        let pages = [EntryPages.form(model, context: Self.context), EntryPages.registered(reference: "INN-\(Self.hostile)", context: Self.context),
                     EntryPages.arrivals([row], areas: [Choice(value: "0301", label: "Oslo")], area: "0301", from: "f", to: "t", error: nil,
                                         context: Self.context)]
        for html in pages { #expect(!html.contains("<script>")) }
        #expect(pages[0].contains("href=\"#given_name\"") && pages[0].contains("id=\"identity_kind-passport\" name=\"identity_kind\" value=\"passport\" checked"))
        #expect(pages[2].contains("Not tested"))
    }
}
