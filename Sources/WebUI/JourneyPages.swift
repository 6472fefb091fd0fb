import Localization
import Plot

/// One step on the service chain map: the service and the agency that runs it.
public struct ChainNode: Sendable, Equatable {
    public var label: String
    public var agency: String
    public init(label: String, agency: String) { (self.label, self.agency) = (label, agency) }
}

/// One hand-off on the map and in the table: between two nodes (by index), with its figures in words.
public struct ChainEdge: Sendable, Equatable {
    public var from: Int, to: Int
    public var volume: Int
    public var median: String, p90: String
    public init(from: Int, to: Int, volume: Int, median: String, p90: String) {
        (self.from, self.to, self.volume, self.median, self.p90) = (from, to, volume, median, p90)
    }
}

/// The service chain map drawn from the data as SVG: the services top to bottom (it fits a phone),
/// each hand-off an arrow labelled with how many went through it and the median wait. It is an
/// image with a title and a description that says the same in words; the page has the table too.
public struct ServiceChainMap: Sendable {
    public var title: String
    public var summary: String
    public var nodes: [ChainNode]
    public var edges: [ChainEdge]
    /// How an edge's label reads: "12 people, median 2 days".
    public var edgeLabel: @Sendable (ChainEdge) -> String
    /// A note beside a node (by index), such as the network's updates about the service: "2 updates".
    public var notes: [Int: String]

    public init(title: String, summary: String, nodes: [ChainNode], edges: [ChainEdge], notes: [Int: String] = [:],
                edgeLabel: @escaping @Sendable (ChainEdge) -> String) {
        (self.title, self.summary, self.nodes, self.edges, self.notes, self.edgeLabel) = (title, summary, nodes, edges, notes, edgeLabel)
    }

    static let width = 320.0, box = 44.0, gap = 46.0

