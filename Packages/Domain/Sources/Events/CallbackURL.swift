import Foundation

/// A webhook callback address, checked before a subscription is stored.
public struct CallbackURL: Equatable, Sendable {
    public let url: URL

    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case notAURL, scheme, userInfo, fragment, tooLong, insecure
        public var description: String {
            switch self {
            case .notAURL: "callbackUrl must be an absolute URL such as https://agency.example/events."
            case .scheme: "callbackUrl must use https (or http where insecure callbacks are allowed)."
            case .userInfo: "callbackUrl must not carry a user name or password; the signature header authenticates Tverr."
            case .fragment: "callbackUrl must not have a #fragment."
            case .tooLong: "callbackUrl is longer than 2,000 characters."
            case .insecure: "callbackUrl must use https: this Tverr does not allow plain http callbacks."
            }
        }
    }

    /// `allowInsecure` permits `http` (demo mode and tests, where receivers run on loopback).
    public init(_ text: String, allowInsecure: Bool) throws(Refusal) {
        guard text.count <= 2000 else { throw .tooLong }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { throw .notAURL }
        guard scheme == "https" || scheme == "http" else { throw .scheme }
        if scheme == "http" && !allowInsecure { throw .insecure }
        guard url.user == nil, url.password == nil else { throw .userInfo }
        guard url.fragment == nil else { throw .fragment }
        self.url = url
    }
}
