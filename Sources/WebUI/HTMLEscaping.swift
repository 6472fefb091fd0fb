/// Escaping for values that Plot puts into attributes: Plot escapes text nodes, but not
/// attribute values, so anything from a request must pass through here first.
public enum HTMLEscaping {
    /// `value` safe inside a double-quoted attribute.
    public static func attribute(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A query name or value percent-encoded (RFC 3986 unreserved characters kept).
    public static func queryComponent(_ text: String) -> String {
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
        var encoded = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) { encoded.unicodeScalars.append(Unicode.Scalar(byte)) } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    /// A request path reduced to safe URL characters (RFC 3986 path characters), then escaped.
    public static func pathAttribute(_ path: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/".unicodeScalars)
        var encoded = ""
        for byte in path.utf8 {
            let scalar = Unicode.Scalar(byte)
            if allowed.contains(scalar) { encoded.unicodeScalars.append(scalar) } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return attribute(encoded.hasPrefix("/") ? encoded : "/" + encoded)
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
