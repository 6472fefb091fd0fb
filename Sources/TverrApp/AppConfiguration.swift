import Persistence

/// Everything `tverr serve` can be told, from flags or the environment.
public struct AppConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The TCP port to listen on.
    public var port: Int
    /// Where the data lives.
    public var storage: StorageConfiguration
    /// The folder for the SQLite file and generated keys.
    public var dataDirectory: String
    /// How many synthetic people to seed into an empty register.
    public var demoPeople: Int
    /// The seed for the synthetic population.
    public var demoSeed: UInt64

    /// The public base URL (the OpenID Connect issuer); by default `http://host:port`.
    public var publicURL: String?
    /// Demo mode: the test-ID login page with synthetic people.
    public var demoMode: Bool

    /// Seconds between signed audit checkpoints (one more is signed at shutdown).
    public var checkpointInterval: Int = 300

    /// Webhook delivery: retry schedule, receiver timeout, polling.
    public var webhooks = WebhookSettings()

    /// Notice delivery: SMS gateway, SMTP relay, retries.
    public var notify = NotifySettings()

    /// The issuer identifier.
    public var issuer: String { publicURL ?? "http://\(host == "0.0.0.0" ? "localhost" : host):\(port)" }

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 8080, storage: StorageConfiguration,
                dataDirectory: String = "./data", demoPeople: Int = 10_000, demoSeed: UInt64 = 2026,
                publicURL: String? = nil, demoMode: Bool = true) {
        self.publicURL = publicURL
        self.demoMode = demoMode
        self.host = host
        self.port = port
        self.storage = storage
        self.dataDirectory = dataDirectory
        self.demoPeople = demoPeople
        self.demoSeed = demoSeed
    }
}
