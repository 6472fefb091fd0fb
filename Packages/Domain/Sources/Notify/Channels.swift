/// The ways a notice reaches a person.
public enum Channel: String, CaseIterable, Codable, Sendable {
    /// The digital mailbox on "my page".
    case mailbox
    case sms
    case email
    /// A printed letter, for people who are reserved against digital contact or have none.
    case letter
}

/// What the contact and reservation register says about a person.
public struct ContactFacts: Equatable, Sendable {
    public var email: String?
    public var mobile: String?
    public var reserved: Bool

    public init(email: String?, mobile: String?, reserved: Bool) {
        self.email = email
        self.mobile = mobile
        self.reserved = reserved
    }
}

/// The channel plan for a notice to a person: the notice itself, and the short pointers that tell
/// them it is there, in the order they are tried.
public struct ChannelPlan: Equatable, Sendable {
    /// Where the notice is put: the mailbox, or a letter.
    public let notice: Channel
    /// Pointers to the mailbox, tried in order until one is delivered; if all fail, a letter is sent.
    public let pointers: [Channel]

    public init(notice: Channel, pointers: [Channel]) {
        self.notice = notice
        self.pointers = pointers
    }

    /// A reserved person, or one with no e-mail and no mobile, gets a letter. Anyone else gets the
    /// notice in the mailbox and a pointer by SMS, falling back to e-mail, then to a letter.
    public static func plan(for contact: ContactFacts) -> ChannelPlan {
        guard !contact.reserved else { return ChannelPlan(notice: .letter, pointers: []) }
        var pointers: [Channel] = []
        if contact.mobile != nil { pointers.append(.sms) }
        if contact.email != nil { pointers.append(.email) }
        return pointers.isEmpty ? ChannelPlan(notice: .letter, pointers: []) : ChannelPlan(notice: .mailbox, pointers: pointers)
    }

    /// The channel to try after `failed`, given the plan: the next pointer, else a letter.
    public func next(after failed: Channel) -> Channel? {
        guard failed != .letter, failed != .mailbox else { return nil }
        if let index = pointers.firstIndex(of: failed), index + 1 < pointers.count { return pointers[index + 1] }
        return .letter
    }
}
