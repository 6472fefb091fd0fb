import Foundation

/// A CloudEvents 1.0 event in structured JSON mode, as Tverr publishes it in the feed and to
/// webhooks. `data` is JSON text stored with the event and copied into the envelope as it is.
public struct CloudEvent: Equatable, Sendable {
    public static let specVersion = "1.0"
    /// The media type of an event sent in structured mode.
    public static let mediaType = "application/cloudevents+json"

    /// Unique per event: receivers use it to ignore a delivery they already have.
    public var id: String
    /// The block that produced it, for example `/tverr/registers`.
    public var source: String
    /// Reverse-DNS and versioned, for example `no.tverr.registers.address-changed.v1`.
    public var type: String
    /// Whom the event is about: a national identity number or D-number.
    public var subject: String
    /// When the change happened, in milliseconds since 1970.
    public var timeMilliseconds: Int64
    /// The event's data, as JSON text (an object).
    public var data: String
    /// The feed position (Tverr's extension attribute `sequence`, as a string per the spec).
    public var sequence: Int64?

    public init(id: String, source: String, type: String, subject: String, timeMilliseconds: Int64, data: String, sequence: Int64? = nil) {
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.timeMilliseconds = timeMilliseconds
        self.data = data
        self.sequence = sequence
    }

    /// The time attribute: RFC 3339 in UTC with milliseconds.
    public var time: String { Self.rfc3339(milliseconds: timeMilliseconds) }

    /// The event as one JSON object, attributes in a fixed order and `data` embedded as JSON.
    public func json() -> String {
        var text = "{\"specversion\":\"1.0\",\"id\":\(JSONText.quoted(id)),\"source\":\(JSONText.quoted(source))"
        text += ",\"type\":\(JSONText.quoted(type)),\"subject\":\(JSONText.quoted(subject)),\"time\":\"\(time)\""
        if let sequence { text += ",\"sequence\":\"\(sequence)\"" }
        text += ",\"datacontenttype\":\"application/json\",\"data\":\(data)}"
        return text
    }

    public static func rfc3339(milliseconds: Int64) -> String {
        let seconds = Int64((Double(milliseconds) / 1000).rounded(.down))
        let millis = Int(milliseconds - seconds * 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let millisText = String(repeating: "0", count: 3 - String(millis).count) + String(millis)
        return "\(parts.year ?? 1970)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)).\(millisText)Z"
    }
}

/// JSON string quoting (RFC 8259): quotes, backslashes and control characters are escaped.
public enum JSONText {
    public static func quoted(_ value: String) -> String {
        var text = "\""
        text.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
