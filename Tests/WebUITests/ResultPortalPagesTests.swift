import Localization
import Testing
@testable import WebUI

@Suite("Result portal pages: hostile values stay text, ids stay inside their path, errors point at their fields")
struct ResultPortalPagesTests {
    static let hostile = "\"><script>alert(1)</script>"
    static let context = PageContext(language: .en, path: "/staff/results")

    static var form: PortalResultForm {
        var form = PortalResultForm()
        (form.sampleID, form.device, form.testName, form.date, form.time, form.centre) =
            ("S\(hostile)", "1232\(hostile)", "N\(hostile)", "2026\(hostile)", "08\(hostile)", "C\(hostile)")
        form.result = "positive"
        return form
    }

    @Test("Every portal page escapes what it shows and encodes ids in its links")
    func injection() {
        let row = PortalResultRow(id: "a/../admin\(Self.hostile)", sampleID: "S\(Self.hostile)", type: .resultsTypeRAT, taken: "today \(Self.hostile)",
                                  positive: true, centre: "C\(Self.hostile)", corrected: true)
        var page = ResultPortalModel(csrfToken: "t\(Self.hostile)", worker: "W\(Self.hostile)")
        (page.number, page.form, page.results, page.notice) = ("1\(Self.hostile)", Self.form, [row], "N\(Self.hostile)")
        page.person = PortalPerson(identityNumber: "1\(Self.hostile)", name: "P\(Self.hostile)", birthDate: "B\(Self.hostile)", address: "A\(Self.hostile)")
        page.errors = [FieldError(field: "sample_id", message: "E\(Self.hostile)")]
        page.devices = [Choice(value: "1232\(Self.hostile)", label: "D\(Self.hostile)")]
        var batch = ResultBatchModel(csrfToken: "t\(Self.hostile)", worker: "W\(Self.hostile)")
        (batch.form, batch.lines) = (Self.form, "L\(Self.hostile)")
        batch.outcomes = [PortalBatchLine(line: 1, text: "1\(Self.hostile)", accepted: false, message: "M\(Self.hostile)")]
        var correction = ResultCorrectionModel(csrfToken: "t\(Self.hostile)", worker: "W", result: row, person: "P\(Self.hostile)")
        (correction.form, correction.reason, correction.personNumber) = (Self.form, "R\(Self.hostile)", "1/..\(Self.hostile)")
        correction.history = [PortalCorrectionRow(when: "w\(Self.hostile)", by: "b\(Self.hostile)", reason: "r\(Self.hostile)",
                                                  before: "x\(Self.hostile)", after: "y\(Self.hostile)")]
        let pages = [ResultPortalPages.page(page, context: Self.context), ResultPortalPages.batch(batch, context: Self.context),
                     ResultPortalPages.correction(correction, context: Self.context)]
        for html in pages {
            #expect(!html.contains("<script>"), "no markup from the input")
            #expect(!html.contains("href=\"/staff/results/a/"), "a slash in an id does not leave the path segment")
        }
        #expect(pages[0].contains("href=\"#sample_id\"") && pages[0].contains("id=\"sample_id\""), "the summary links to the field")
        #expect(pages[0].contains("aria-invalid=\"true\""))
        #expect(pages[2].contains("href=\"/staff/results?person=1%2F..%22%3E%3Cscript%3E"))
    }

    @Test("Without a person found there is no result form; with one, the form posts back with the person")
    func formOnlyForAPerson() {
        let empty = ResultPortalPages.page(ResultPortalModel(csrfToken: "t", worker: "W"), context: Self.context)
        #expect(!empty.contains("method=\"post\"") && empty.contains("action=\"/staff/results\""))
        var found = ResultPortalModel(csrfToken: "t", worker: "W")
        found.person = PortalPerson(identityNumber: "01017012345", name: "Kari", birthDate: "1970-01-01", address: nil)
        let page = ResultPortalPages.page(found, context: Self.context)
        #expect(page.contains("method=\"post\"") && page.contains("name=\"person\" value=\"01017012345\"") && page.contains("No address in the population register"))
    }
}
