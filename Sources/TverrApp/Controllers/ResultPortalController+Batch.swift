import Booking
import DCC
import Foundation
import Hummingbird
import Identifiers
import Localization
import Pandemic
import Persistence
import WebUI

extension ResultPortalController {
    /// The most lines one batch may hold.
    static let maximumLines = 500

    /// `POST /staff/results/batch`: a line per person (number, result, and the time and sample id
    /// if given), with the shared fields; every line answered on the page.
    func batch(_ request: Request, _ worker: Worker, _ body: FormBody?) async throws -> Response {
        var model = ResultBatchModel(csrfToken: worker.csrfToken, worker: worker.line)
        (model.form, model.devices, model.lines) = (Self.form(body), Self.devices, body?["lines"] ?? "")
        let lines = model.lines.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.enumerated()
            .filter { !$0.element.isEmpty }
        func show(_ status: HTTPResponse.Status) -> Response {
            var response = PortalController.page(ResultPortalPages.batch(model, context: worker.context), request: request)
            response.status = status
            return response
        }
        guard (1...Self.maximumLines).contains(lines.count) else {
            model.errors = [FieldError(field: "lines", message: worker.context.t(.portalResultsErrorLines))]
            return show(.unprocessableContent)
        }
        var submissions: [ResultSubmission] = [], made: [Int] = []
        for (index, line) in lines {
            let parts = line.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\t" }).map { $0.trimmingCharacters(in: .whitespaces) }
            var form = model.form
            form.result = Self.resultWord(parts.count > 1 ? parts[1] : "")
            let (submission, errors) = Self.submission(form, person: parts[0], time: parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil,
                                                       sampleID: parts.count > 3 ? parts[3] : "", context: worker.context)
            if let submission {
                submissions.append(submission)
                made.append(index)
            } else {
                model.outcomes.append(PortalBatchLine(line: index + 1, text: parts[0], accepted: false, message: errors.first?.message ?? ""))
            }
        }
        let outcomes = await worker.results.submit(submissions, by: worker.submitter)
        for (position, outcome) in outcomes.enumerated() {
            let index = made[position], text = submissions[position].nationalIdentityNumber ?? ""
            let message: String = switch outcome.status {
            case "accepted": worker.context.t(.portalResultsAccepted)
            case "duplicate": worker.context.t(.portalResultsDuplicate)
            default: outcome.reason == "storage" ? worker.context.t(.portalResultsErrorStorage)
                : Self.fieldError(ResultRefusal(ResultRefusal.Kind(rawValue: outcome.reason ?? "") ?? .malformed, field: outcome.field, ""),
                                  context: worker.context).message
            }
            model.outcomes.append(PortalBatchLine(line: index + 1, text: text, accepted: outcome.status != "rejected", message: message))
        }
        model.outcomes.sort { $0.line < $1.line }
        if model.outcomes.allSatisfy(\.accepted) { model.lines = "" }
        return show(model.outcomes.contains { !$0.accepted } ? .unprocessableContent : .ok)
    }

    /// positiv/positive/pos/+ and negativ/negative/neg/− as the check's words; anything else as typed.
    static func resultWord(_ text: String) -> String {
        switch text.lowercased() {
        case "positiv", "positive", "pos", "+", "позитивний": "positive"
        case "negativ", "negative", "neg", "-", "−", "негативний": "negative"
        default: text
        }
    }

    /// `GET` and `POST /staff/results/{id}`: the correction form, and saving a correction.
    func correction(_ request: Request, _ worker: Worker, id: String, form body: FormBody?) async throws -> Response {
        guard let stored = try await worker.results.result(id) else { throw HTTPError(.notFound) }
        guard stored.organisation.map(worker.organisations.contains) ?? true else {
            var response = PortalController.page(MessagePageView.render(title: worker.context.t(.portalResultsCorrectTitle),
                                                                        body: worker.context.t(.portalResultsNoRole), context: worker.context), request: request)
            response.status = .forbidden
            return response
        }
        let person = try await worker.results.findPerson(try NationalIdentityNumber(stored.person), by: worker.pid)
        var model = ResultCorrectionModel(csrfToken: worker.csrfToken, worker: worker.line, result: Self.row(stored, worker.context),
                                          person: person?.name ?? stored.person)
        (model.personNumber, model.devices) = (stored.person, Self.devices)
        model.expected = ResultCheck.digest(person: stored.person, stored.record)
        model.history = try await worker.results.corrections(of: id).map { correction in
            PortalCorrectionRow(when: worker.context.language.format(Date(timeIntervalSince1970: Double(correction.correctedAt))),
                                by: correction.correctedBy, reason: correction.reason, before: correction.before, after: correction.after)
        }
        var status = HTTPResponse.Status.ok
        if let body {
            (model.form, model.reason) = (Self.form(body), body["reason"] ?? "")
            let (submission, errors) = Self.submission(model.form, person: stored.person, sampleID: stored.sampleID, context: worker.context)
            model.errors = errors
            if let submission {
                do {
                    _ = try await worker.results.correct(id, to: submission, reason: model.reason, expectedDigest: body["expected"],
                                                         by: worker.submitter)
                    return OIDCController.redirect(SiteRoute.staffResults.rawValue, ["person": stored.person, "saved": "corrected"])
                } catch let refusal as ResultRefusal {
                    model.errors = [Self.fieldError(refusal, context: worker.context)]
                }
            }
            status = .unprocessableContent
        } else {
            let (date, time) = SlotSchedule.wallClock(Int64(stored.record.sampleCollected), in: SlotSchedule.norway)
            model.form.testType = stored.record.type == ValueSets.TestType.naat ? "naat" : "rapid"
            (model.form.device, model.form.testName) = (stored.record.device ?? "", stored.record.testName ?? "")
            (model.form.date, model.form.time) = (date.description, time.description)
            (model.form.result, model.form.centre) = (stored.record.detected ? "positive" : "negative", stored.record.centre)
        }
        var response = PortalController.page(ResultPortalPages.correction(model, context: worker.context), request: request)
        response.status = status
        return response
    }
}
