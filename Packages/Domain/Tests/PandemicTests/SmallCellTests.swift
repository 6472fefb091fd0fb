import Foundation
import Pandemic
import Testing

@Suite("Small-cell suppression and the server-drawn charts")
struct SmallCellTests {
    @Test("Counts under 5 are <5 everywhere: as text, in JSON and in CSV; 5 and more are themselves")
    func suppression() throws {
        #expect((0...4).allSatisfy { SmallCell.Count($0) == .suppressed })
        #expect(SmallCell.Count(5) == .exact(5) && SmallCell.Count(4).description == "<5")
        let day = DayFigures(date: "2026-12-01", tests: 120, positives: 3, arrivals: ["SE": 7, "PL": 2]).published
        #expect(day.arrivals == ["SE": .exact(7), "other": .suppressed] && day.arrivalsTotal == nil, "the total would give PL's 2 away")
        #expect(day.tests == .exact(120) && day.positives == .suppressed && day.positivityRate == nil, "a rate would give the count away")
        let json = String(decoding: try JSONEncoder().encode(day), as: UTF8.self)
        #expect(json.contains("\"positives\":\"<5\"") && json.contains("\"tests\":120") && json.contains("\"other\":\"<5\"") && !json.contains("PL") && json.contains("\"SE\":7"))
        #expect(!json.contains("\"positives\":3"))
        let csv = PublishedDay.csv([day], municipality: "0301", countries: ["SE", "UA", "other"])
        #expect(csv == "municipality,date,tests,positives,positivity_rate,arrivals,arrivals_SE,arrivals_UA,arrivals_other\r\n0301,2026-12-01,120,<5,,,7,,<5\r\n")
        let many = DayFigures(date: "2026-12-01", arrivals: ["SE": 7, "PL": 2, "DK": 4]).published
        #expect(many.arrivals["other"] == .exact(6) && many.arrivalsTotal == .exact(13), "other at 5 or more: the total may be shown")
        let open = DayFigures(date: "2026-12-02", tests: 200, positives: 10).published
        #expect(open.positivityRate == 0.05 && open.positives == .exact(10))
    }

    @Test("A CSV field that a spreadsheet would run as a formula is made text, and quotes are doubled")
    func csvSafety() {
        let day = DayFigures(date: "=HYPERLINK(\"x\")", tests: 10, positives: 5).published
        let csv = PublishedDay.csv([day], municipality: "03,01", countries: [])
        #expect(csv.contains("\"03,01\",\"'=HYPERLINK(\"\"x\"\")\""))
    }

    @Test("The chart is an image with a title and description, escapes its text, and never draws a suppressed bar at its height")
    func chart() {
        let chart = BarChart(id: "tests", title: "Tests <per> day", summary: "Tests & positives", bars: [
            .init(label: "1.12", value: .exact(120)), .init(label: "<b>", value: .suppressed), .init(label: "3.12", value: .exact(60)),
        ])
        let svg = chart.svg
        #expect(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"tests-title tests-desc\""))
        #expect(svg.contains("<title id=\"tests-title\">Tests &lt;per&gt; day</title>") && svg.contains("Tests &amp; positives"))
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("fill=\"url(#tests-hatch)\""), "the suppressed bar is hatched")
        #expect(svg.components(separatedBy: "fill=\"#1d70b8\"").count - 1 == 2, "two real bars")
        #expect(svg.contains(">200</text>"), "the scale rounds up to 200")
    }
}
