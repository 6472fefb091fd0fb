import Localization
import Plot

/// The front door: what Tverr is, the services on it, and the size of the demo register.
public enum FrontPageView {
    /// Renders the page.
    public static func render(_ model: FrontPageModel, context: PageContext) -> String {
        // Each service with its ways in; one without any is still to come.
        let services: [(MessageKey, MessageKey, [(MessageKey, String)])] = [
            (.servicePandemicTitle, .servicePandemicBody, [(.bookingTitle, "/book"), (.certificatesTitle, "/my/certificates"), (.verifyTitle, "/verify"), (.entryTitle, "/entry")]),
            (.serviceArrivalTitle, .serviceArrivalBody, []),
            (.serviceYouthTitle, .serviceYouthBody, []),
        ]
        let content: Node<HTML.BodyContext> = .group(
            .h1(.text(context.t(.frontTitle))),
            .p(.class("lead"), .text(context.t(.frontLead))),
            .section(
                .attribute(named: "aria-labelledby", value: "services"),
                .h2(.id("services"), .text(context.t(.servicesHeading))),
                .ul(.class("cards"), .forEach(services) { title, body, links in
                    .li(.class("card"),
                        .h3(.text(context.t(title))),
                        .p(.text(context.t(body))),
                        links.isEmpty ? .p(.class("status"), .text(context.t(.comingSoon)))
                            : .ul(.forEach(links) { key, path in .li(.a(.href(path), .text(context.t(key)))) }))
                })
            ),
            .section(
                .attribute(named: "aria-labelledby", value: "register"),
                .h2(.id("register"), .text(context.t(.registerHeading))),
                .dl(.class("figures"),
                    figure(model.people, .registerPeople, context),
                    figure(model.municipalities, .registerMunicipalities, context),
                    figure(model.organisations, .registerOrganisations, context)),
                .p(.text(context.t(.registerSyntheticNote)))
            )
        )
        return Layout.page(title: context.t(.frontTitle), context: context, content: content)
    }

    static func figure(_ value: Int, _ label: MessageKey, _ context: PageContext) -> Node<HTML.DescriptionListContext> {
        .group(.dt(.text(formatted(value, context.language))), .dd(.text(context.t(label))))
    }

    /// Groups digits the way each language writes them (a space in Norwegian and Ukrainian).
    static func formatted(_ value: Int, _ language: Localization.Language) -> String {
        let digits = String(value)
        let separator = language == .en ? "," : "\u{00A0}"
        var out = ""
        for (index, char) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += separator }
            out.append(char)
        }
        return out
    }
}
