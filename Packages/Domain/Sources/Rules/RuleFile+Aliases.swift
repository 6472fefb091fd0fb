extension RuleFile {
    /// Finds a YAML anchor (`&name`) or alias (`*name`) outside quotes and comments.
    ///
    /// Rule files do not use them: an alias used as a mapping key makes the YAML library hash
    /// the aliased structure, and nested aliases make that exponential (a "billion laughs"
    /// file took more than five minutes). Tests reuse facts with `like:` instead.
    static func anchorOrAlias(in yaml: String) -> (line: Int, token: String)? {
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var quote: Character?
            var previous: Character = " "
            var iterator = line.makeIterator()
            while let c = iterator.next() {
                defer { previous = c }
                if let open = quote {
                    if c == open { quote = nil }
                    continue
                }
                if c == "\"" || c == "'", " [{,:-?".contains(previous) { quote = c; continue }
                if c == "#", previous == " " || previous == "\t" { break }
                guard c == "&" || c == "*", " \t[{,:-?".contains(previous) else { continue }
                guard let next = iterator.next() else { break }
                previous = next
                if !next.isWhitespace, !",]}".contains(next) { return (index + 1, "\(c)\(next)") }
            }
        }
        return nil
    }
}
