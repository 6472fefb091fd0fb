import Testing
@_exported import TestSupport

extension Backend: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}
