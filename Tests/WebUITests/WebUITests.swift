import Localization
import Testing
@testable import WebUI

@Suite("Pages render accessibly and safely")
struct WebUITests {
    static let model = FrontPageModel(people: 10_000, municipalities: 42, organisations: 49)

    @Test("Every page has lang, a skip link to main, and the four-language switcher", arguments: Language.allCases)
    func layout(language: Language) {
        let page = FrontPageView.render(Self.model, context: PageContext(language: language, path: "/"))
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<html lang=\"\(language.tag)\">"))
        #expect(page.contains("<a class=\"skip-link\" href=\"#main\">\(Catalogue.text(.skipToContent, in: language))</a>"))
        #expect(page.contains("<main id=\"main\""))
        #expect(page.contains("name=\"viewport\""))
        for other in Language.allCases {
            #expect(page.contains("href=\"/?lang=\(other.rawValue)\""))
            #expect(page.contains(other.endonym))
        }
        #expect(page.components(separatedBy: "aria-current=\"true\"").count == 2)
        #expect(!page.contains("<script"))
        #expect(page.contains(Catalogue.text(.frontTitle, in: language)))
    }

    @Test("Figures are grouped the way each language writes them")
    func numbers() {
        #expect(FrontPageView.formatted(1_234_567, .en) == "1,234,567")
        #expect(FrontPageView.formatted(10_000, .nb) == "10\u{00A0}000")
        #expect(FrontPageView.formatted(42, .uk) == "42")
    }

    @Test("The front page links to the pandemic service's pages, and marks the services still to come")
    func serviceLinks() {
        let page = FrontPageView.render(Self.model, context: PageContext(language: .en, path: "/"))
        for path in ["/book", "/my/certificates", "/verify"] { #expect(page.contains("href=\"\(path)\""), "links to \(path)") }
        #expect(page.components(separatedBy: "class=\"status\"").count - 1 == 2, "the arrival and youth services are still to come")
    }

    @Test("A hostile path cannot inject markup into the language switcher or the error page")
    func injection() {
        let hostile = "/\"><script>alert(1)</script><a href=\""
        let page = FrontPageView.render(Self.model, context: PageContext(language: .nb, path: hostile))
        #expect(!page.contains("<script>"))
        #expect(page.contains("href=\"/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E%3Ca%20href%3D%22?lang=nn\""))
        #expect(HTMLEscaping.attribute("a\"b<c>&'") == "a&quot;b&lt;c&gt;&amp;&#39;")
        let error = ErrorPageView.render(status: 404, context: PageContext(language: .en, path: hostile))
        #expect(!error.contains("<script>"))
        #expect(error.contains("We could not find that page"))
    }

    @Test("The stylesheet reflows at 320 px and shows focus")
    func stylesheet() {
        #expect(Stylesheet.css.contains(":focus-visible"))
        #expect(Stylesheet.css.contains("grid-template-columns: 1fr"))
        #expect(Stylesheet.css.contains("overflow-wrap: anywhere"))
    }
}
