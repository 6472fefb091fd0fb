import Hummingbird
import NIOCore

/// The request context for every route: Hummingbird's core, plus the client's address for rate limits.
public struct TverrRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The client's address as a rate-limit key.
    public var clientKey: String { remoteAddress?.ipAddress ?? "unknown" }
}
