import Foundation
import Hummingbird
import Identifiers
import Localization
import Persistence
import Reference
import WebUI
import Youth

/// The expert panel (`/staff/panel`): experts (the expert role at Bufdir or the Directorate of
/// Health) answer the anonymous questions, urgent first; a second expert or an editor there
/// reviews each answer with what the redactor removed, and publishes it into the archive or sends
/// it back. Portal session at high, CSRF on every form, every read and step audited.
struct YouthPanelController {
    let provider: IdentityProvider?
    let store: Store?

    /// Who is working: the actor written on the question and in the audit log, and what they may do.
    struct Member {
        let access: PortalStaffAccess
        let actor: String
        let expert: Bool
        let questions: YouthQuestions
    }

    /// Removes names from the common list and the municipalities' names.
    static let redactor = Redactor(names: Redactor.commonFirstNames, places: Municipality.all.map(\.name))

    func addRoutes(to router: Router<TverrRequestContext>) {
        router.get(SiteRoute.staffPanel.path) { request, _ in
            try await panel(request) { member in
                let notice = ["answered": MessageKey.panelAnswered, "published": .panelPublished, "returned": .panelReturned, "moved": .panelMovedDone]
                    .first { request.uri.queryParameters[$0.key] != nil }?.value
                let context = member.access.context
                let mine = Set(try await member.questions.disciplines(of: member.access.session.pid).map(\.rawValue))
                let rows = try await member.questions.queue().map { q in
                    YouthPanelRow(id: q.id, excerpt: String(q.text.prefix(120)), discipline: Self.name(q.discipline, context),
                                  asked: Self.date(q.askedAt, context), urgent: q.urgent, toReview: q.status == "answered", mine: mine.contains(q.discipline))
                }
                return PortalController.page(YouthPanelPages.list(rows, notice: notice.map(context.t), context: context), request: request)
            }
        }
        router.get(SiteRoute.staffPanelQuestion.path) { request, _ in
            try await panel(request) { member in
                try await question(request, member, id: request.uri.queryParameters["id"].map(String.init) ?? "")
            }
        }
        router.post(SiteRoute.staffPanelAnswer.path) { request, _ in
            try await step(request, done: "answered") { member, id, form in
                guard member.expert else { throw NotExpert() }
                let text = try PanelAnswer.check(form["answer"] ?? "")
                try await member.questions.answer(id, text: text, by: member.actor)
            }
        }
        router.post(SiteRoute.staffPanelMove.path) { request, _ in
            try await step(request, done: "moved") { member, id, form in
                guard let discipline = Discipline(rawValue: form["discipline"] ?? "") else { throw FieldProblem(field: "discipline", problem: nil) }
                try await member.questions.triage(id, to: discipline, by: member.actor)
            }
        }
        router.post(SiteRoute.staffPanelPublish.path) { request, _ in
            try await step(request, done: "published") { member, id, form in
                // The redactor runs again on the stored texts for the removals kept (the publish step is audited).
                guard let stored = try await member.questions.open(id, by: member.actor, audited: false) else { throw YouthQuestions.PanelRefusal.notFound }
                let question: String
                do { question = try PanelAnswer.check(form["question"] ?? "", lengths: QuestionDraft.minimumLength...QuestionDraft.maximumLength) }
                catch let problem as PanelAnswer.Problem { throw FieldProblem(field: "question", problem: problem) }
                let answer = try PanelAnswer.check(form["answer"] ?? "")
                let removals = Self.redactor.redact(stored.text).removed + Self.redactor.redact(stored.answer ?? "").removed
                try await member.questions.publish(id, question: question, answer: answer, removals: removals, by: member.actor)
            }
        }
        router.post(SiteRoute.staffPanelReturn.path) { request, _ in
            try await step(request, done: "returned") { member, id, form in
                let note = (form["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard (10...2000).contains(note.count) else { throw FieldProblem(field: "note", problem: nil) }
                try await member.questions.sendBack(id, note: note, by: member.actor)
            }
        }
    }

    /// A refused field on a panel form (no problem: the note or the discipline).
    struct FieldProblem: Error { let field: String; let problem: PanelAnswer.Problem? }
    /// Answering is for experts; an editor reviews.
    struct NotExpert: Error {}

    /// Runs `body` for a member of the panel (expert) or a reviewing editor at a publisher.
    func panel(_ request: Request, posting: Bool = false, _ body: (Member) async throws -> Response) async throws -> Response {
        try await PortalStaffAccess.check(request, provider: provider, store: store, role: nil, title: .panelTitle, noRole: .panelNoRole,
                                          posting: posting) { access in
            let roles = try await (provider?.identity.roles(of: access.session.pid) ?? []).filter { YouthEditorController.publishers.contains($0.organisation) }
            let expert = roles.first { $0.role == .expert }, editor = roles.first { $0.role == .editor }
            guard let held = expert ?? editor, let store else {
                return MunicipalStaffAccess.refuse(.panelNoRole, title: .panelTitle, context: access.context, request: request)
            }
            return try await body(Member(access: access, actor: "staff:\(held.organisation)/\(access.session.pid)", expert: expert != nil,
                                         questions: YouthQuestions(store: store)))
        }
    }

    /// A posted step on one question: done, it goes back to the list with a notice; refused, the
    /// question page says why (422 for a field, 409 when the question moved on, 404 unknown).
    func step(_ request: Request, done: String, _ body: @escaping (Member, String, FormBody) async throws -> Void) async throws -> Response {
        try await panel(request, posting: true) { member in
            let form = member.access.form!, id = form["id"] ?? ""
            do {
                try await body(member, id, form)
                return OIDCController.redirect(SiteRoute.staffPanel.rawValue, [done: "1"])
            } catch let refused as PanelAnswer.Problem {
                return try await question(request, member, id: id, problem: Self.problem("answer", refused, member.access.context), form: form)
            } catch let refused as FieldProblem {
                let message = refused.problem.map { Self.problem(refused.field, $0, member.access.context).message }
                    ?? member.access.context.t(refused.field == "discipline" ? .panelErrorDiscipline : .panelErrorNote)
                return try await question(request, member, id: id, problem: FieldError(field: refused.field, message: message), form: form)
            } catch is NotExpert {
                return MunicipalStaffAccess.refuse(.panelNoRole, title: .panelTitle, context: member.access.context, request: request)
            } catch let refused as YouthQuestions.PanelRefusal {
                let (key, status): (MessageKey, HTTPResponse.Status) = switch refused {
                case .notFound: (.panelUnknown, .notFound)
                case .ownAnswer: (.panelOwnAnswer, .conflict)
                case .wrongState: (.panelMovedOn, .conflict)
                }
                var response = MunicipalStaffAccess.refuse(key, title: .panelTitle, context: member.access.context, request: request)
                response.status = status
                return response
            }
        }
    }

    static func problem(_ field: String, _ problem: PanelAnswer.Problem, _ context: PageContext) -> FieldError {
        let key: MessageKey = switch problem {
        case .tooShort: .panelErrorShort
        case .tooLong: .panelErrorLong
        case .controlCharacters: .panelErrorControl
        }
        return FieldError(field: field, message: context.t(key))
    }
}
