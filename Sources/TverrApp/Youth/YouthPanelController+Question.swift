import Foundation
import Hummingbird
import Localization
import Persistence
import WebUI
import Youth

extension YouthPanelController {
    /// One question's page (its read audited): the answer form for an expert while it waits, or
    /// the review with the redacted texts for someone other than the one who answered.
    func question(_ request: Request, _ member: Member, id: String, problem: FieldError? = nil, form: FormBody? = nil) async throws -> Response {
        let context = member.access.context
        guard let q = try await member.questions.open(id, by: member.actor) else {
            var response = MunicipalStaffAccess.refuse(.panelUnknown, title: .panelTitle, context: context, request: request)
            response.status = .notFound
            return response
        }
        var view = YouthPanelQuestionView()
        (view.id, view.text, view.reviewNote, view.discipline, view.problem) = (q.id, q.text, q.reviewNote, q.discipline, problem)
        view.facts = [Choice(value: context.t(.panelDiscipline), label: Self.name(q.discipline, context)),
                      Choice(value: context.t(.panelAsked), label: Self.date(q.askedAt, context))]
            + (q.urgent ? [Choice(value: context.t(.panelUrgent), label: "✔")] : [])
            + [q.age.map { Choice(value: context.t(.youthAskAge), label: String($0)) }, q.county.map { Choice(value: context.t(.youthAskCounty), label: $0) }]
                .compactMap { $0 }
        view.disciplines = Discipline.allCases.map { Choice(value: $0.rawValue, label: Self.name($0.rawValue, context)) }
        view.answering = q.status == "queued" && member.expert
        view.draft = form?["answer"] ?? q.answer ?? ""
        view.ownAnswer = q.status == "answered" && q.answeredBy == member.actor
        view.reviewing = q.status == "answered" && !view.ownAnswer
        if view.reviewing {
            let question = Self.redactor.redact(q.text), answer = Self.redactor.redact(q.answer ?? "")
            view.publishQuestion = form?["question"] ?? question.text
            view.publishAnswer = form?["answer"] ?? answer.text
            view.removed = (question.removed + answer.removed).map { Choice(value: Redactor.placeholder($0.kind), label: $0.original) }
        }
        var response = PortalController.page(YouthPanelPages.question(view, csrfToken: member.access.session.csrfToken, context: context), request: request)
        if problem != nil { response.status = .unprocessableContent }
        return response
    }

    /// A discipline's name in the page's language.
    static func name(_ discipline: String, _ context: PageContext) -> String {
        let key: MessageKey = switch Discipline(rawValue: discipline) ?? .nurse {
        case .nurse: .disciplineNurse
        case .doctor: .disciplineDoctor
        case .psychologist: .disciplinePsychologist
        case .lawyer: .disciplineLawyer
        case .careerAdviser: .disciplineCareerAdviser
        case .socialWorker: .disciplineSocialWorker
        }
        return context.t(key)
    }

    /// A time in milliseconds as the page's language writes a date.
    static func date(_ milliseconds: Int64, _ context: PageContext) -> String {
        context.language.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000), date: .long, time: .none)
    }
}

/// The public archive of published answers (`/ung/svar-fra-fagfolk`), without login: the newest,
/// or the best matches for a search; one answer with its date, and a notice when it is more than a
/// year old.
struct YouthArchiveController {
    let store: Store?

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.youthArchive.path) { request, _ in
            let (context, questions) = try open(request)
            let fields = (try? FormBody.parse(request.uri.query ?? ""))?.fields
            let text = String((fields?["q"] ?? "").prefix(200))
            let query = FullTextQuery(text)
            let found = if let query { try await questions.search(query) } else { try await questions.latest() }
            return PortalController.page(YouthArchivePages.archive(query: text, rows: found.map { Self.row($0, context) }, context: context), request: request)
        }
        router.get(SiteRoute.youthArchiveAnswer.path) { request, parameters in
            let (context, questions) = try open(request)
            guard let found = try await questions.archived(parameters.parameters.get("id") ?? "") else {
                var response = PortalController.page(YouthArchivePages.archive(query: "", rows: [], context: context), request: request)
                response.status = .notFound
                return response
            }
            return PortalController.page(YouthArchivePages.answer(Self.row(found, context), context: context), request: request)
        }
    }

    func open(_ request: Request) throws -> (PageContext, YouthQuestions) {
        guard let store else { throw Problem(.serviceUnavailable, detail: "The youth pages are not running in this process.") }
        return (PageContext(language: request.preferredLanguage, path: request.uri.path), YouthQuestions(store: store))
    }

    static func row(_ answer: YouthQuestions.ArchivedAnswer, _ context: PageContext) -> YouthArchiveRow {
        let answered = Date(timeIntervalSince1970: Double(answer.answeredAt) / 1000)
        return YouthArchiveRow(id: answer.id, question: answer.question, answer: answer.answer, discipline: YouthPanelController.name(answer.discipline, context),
                               answered: YouthPanelController.date(answer.answeredAt, context),
                               old: ArchiveNotice.isOld(answered: .inNorway(answered), today: TverrServer.today()))
    }
}
