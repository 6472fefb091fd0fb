import Arrival
import Audit
import Identifiers
import Foundation
import Hummingbird
import Localization
import Persistence
import Reference
import WebUI

/// The arrival journey's analytics for the agencies on it (`/staff/journey`, any staff role at an
/// agency or municipality, portal session at high): the service chain map drawn from the events,
/// the wait at each hand-off, who has been stuck longer than two weeks, and the bottlenecks. Only
/// counts and waits are shown; no person is named. One person's timeline (`?person=`) is for a
/// caseworker at UDI or IMDi only (403 for anyone else), and is audited.
struct JourneyController {
    let provider: IdentityProvider?
    let store: Store?
    /// The analytics, kept up to date from the outbox (one per server).
    let ledger: JourneyLedger?

    /// How long at one step counts as stuck.
    static let threshold = 14.0 * 86_400

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffJourney.path) { request, _ in
            try await PortalStaffAccess.check(request, provider: provider, store: store, role: nil, title: .journeyTitle,
                                              noRole: .journeyNoRole) { access in
                guard let provider, let store, let ledger else { throw Problem(.serviceUnavailable, detail: "The journey is not running in this process.") }
                // The counts are for every agency on the network; one person's timeline only for a
                // caseworker at UDI or IMDi.
                let agencies = [ProtectionCases.authority, Organisation.integrationDirectorate.number.value]
                let caseworkerAt = try await provider.identity.roles(of: access.session.pid)
                    .filter { $0.role == .caseworker && agencies.contains($0.organisation) }.map(\.organisation).sorted()
                let query = request.uri.queryParameters["person"].map(String.init)
                if query?.contains(where: { !$0.isWhitespace }) == true, caseworkerAt.isEmpty {
                    return MunicipalStaffAccess.refuse(.journeyNoRole, title: .journeyTitle, context: access.context, request: request)
                }
                let figures = try await ledger.current(), analytics = figures.analytics
                let scoped = PortalStaffAccess(session: access.session, organisations: caseworkerAt, line: access.line, context: access.context, form: nil)
                var (person, status) = try await Self.person(query, analytics, scoped, store: store)
                person.allowed = !caseworkerAt.isEmpty
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                let updates = try await AgencyNetwork(store: store).updates(since: now - Int64(Self.threshold * 1000))
                var response = PortalController.page(Self.page(figures, now: now, person: person, updates: updates, context: access.context),
                                                     request: request)
                response.status = status
                return response
            }
        }
    }

    /// One person's timeline when a number is asked for; reading it is audited for the caseworker,
    /// with IMDi's purpose at IMDi and UDI's at UDI.
    static func person(_ query: String?, _ analytics: JourneyAnalytics, _ access: PortalStaffAccess,
                       store: Store) async throws -> (PersonTimeline, HTTPResponse.Status) {
        guard let query = query?.filter({ !$0.isWhitespace }), !query.isEmpty else { return (PersonTimeline(), .ok) }
        let context = access.context
        guard let number = try? NationalIdentityNumber(query) else {
            return (PersonTimeline(query: String(query.prefix(20)), error: context.t(.journeyErrorNumber)), .unprocessableContent)
        }
        guard let timeline = analytics.timelines[number.value] else { return (PersonTimeline(query: number.value, error: context.t(.journeyUnknown)), .notFound) }
        let imdi = access.organisations.contains(Organisation.integrationDirectorate.number.value)
        let organisation = imdi ? Organisation.integrationDirectorate.number.value : ProtectionCases.authority
        try await AuditLog(store: store).appendCommitted(AuditRecord(
            actor: "staff:\(organisation)/\(access.session.pid)", subject: number.value, action: "arrival.journey.read",
            purpose: imdi ? Settlements.purpose : "beskyttelse", legalBasis: imdi ? Settlements.legalBasis : "utlendingsloven § 34"))
        let reached = timeline.sorted { $0.key < $1.key }
        let rows = reached.enumerated().map { index, step in
            let when = context.language.format(Date(timeIntervalSince1970: Double(step.value) / 1000))
            let waited = index == 0 ? "" : duration(Double(step.value - reached[index - 1].value) / 1000, context)
            return [name(step.key, context), when, waited]
        }
        return (PersonTimeline(query: number.value, steps: rows), .ok)
    }

    static func name(_ step: JourneyStep, _ context: PageContext) -> String {
        let key: MessageKey = switch step {
        case .arrival: .journeyStepArrival
        case .dNumber: .journeyStepDNumber
        case .eID: .journeyStepEID
        case .decision: .journeyStepDecision
        case .settlement: .journeyStepSettlement
        case .address: .journeyStepAddress
        }
        return context.t(key)
    }

    /// Seconds in words: hours under two days, else days with one decimal.
    static func duration(_ seconds: Double, _ context: PageContext) -> String {
        seconds < 2 * 86_400 ? "\(Int((seconds / 3600).rounded())) \(context.t(.journeyHours))"
            : "\(String(format: "%.1f", seconds / 86_400)) \(context.t(.journeyDays))"
    }

    static func page(_ figures: JourneyFigures, now: Int64, person: PersonTimeline, updates: [NetworkUpdate] = [], context: PageContext) -> String {
        let analytics = figures.analytics
        let steps = JourneyStep.allCases
        let nodes = steps.map { ChainNode(label: name($0, context), agency: $0.agency) }
        // The network's updates of the last two weeks, beside the services they affect.
        let network = NetworkDigest.byService(updates)
        let notes = Dictionary(uniqueKeysWithValues: network.map { (steps.firstIndex(of: $0.step)!, "\(context.t(.networkUpdateCount)): \($0.updates.count)") })
        let edges = figures.handoffs.map {
            ChainEdge(from: steps.firstIndex(of: $0.from)!, to: steps.firstIndex(of: $0.to)!, volume: $0.volume,
                      median: duration($0.median, context), p90: duration($0.p90, context))
        }
        let label: @Sendable (ChainEdge) -> String = { "\($0.volume) \(context.t(.journeyEdge)) \($0.median)" }
        let summary = context.t(.journeySummary) + " " + edges.map { "\(nodes[$0.from].label) → \(nodes[$0.to].label): \(label($0))" }.joined(separator: "; ")
            + (notes.isEmpty ? "" : ". \(context.t(.networkOnMap)): " + notes.sorted { $0.key < $1.key }.map { "\(nodes[$0.key].label), \($0.value.lowercased())" }.joined(separator: "; "))
        let map = ServiceChainMap(title: context.t(.journeyMap), summary: summary, nodes: nodes, edges: edges, notes: notes, edgeLabel: label)
        let stuck = analytics.dropOuts(threshold: threshold, now: now).map { (name($0.step, context), $0.people, duration($0.longest, context)) }
        let bottlenecks = figures.bottlenecks.map {
            BottleneckRow(week: $0.week, handoff: "\(name($0.handoff.from, context)) → \(name($0.handoff.to, context))", agency: $0.agency,
                          median: duration($0.handoff.median, context))
        }
        let byAgency = figures.byAgency.map {
            BottleneckRow(week: "", handoff: "\(name($0.handoff.from, context)) → \(name($0.handoff.to, context))", agency: $0.agency,
                          median: duration($0.handoff.median, context), p90: duration($0.handoff.p90, context))
        }
        return JourneyPages.page(map: map, nodes: nodes, edges: edges, stuck: stuck, threshold: duration(threshold, context),
                                 bottlenecks: bottlenecks, byAgency: byAgency, people: analytics.timelines.count, person: person,
                                 network: network.map { service in
                                     (name(service.step, context), service.updates.map {
                                         NetworkUpdateRow(agency: NetworkController.name($0.organisation), text: $0.text, posted: "", services: [])
                                     })
                                 }, context: context)
    }
}
