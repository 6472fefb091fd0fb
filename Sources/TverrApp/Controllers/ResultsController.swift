import DCC
import Foundation
import Hummingbird
import Persistence
import WebUI

/// "My test results" on "my page": the person's COVID-19 test results in words, with what to do
/// next, and the way to a certificate while a negative test gives one.
struct ResultsController {
    let portal: PortalController

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.myResults.path) { request, _ in
            try await portal.selfService(request, form: nil) { _, parts, number, _, _ in
                let records = HealthRecords(store: parts.store)
                let now = Date()
                let offered = Set(try await records.offers(for: number.value, now: now).filter { $0.kind == .test }.map(\.recordID))
                let rows = try await records.tests(for: number.value).map { test in
                    TestResultRow(taken: parts.context.language.format(Date(timeIntervalSince1970: test.sampleCollected)),
                                  type: test.type == ValueSets.TestType.naat ? .resultsTypeNAAT : .resultsTypeRAT,
                                  positive: test.detected, centre: test.centre, certificateAvailable: offered.contains(test.id))
                }
                return PortalController.page(ResultPages.list(rows, context: parts.context), request: request)
            }
        }
    }
}
