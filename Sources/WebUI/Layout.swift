import Localization
import Plot

/// The shared page frame: skip link, header with language switcher, main, footer.
/// Meets WCAG 2.1 AA structure (landmarks, `lang`, skip link) and needs no JavaScript.
public enum Layout {
    /// The stylesheet's URL path; versioned by content so it can be cached for a long time.
    public static let stylesheetPath = "/static/tverr.css"

    /// A whole HTML document around `content`.
    public static func page(title: String, context: PageContext, content: Node<HTML.BodyContext>) -> String {
        let html = HTML(
            .attribute(named: "lang", value: context.language.tag),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Only <title>, with its text escaped: Plot's .title(_:) also writes og:title and
                // twitter:title meta tags with the title unescaped in their attributes.
                .element(named: "title", nodes: [.text("\(title) – Tverr")]),
                .stylesheet(stylesheetPath)
            ),
            .body(
                .a(.class("skip-link"), .href("#main"), .text(context.t(.skipToContent))),
                header(context),
                .main(.id("main"), .attribute(named: "tabindex", value: "-1"), content),
                footer(context)
            )
        )
        return html.render()
    }

    static func header(_ context: PageContext) -> Node<HTML.BodyContext> {
        .header(
            .class("site-header"),
            .a(.class("brand"), .href("/"), .text("Tverr")),
            .nav(.attribute(named: "aria-label", value: context.t(.mainNavigationLabel)), .class("site-nav"),
                 .a(.href("/my"), .text(context.t(.navMyPage)))),
            .nav(
                .attribute(named: "aria-label", value: context.t(.languageSwitcherLabel)),
                .class("languages"),
                .ul(.forEach(Localization.Language.allCases) { language in
                    .li(.a(
                        .href(context.link(in: language)),
                        .attribute(named: "lang", value: language.tag),
                        .attribute(named: "hreflang", value: language.tag),
                        .if(language == context.language, .attribute(named: "aria-current", value: "true")),
                        .text(language.endonym)
                    ))
                })
            )
        )
    }

    static func footer(_ context: PageContext) -> Node<HTML.BodyContext> {
        .footer(
            .class("site-footer"),
            .p(.text(context.t(.footerAbout))),
            .p(.a(.href("/openapi.json"), .text(context.t(.footerOpenAPI))))
        )
    }
}
