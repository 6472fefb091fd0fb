/// A fault in a rule file, with the file and line where it is.
public struct RuleFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name.
    public let file: String
    /// The line, counting from 1 (0 when the fault concerns the whole file).
    public let line: Int
    /// What is wrong, in a sentence.
    public let problem: String

    /// `file:line: problem`, the way compilers write it, so that editors can jump to it.
    public var description: String { "\(file):\(line): \(problem)" }
}
