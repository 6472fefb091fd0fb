import Foundation

/// A bar chart drawn as SVG on the server, for pages that must work without JavaScript. It is
/// an image with a title and a description for screen readers (`role="img"` and
/// `aria-labelledby`); the page puts the same figures in a table next to it. A suppressed
/// count ("<5") is drawn as a short hatched bar with its label, never as its true height.
public struct BarChart: Sendable {
    /// One bar.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: SmallCell.Count
        public init(label: String, value: SmallCell.Count) { (self.label, self.value) = (label, value) }
    }

    public var id: String
    public var title: String
    public var summary: String
    public var bars: [Bar]
    public var width = 640.0
    public var height = 240.0

    /// A chart; `id` must be unique on the page (it names the title and description).
    public init(id: String, title: String, summary: String, bars: [Bar]) {
        (self.id, self.title, self.summary, self.bars) = (id, title, summary, bars)
    }

    /// The SVG element, escaped and ready to put into a page.
    public var svg: String {
        let left = 44.0, bottom = 28.0, top = 12.0
        let plotWidth = width - left - 8, plotHeight = height - top - bottom
        // At least 10, so that the half-way line is a whole number.
        let largest = max(bars.compactMap(\.value.value).max() ?? 0, 10)
        let scale = Self.niceCeiling(largest)
        let step = bars.isEmpty ? plotWidth : plotWidth / Double(bars.count)
        var parts = ["""
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(Self.number(width)) \(Self.number(height))" \
            width="100%" preserveAspectRatio="xMinYMin meet" class="chart">
            <title id="\(id)-title">\(Self.escape(title))</title><desc id="\(id)-desc">\(Self.escape(summary))</desc>
            <defs><pattern id="\(id)-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <rect width="2" height="4" fill="#595959"/></pattern></defs>
            """]
        for tick in [0.0, 0.5, 1.0] {
            let y = top + plotHeight * (1 - tick)
            parts.append("<line x1=\"\(Self.number(left))\" x2=\"\(Self.number(width - 8))\" y1=\"\(Self.number(y))\" y2=\"\(Self.number(y))\" stroke=\"#b1b4b6\"/>")
            parts.append("<text x=\"\(Self.number(left - 6))\" y=\"\(Self.number(y + 4))\" text-anchor=\"end\" font-size=\"12\" fill=\"#0b0c0c\">\(Self.number(scale * tick))</text>")
        }
        let labelEvery = max(1, Int((Double(bars.count) * 40 / plotWidth).rounded(.up)))
        for (index, bar) in bars.enumerated() {
            let x = left + Double(index) * step + step * 0.15, barWidth = max(step * 0.7, 1)
            if let value = bar.value.value {
                let h = plotHeight * Double(value) / scale
                parts.append("<rect x=\"\(Self.number(x))\" y=\"\(Self.number(top + plotHeight - h))\" width=\"\(Self.number(barWidth))\" height=\"\(Self.number(h))\" fill=\"#1d70b8\"/>")
            } else {
                let h = min(plotHeight * 0.04 + 2, plotHeight)
                parts.append("<rect x=\"\(Self.number(x))\" y=\"\(Self.number(top + plotHeight - h))\" width=\"\(Self.number(barWidth))\" height=\"\(Self.number(h))\" fill=\"url(#\(id)-hatch)\"/>")
            }
            if index % labelEvery == 0 {
                parts.append("<text x=\"\(Self.number(x + barWidth / 2))\" y=\"\(Self.number(height - 10))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#0b0c0c\">\(Self.escape(bar.label))</text>")
            }
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    static func niceCeiling(_ value: Int) -> Double {
        var power = 1.0
        while power * 10 <= Double(value) { power *= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * power >= Double(value) { return factor * power }
        return 10 * power
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// Text for an SVG text node or attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