    /// The SVG, escaped and ready to put into a page.
    public var svg: String {
        let e = HTMLEscaping.attribute
        let height = Double(nodes.count) * (Self.box + Self.gap)
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chain-title chain-desc" viewBox="0 0 \(Int(Self.width)) \(Int(height))" \
            width="100%" class="chain-map"><title id="chain-title">\(e(title))</title><desc id="chain-desc">\(e(summary))</desc>
            <defs><marker id="chain-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">\
            <path d="M0 0 L10 5 L0 10 z" fill="#1a1a1a"/></marker></defs>

            """
        func top(_ index: Int) -> Double { Double(index) * (Self.box + Self.gap) + 2 }
        for (index, node) in nodes.enumerated() {
            out += """
                <rect x="8" y="\(top(index))" width="\(Self.width - 16)" height="\(Self.box)" rx="6" fill="#ffffff" stroke="#1a1a1a" stroke-width="2"/>\
                <text x="20" y="\(top(index) + 19)" font-size="14" font-weight="bold" fill="#1a1a1a">\(e(node.label))</text>\
                <text x="20" y="\(top(index) + 36)" font-size="12" fill="#1a1a1a">\(e(node.agency))</text>\
                \(notes[index].map { "<text x=\"\(Self.width - 20)\" y=\"\(top(index) + 19)\" font-size=\"12\" text-anchor=\"end\" fill=\"#1a1a1a\">\(e($0))</text>" } ?? "")

                """
        }
        for edge in edges where edge.from < nodes.count && edge.to < nodes.count {
            let start = top(edge.from) + Self.box, end = top(edge.to) - 2
            // A hand-off that skips steps bends to the right, so that it does not cross the boxes.
            let x = edge.to == edge.from + 1 ? 40.0 : Self.width - 20
            let path = edge.to == edge.from + 1 ? "M\(x) \(start) L\(x) \(end)"
                : "M\(Self.width - 8) \(start - Self.box / 2) C\(Self.width) \(start) \(Self.width) \(end) \(Self.width - 12) \(end - Self.box / 2)"
            out += """
                <path d="\(path)" fill="none" stroke="#1a1a1a" stroke-width="\(edge.volume > 0 ? 2 : 1)" marker-end="url(#chain-arrow)"/>\
                \(label(edge, consecutive: edge.to == edge.from + 1, start: start, x: x))

                """
        }
        return out + "</svg>"
    }

    /// An edge's label in the gap under its first box: next to the arrow for the step after, and a
    /// line higher, right-aligned beside the bend, for one that skips steps (so the two never meet).
    func label(_ edge: ChainEdge, consecutive: Bool, start: Double, x: Double) -> String {
        let text = HTMLEscaping.attribute(edgeLabel(edge))
        return consecutive ? "<text x=\"\(x + 10)\" y=\"\(start + 30)\" font-size=\"12\" fill=\"#1a1a1a\">\(text)</text>"
            : "<text x=\"\(Self.width - 24)\" y=\"\(start + 15)\" font-size=\"12\" text-anchor=\"end\" fill=\"#1a1a1a\">\(text)</text>"
    }
}

/// One row of the bottleneck tables (per week, or per agency with no week).
public struct BottleneckRow: Sendable, Equatable {
    public var week, handoff, agency, median, p90: String
    public init(week: String, handoff: String, agency: String, median: String, p90: String = "") {
        (self.week, self.handoff, self.agency, self.median, self.p90) = (week, handoff, agency, median, p90)
    }
}

/// One person's journey, asked for by number: the steps with when and how long after the one before.
public struct PersonTimeline: Sendable, Equatable {
    public var query: String
    public var error: String?
    public var steps: [[String]]
    /// Whether the viewer may look a person up (the form is shown only then).
    public var allowed = true
    public init(query: String = "", error: String? = nil, steps: [[String]] = []) { (self.query, self.error, self.steps) = (query, error, steps) }
}

/// The journey analytics page for the agencies: the map, the hand-offs, who is stuck, and the
/// weekly bottleneck, each also as a table.
public enum JourneyPages {
    static func timeline(_ person: PersonTimeline, context: PageContext) -> Node<HTML.BodyContext> {
        guard person.allowed else { return .empty }
        return .group(
            .unwrap(person.error) { .div(.class("error-summary"), .id("error-summary"), .attribute(named: "role", value: "alert"),
                                         .ul(.li(.a(.href("#person"), .text($0))))) },
            .form(.method(.get), .action("/staff/journey"),
                  .label(.for("person"), .text(context.t(.journeyPerson))),
                  .input(.type(.text), .id("person"), .name("person"), .attribute(named: "inputmode", value: "numeric"),
                         .attribute(named: "autocomplete", value: "off"), .value(HTMLEscaping.attribute(person.query)),
                         .attribute(named: "aria-invalid", value: person.error != nil ? "true" : "")),
                  .button(.type(.submit), .class("button"), .text(context.t(.journeyShow)))),
            .if(!person.steps.isEmpty, .group(
                .h2(.text("\(context.t(.journeyTimeline)) \(person.query)")),
                .table(.thead(.tr(.th(.text(context.t(.journeyStep))), .th(.text(context.t(.journeyWhen))), .th(.text(context.t(.journeyWaited))))),
                       .tbody(.forEach(person.steps) { row in .tr(.forEach(row) { .td(.text($0)) }) }))))
        )
    }

    /// The network's recent updates under the services they affect, beside the map.
    static func network(_ network: [(service: String, updates: [NetworkUpdateRow])], context: PageContext) -> Node<HTML.BodyContext> {
        .group(
            .h2(.text(context.t(.networkOnMap))),
            network.isEmpty ? .p(.text(context.t(.networkNone))) : .dl(.forEach(network) { service in
                .group(.dt(.text(service.service)), .forEach(service.updates) { .dd(.strong(.text($0.agency)), .text(": \($0.text)")) })
            }),
            .p(.a(.href("/staff/network"), .text(context.t(.networkLink))))
        )
    }

    public static func page(map: ServiceChainMap, nodes: [ChainNode], edges: [ChainEdge], stuck: [(step: String, people: Int, longest: String)],
                            threshold: String, bottlenecks: [BottleneckRow], byAgency: [BottleneckRow] = [], people: Int, person: PersonTimeline,
                            network: [(service: String, updates: [NetworkUpdateRow])] = [], context: PageContext) -> String {
        Layout.page(title: context.t(.journeyTitle), context: context, content: .group(
            .h1(.text(context.t(.journeyTitle))),
            .p(.text("\(context.t(.journeyLead)) \(people) \(context.t(.journeyPeople)).")),
            timeline(person, context: context),
            .h2(.text(context.t(.journeyMap))),
            .div(.class("chart"), .raw(map.svg)),
            Self.network(network, context: context),
            .h2(.text(context.t(.journeyHandoffs))),
            edges.isEmpty ? .p(.text(context.t(.journeyNone))) : .table(
                .thead(.tr(.th(.text(context.t(.journeyFrom))), .th(.text(context.t(.journeyTo))), .th(.text(context.t(.journeyVolume))),
                           .th(.text(context.t(.journeyMedian))), .th(.text(context.t(.journeyP90))))),
                .tbody(.forEach(edges) { edge in
                    .tr(.td(.text(nodes[edge.from].label)), .td(.text(nodes[edge.to].label)), .td(.text("\(edge.volume)")),
                        .td(.text(edge.median)), .td(.text(edge.p90)))
                })),
            .h2(.text("\(context.t(.journeyStuck)) \(threshold)")),
            stuck.isEmpty ? .p(.text(context.t(.journeyNoneStuck))) : .table(
                .thead(.tr(.th(.text(context.t(.journeyStep))), .th(.text(context.t(.journeyPeopleHeader))), .th(.text(context.t(.journeyLongest))))),
                .tbody(.forEach(stuck) { row in .tr(.td(.text(row.step)), .td(.text("\(row.people)")), .td(.text(row.longest))) })),
            .h2(.text(context.t(.journeyByAgency))),
            byAgency.isEmpty ? .p(.text(context.t(.journeyNone))) : .table(
                .thead(.tr(.th(.text(context.t(.journeyAgency))), .th(.text(context.t(.journeyHandoff))), .th(.text(context.t(.journeyMedian))),
                           .th(.text(context.t(.journeyP90))))),
                .tbody(.forEach(byAgency) { row in .tr(.td(.text(row.agency)), .td(.text(row.handoff)), .td(.text(row.median)), .td(.text(row.p90))) })),
            .h2(.text(context.t(.journeyBottlenecks))),
            bottlenecks.isEmpty ? .p(.text(context.t(.journeyNone))) : .table(
                .thead(.tr(.th(.text(context.t(.journeyWeek))), .th(.text(context.t(.journeyHandoff))), .th(.text(context.t(.journeyAgency))),
                           .th(.text(context.t(.journeyMedian))))),
                .tbody(.forEach(bottlenecks) { row in .tr(.td(.text(row.week)), .td(.text(row.handoff)), .td(.text(row.agency)), .td(.text(row.median))) }))
        ))
    }
}
