import Localization
import Plot

/// A plain page for "not found" and "something went wrong", with a way back.
public enum ErrorPageView {
    /// Renders the page for an HTTP `status`.
    public static func render(status: Int, context: PageContext) -> String {
        let (title, body): (MessageKey, MessageKey) = status == 404 ? (.notFoundTitle, .notFoundBody) : (.errorTitle, .errorBody)
        return Layout.page(title: context.t(title), context: context, content: .group(
            .h1(.text(context.t(title))),
            .p(.text(context.t(body))),
            .p(.a(.href("/"), .text(context.t(.backToFrontPage))))
        ))
    }
}
