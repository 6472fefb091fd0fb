/// The one stylesheet. Mobile first, readable at 320 px, contrast at least 4.5:1, a visible focus.
public enum Stylesheet {
    /// The CSS text.
    public static let css = """
    :root { --ink: #1a1a1a; --muted: #4a4a4a; --paper: #ffffff; --brand: #0b4f8a; --line: #c8c8c8; --focus: #ffbf47; }
    *, *::before, *::after { box-sizing: border-box; }
    html { font-size: 100%; -webkit-text-size-adjust: 100%; }
    body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
           color: var(--ink); background: var(--paper); overflow-wrap: anywhere; }
    a { color: var(--brand); text-underline-offset: 0.15em; }
    a:focus-visible, main:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; background: var(--focus); color: var(--ink); }
    .skip-link { position: absolute; left: -999px; top: 0; padding: 0.5rem 1rem; background: var(--paper); z-index: 10; }
    .skip-link:focus { left: 0.5rem; }
    .site-header { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between;
                   padding: 0.75rem 1rem; border-bottom: 4px solid var(--brand); }
    .brand { font-weight: 700; font-size: 1.25rem; text-decoration: none; color: var(--brand); }
    .languages ul { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; list-style: none; margin: 0; padding: 0; }
    .languages a[aria-current="true"] { font-weight: 700; text-decoration: none; color: var(--ink); }
    main { display: block; max-width: 60rem; margin: 0 auto; padding: 1rem; }
    h1 { font-size: 1.75rem; line-height: 1.2; margin: 0.5rem 0 1rem; }
    h2 { font-size: 1.375rem; margin-top: 2rem; }
    .lead { font-size: 1.125rem; max-width: 40em; }
    .cards { display: grid; grid-template-columns: 1fr; gap: 1rem; list-style: none; padding: 0; }
    .card { border: 1px solid var(--line); border-radius: 4px; padding: 1rem; }
    .card h3 { margin-top: 0; }
    .status { color: var(--muted); font-style: italic; margin-bottom: 0; }
    .figures { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; align-items: baseline; margin: 0; }
    .figures dt { font-size: 1.5rem; font-weight: 700; }
    .figures dd { margin: 0; color: var(--muted); }
    .site-nav a { font-weight: 600; }
    label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
    input[type=text], input[type=search] { font: inherit; padding: 0.5rem; border: 2px solid var(--ink); border-radius: 0; width: 100%; max-width: 20rem; }
    input:focus-visible, button:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; box-shadow: inset 0 0 0 2px var(--ink); }
    .button { font: inherit; font-weight: 600; padding: 0.5rem 1rem; margin: 0.5rem 0; border: 2px solid var(--brand);
              background: var(--brand); color: var(--paper); cursor: pointer; }
    .button.secondary { background: var(--paper); color: var(--brand); }
    .choices { list-style: none; padding: 0; }
    .choices li { margin-bottom: 0.5rem; }
    .slots { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.25rem 1rem; }
    .slots label { display: flex; align-items: center; gap: 0.5rem; min-height: 2.75rem; margin: 0; font-weight: 400; }
    .slots input[type=radio] { width: 1.5rem; height: 1.5rem; }
    .slots .full { display: flex; align-items: center; min-height: 2.75rem; color: var(--muted); }
    .days { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }
    .hint { color: var(--muted); }
    .error-summary { border: 4px solid #b00020; padding: 0.5rem 1rem; margin: 1rem 0; }
    .data-use { padding-left: 0; list-style: none; }
    .data-use li { border: 1px solid var(--line); border-radius: 4px; padding: 0.75rem 1rem; margin-bottom: 0.75rem; }
    .data-use dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
    .data-use dt { font-weight: 600; }
    .data-use dd { margin: 0; }
    input[type=email], input[type=tel], input[type=date], input[type=password], select { font: inherit; padding: 0.5rem; border: 2px solid var(--ink); border-radius: 0; width: 100%; max-width: 20rem; }
    .checkbox { display: flex; gap: 0.5rem; align-items: flex-start; margin: 1rem 0; }
    .checkbox input { width: 1.5rem; height: 1.5rem; flex: none; }
    .checkbox label { font-weight: 400; margin: 0; }
    .notice { border-left: 4px solid var(--brand); padding: 0.25rem 1rem; margin: 1rem 0; }
    fieldset { border: 1px solid var(--line); padding: 0.5rem 1rem 1rem; margin: 1.5rem 0; }
    legend { font-weight: 700; font-size: 1.125rem; padding: 0 0.25rem; }
    textarea { font: inherit; padding: 0.5rem; border: 2px solid var(--ink); border-radius: 0; width: 100%; }
    textarea:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; }
    [aria-invalid="true"] { border-color: #b00020; border-width: 3px; }
    table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
    caption { text-align: left; font-weight: 600; }
    th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    .warning { border-left: 4px solid #8a5a00; padding: 0.25rem 1rem; margin: 1rem 0; }
    .qr svg { display: block; max-width: 100%; height: auto; margin: 1rem 0; }
    .chart svg { display: block; max-width: 100%; height: auto; margin: 1rem 0; }
    .table-scroll { overflow-x: auto; }
    .choice { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.5rem 0; }
    .choice input { width: 1.25rem; height: 1.25rem; margin: 0.15rem 0 0; flex: none; }
    .choice label { margin: 0; font-weight: 400; }
    pre.hc1 { white-space: pre-wrap; word-break: break-all; font-size: 0.875rem; }
    pre { white-space: pre-wrap; overflow-wrap: anywhere; }
    h3 code, td code, dd { overflow-wrap: anywhere; }
    summary { cursor: pointer; font-weight: 600; }
    summary:focus-visible, a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    code.secret { font-size: 1.125rem; letter-spacing: 0.05em; }
    .site-footer { border-top: 1px solid var(--line); padding: 1rem; color: var(--muted); max-width: 60rem; margin: 2rem auto 0; }
    @media (min-width: 40em) { .cards { grid-template-columns: repeat(3, 1fr); } h1 { font-size: 2.25rem; } }
    @media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
    """
}
