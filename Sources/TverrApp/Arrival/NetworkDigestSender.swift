import Arrival
import Foundation
import Localization
import Logging
import Persistence
import ServiceLifecycle
import WebUI

/// Sends the agencies' network's weekly digest: from Monday 08:00 (Norway), last week's updates
/// by service to every subscriber who has not had them, in the subscriber's language, as e-mail
/// through the notify block (and so over SMTP when it is configured). Once per subscriber and
/// week; a week without updates sends nothing and is recorded as done.
struct NetworkDigestSender: Sendable {
    let store: Store
    /// The public base URL, for the links to the network page and to unsubscribe.
    let baseURL: String

    /// Sends what is due at `date`; returns how many digests went out.
    @discardableResult
    func send(at date: Date = Date()) async throws -> Int {
        guard let week = NetworkDigest.dueWeek(Int64(date.timeIntervalSince1970 * 1000)) else { return 0 }
        let network = AgencyNetwork(store: store)
        let due = try await network.due(week: week)
        guard !due.isEmpty else { return 0 }
        let updates = try await network.updates(week: week).reversed().map { update in
            NetworkUpdate(id: update.id, organisation: NetworkController.name(update.organisation), text: update.text, services: update.services,
                          postedAt: update.postedAt, week: update.week)
        }
        var sent = 0, texts: [String: String] = [:]
        for subscriber in due {
            guard !updates.isEmpty else {
                try await network.recordDigest(week: week, subscriber: subscriber.id, messageID: nil, at: date)
                continue
            }
            let language = Language(rawValue: subscriber.language) ?? .nb
            let context = PageContext(language: language, path: "/staff/network")
            let text = texts[language.rawValue] ?? NetworkDigest.text(Array(updates), serviceName: { JourneyController.name($0, context) },
                                                                      more: { "… \($0) \(context.t(.networkMore))" })
            texts[language.rawValue] = text
            var token = URLComponents()
            token.queryItems = [URLQueryItem(name: "token", value: subscriber.token)]
            try await network.sendDigest(week: week, to: subscriber, text: text, networkURL: baseURL + SiteRoute.staffNetwork.rawValue,
                                         unsubscribeURL: baseURL + SiteRoute.networkUnsubscribe.rawValue + (token.percentEncodedQuery.map { "?" + $0 } ?? ""),
                                         at: date)
            sent += 1
        }
        return sent
    }
}

/// Looks for digests due every few minutes, until graceful shutdown; a failed run is logged and
/// tried again at the next.
struct NetworkDigestService: Service {
    let sender: NetworkDigestSender
    let poll: Duration
    let logger: Logger

    func run() async throws {
        try await OutboxWorker.run(batchSize: Int.max, poll: poll) {
            do {
                return try await sender.send()
            } catch {
                logger.warning("The network's weekly digest could not be sent; trying again", metadata: ["error": "\(String(describing: error).prefix(300))"])
                return 0
            }
        }
    }
}
