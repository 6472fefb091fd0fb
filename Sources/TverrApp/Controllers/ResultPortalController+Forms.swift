import Booking
import CertLogic
import DCC
import Foundation
import Hummingbird
import Identifiers
import Localization
import Pandemic
import Persistence
import WebUI

extension ResultPortalController {
    /// A new form: a rapid test, now, in Norwegian time.
    static func defaultForm(now: Date = Date()) -> PortalResultForm {
        var form = PortalResultForm()
        let (date, time) = SlotSchedule.wallClock(Int64(now.timeIntervalSince1970), in: SlotSchedule.norway)
        (form.date, form.time) = (date.description, time.description)
        return form
    }

    /// The form's fields as typed.
    static func form(_ body: FormBody?) -> PortalResultForm {
        var form = PortalResultForm()
        form.sampleID = body?["sample_id"] ?? ""
        form.testType = body?["test_type"] == "naat" ? "naat" : "rapid"
        form.device = body?["device"] ?? ""
        form.testName = body?["test_name"] ?? ""
        form.date = body?["sample_date"] ?? ""
        form.time = body?["sample_time"] ?? ""
        form.result = body?["result"] ?? ""
        form.centre = body?["centre"] ?? ""
        return form
    }

    /// The submission a form makes, or the field errors of its date and time. A sample without
    /// its own id gets one (`TVERR-` and 16 random hex digits).
    static func submission(_ form: PortalResultForm, person: String, time: String? = nil, sampleID: String? = nil,
                           context: PageContext) -> (ResultSubmission?, [FieldError]) {
        let clock = (time ?? form.time).trimmingCharacters(in: .whitespaces)
        guard let date = CalendarDate(iso8601: form.date.trimmingCharacters(in: .whitespaces)) else {
            return (nil, [FieldError(field: "sample_date", message: "\(context.t(.portalResultsDate)): \(context.t(.portalResultsErrorMalformed))")])
        }
        guard let minute = TimeOfDay(clock)?.minutes, let instant = SlotSchedule.instant(date, minute: minute, in: SlotSchedule.norway) else {
            return (nil, [FieldError(field: "sample_time", message: "\(context.t(.portalResultsTime)): \(context.t(.portalResultsErrorMalformed))")])
        }
        let id = (sampleID ?? form.sampleID).trimmingCharacters(in: .whitespaces)
        let generated = "TVERR-" + (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return (ResultSubmission(sampleID: id.isEmpty ? generated : id, nationalIdentityNumber: person, testType: form.testType,
                                 device: form.device, testName: form.testName, sampleCollected: ISODate.format(dateTime: Double(instant)),
                                 result: form.result, testCentre: form.centre), [])
    }

    /// A refusal as an error on the form's field, in the page's language.
    static func fieldError(_ refusal: ResultRefusal, context: PageContext) -> FieldError {
        let (field, label): (String, MessageKey?) = switch refusal.field {
        case "sampleId": ("sample_id", .portalResultsSampleID)
        case "device": ("device", .portalResultsDevice)
        case "testName": ("test_name", .portalResultsTestName)
        case "sampleCollected": ("sample_date", .portalResultsDate)
        case "result": ("result", .portalResultsResult)
        case "testCentre": ("centre", .portalResultsCentre)
        case "reason": ("reason", .portalResultsReason)
        case "nationalIdentityNumber": ("person", .portalResultsNumber)
        default: ("error-summary", nil)
        }
        // A radio group left empty: say what to choose.
        let message = context.t(refusal.field == "result" ? .portalResultsErrorResult : message(refusal.kind))
        return FieldError(field: field, message: label.map { "\(context.t($0)): \(message)" } ?? message)
    }

    static func message(_ kind: ResultRefusal.Kind) -> MessageKey {
        switch kind {
        case .missing: .portalResultsErrorMissing
        case .malformed, .unknownTestType: .portalResultsErrorMalformed
        case .unknownPerson, .notFound: .portalResultsNotFound
        case .unknownDevice: .portalResultsErrorDevice
        case .deviceNotForNAAT: .portalResultsErrorDeviceNAAT
        case .future: .portalResultsErrorFuture
        case .tooOld: .portalResultsErrorTooOld
        case .unknownResult: .portalResultsErrorResult
        case .sampleIDConflict: .portalResultsErrorConflict
        case .unchanged: .portalResultsErrorUnchanged
        case .changedMeanwhile: .portalResultsErrorChanged
        }
    }

    /// `POST /staff/results`: one result for the person on the page; back to them (303) when stored.
    func register(_ request: Request, _ worker: Worker, _ body: FormBody?) async throws -> Response {
        let person = body?["person"] ?? "", form = Self.form(body)
        guard (try? NationalIdentityNumber(person)) != nil else {
            return try await page(request, worker, number: person, form: form, errors: [], notice: nil)
        }
        let (submission, errors) = Self.submission(form, person: person, context: worker.context)
        guard let submission else { return try await page(request, worker, number: person, form: form, errors: errors, notice: nil, status: .unprocessableContent) }
        let outcome = await worker.results.submit([submission], by: worker.submitter)[0]
        switch outcome.status {
        case "accepted", "duplicate":
            let saved = outcome.status == "accepted" ? "1" : "duplicate"
            return OIDCController.redirect(SiteRoute.staffResults.rawValue, ["person": person, "saved": saved])
        default:
            let refusal = ResultRefusal(ResultRefusal.Kind(rawValue: outcome.reason ?? "") ?? .malformed, field: outcome.field, outcome.error ?? "")
            let error = outcome.reason == "storage" ? FieldError(field: "error-summary", message: worker.context.t(.portalResultsErrorStorage))
                : Self.fieldError(refusal, context: worker.context)
            return try await page(request, worker, number: person, form: form, errors: [error], notice: nil, status: .unprocessableContent)
        }
    }
}
