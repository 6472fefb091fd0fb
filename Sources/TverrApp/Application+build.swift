import Hummingbird
import Logging
import Metrics
import Persistence
import Prometheus

/// Process-wide metrics: one Prometheus registry, bootstrapped once.
public enum TverrMetrics {
    /// The registry `/metrics` reads.
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped: Void = { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }()

    /// Makes swift-metrics report into `registry`. Safe to call more than once.
    public static func bootstrap() { _ = bootstrapped }
}

/// The router with every route and middleware, for the server and for in-process tests.
public func buildRouter(store: Store?, repository: any RegisterRepository,
                        identity: IdentityProvider? = nil, letterFont: String = NotifySettings().letterFont,
                        rules: RuleBook = .shared) -> Router<TverrRequestContext> {
    TverrMetrics.bootstrap()
    let router = Router(context: TverrRequestContext.self)
    router.add(middleware: ResponseHeadersMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ProblemDetailsMiddleware())

    // portal
    WebController(repository: repository).addRoutes(to: router)
    // operations
    OperationsController(store: store, metrics: TverrMetrics.registry).addRoutes(to: router)
    router.get(SiteRoute.openAPI.path) { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.json)))
    }
    // registers
    ReferenceDataController(repository: repository).addRoutes(to: router)
    // identity and the once-only exchange
    OIDCController(provider: identity, repository: repository).addRoutes(to: router)
    RegistersController(provider: identity, exchange: store.map(RegisterExchange.init)).addRoutes(to: router)
    PortalController(provider: identity, repository: repository, store: store).addRoutes(to: router)
    EIDController(provider: identity, exchange: store.map(RegisterExchange.init)).addRoutes(to: router)
    AdminController(provider: identity).addRoutes(to: router)
    // events
    EventsController(provider: identity, hub: store.map(EventHub.init), allowInsecureCallbacks: identity?.demoMode ?? false).addRoutes(to: router)
    // notify
    NotifyController(provider: identity, templates: store.map(NotifyTemplates.init), messages: store.map(NotifyMessages.init),
                     limiter: SendingLimiter(capacity: 10_000, rate: 1_000)).addRoutes(to: router)
    StaffTemplatesController(provider: identity, store: store).addRoutes(to: router)
    PrintQueueController(provider: identity, queue: store.map(PrintQueue.init), fontPath: letterFont).addRoutes(to: router)
    // pandemic
    ResultsController(portal: PortalController(provider: identity, repository: repository, store: store)).addRoutes(to: router)
    // booking
    BookingController(portal: PortalController(provider: identity, repository: repository, store: store)).addRoutes(to: router)
    BookingAPIController(provider: identity, bookings: store.map { Bookings(store: $0) }).addRoutes(to: router)
    ResultsAPIController(provider: identity, results: store.map { TestResults(store: $0) }).addRoutes(to: router)
    ResultPortalController(provider: identity, store: store).addRoutes(to: router)
    DashboardController(provider: identity, store: store).addRoutes(to: router)
    EntryController(provider: identity, store: store).addRoutes(to: router)
    TracingController(provider: identity, store: store).addRoutes(to: router)
    // arrival
    let letters = store.flatMap { store in
        identity.map { DecisionLetterSender(store: store, rules: rules, dataDirectory: $0.dataDirectory, fontPath: letterFont, baseURL: $0.issuer) }
    }
    IntakeController(provider: identity, store: store, rules: rules, letters: letters).addRoutes(to: router)
    RulesController(rules: rules).addRoutes(to: router)
    CaseworkerController(provider: identity, store: store, rules: rules, letters: letters).addRoutes(to: router)
    DecisionCheckController(store: store).addRoutes(to: router)
    SettlementController(provider: identity, store: store).addRoutes(to: router)
    JourneyController(provider: identity, store: store, ledger: store.map(JourneyLedger.init)).addRoutes(to: router)
    NetworkController(provider: identity, store: store).addRoutes(to: router)
    YouthController(store: store).addRoutes(to: router)
    YouthQuestionController(provider: identity, store: store).addRoutes(to: router)
    YouthPanelController(provider: identity, store: store).addRoutes(to: router)
    YouthArchiveController(store: store).addRoutes(to: router)
    YouthEditorController(provider: identity, store: store).addRoutes(to: router)
    MyProtectionController(portal: PortalController(provider: identity, repository: repository, store: store), rules: rules).addRoutes(to: router)
    // credentials
    CredentialsController(signers: store.map(CredentialSigners.init), certificates: store.map(IssuedCertificates.init)).addRoutes(to: router)
    CertificatesController(portal: PortalController(provider: identity, repository: repository, store: store), provider: identity, store: store,
                           fontPath: letterFont).addRoutes(to: router)
    return router
}

/// Assembles the application for `configuration` on an open, migrated `store`.
public func buildApplication(
    configuration: AppConfiguration, store: Store, identity: IdentityProvider, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = buildRouter(store: store, repository: SQLRegisterRepository(store: store), identity: identity,
                             letterFont: configuration.notify.letterFont)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tverr"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
    app.addServices(AuditCheckpointService(log: AuditLog(store: store), dataDirectory: configuration.dataDirectory,
                                           interval: .seconds(configuration.checkpointInterval), logger: logger))
    app.addServices(WebhookDispatcher(hub: EventHub(store: store), settings: configuration.webhooks, logger: logger))
    app.addServices(NotifyDispatcher(messages: NotifyMessages(store: store), settings: configuration.notify, logger: logger))
    app.addServices(BookingNoticeService(notices: BookingNotices(store: store), poll: .seconds(5), logger: logger))
    app.addServices(DecisionLetterService(
        sender: DecisionLetterSender(store: store, rules: .shared, dataDirectory: configuration.dataDirectory, fontPath: configuration.notify.letterFont,
                                     baseURL: identity.issuer),
        poll: .seconds(10), logger: logger))
    app.addServices(NetworkDigestService(sender: NetworkDigestSender(store: store, baseURL: identity.issuer), poll: .seconds(300), logger: logger))
    return app
}
