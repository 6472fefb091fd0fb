// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .unsafeFlags(["-Xfrontend", "-warn-long-expression-type-checking=200"], .when(configuration: .debug)),
]

let package = Package(
    name: "tverr",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tverr", targets: ["tverr"]),
    ],
    dependencies: [
        .package(path: "Packages/Domain"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Storage: Fluent models, numbered migrations, repositories. No web framework.
        .target(
            name: "Persistence",
            dependencies: [
                .product(name: "Identifiers", package: "Domain"),
                .product(name: "Reference", package: "Domain"),
                .product(name: "Population", package: "Domain"),
                .product(name: "Audit", package: "Domain"),
                .product(name: "Identity", package: "Domain"),
                .product(name: "Events", package: "Domain"),
                .product(name: "Notify", package: "Domain"),
                .product(name: "Booking", package: "Domain"),
                .product(name: "Pandemic", package: "Domain"),
                .product(name: "CertLogic", package: "Domain"),
                .product(name: "Letters", package: "Domain"),
                .product(name: "Localization", package: "Domain"),
                .product(name: "DCC", package: "Domain"),
                .product(name: "Credentials", package: "Domain"),
                .product(name: "Trust", package: "Domain"),
                .product(name: "Rules", package: "Domain"),
                .product(name: "Arrival", package: "Domain"),
                .product(name: "Youth", package: "Domain"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Pages: Plot views over plain view models. No database, no web framework.
        .target(
            name: "WebUI",
            dependencies: [
                .product(name: "Localization", package: "Domain"),
                .product(name: "Plot", package: "Plot"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Hummingbird application: configuration, routes, controllers, middleware.
        .target(
            name: "TverrApp",
            dependencies: [
                "Persistence",
                "WebUI",
                .product(name: "Booking", package: "Domain"),
                .product(name: "Pandemic", package: "Domain"),
                .product(name: "Arrival", package: "Domain"),
                .product(name: "Youth", package: "Domain"),
                .product(name: "Rules", package: "Domain"),
                .product(name: "Population", package: "Domain"),
                .product(name: "Identity", package: "Domain"),
                .product(name: "Audit", package: "Domain"),
                .product(name: "Identifiers", package: "Domain"),
                .product(name: "Reference", package: "Domain"),
                .product(name: "Localization", package: "Domain"),
                .product(name: "CertLogic", package: "Domain"),
                .product(name: "DCC", package: "Domain"),
                .product(name: "Credentials", package: "Domain"),
                .product(name: "Trust", package: "Domain"),
                .product(name: "QR", package: "Domain"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Events", package: "Domain"),
                .product(name: "Notify", package: "Domain"),
                .product(name: "Letters", package: "Domain"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // The one executable: a thin ArgumentParser wrapper over the libraries.
        .executableTarget(
            name: "tverr",
            dependencies: [
                "TverrApp",
                "Persistence",
                .product(name: "Events", package: "Domain"),
                .product(name: "Population", package: "Domain"),
                .product(name: "Audit", package: "Domain"),
                .product(name: "Identity", package: "Domain"),
                .product(name: "Identifiers", package: "Domain"),
                .product(name: "CertLogic", package: "Domain"),
                .product(name: "DCC", package: "Domain"),
                .product(name: "QR", package: "Domain"),
                .product(name: "Trust", package: "Domain"),
                .product(name: "Rules", package: "Domain"),
                .product(name: "Arrival", package: "Domain"),
                .product(name: "Youth", package: "Domain"),
                .product(name: "RulesBench", package: "Domain"),
                .product(name: "Letters", package: "Domain"),
                .product(name: "Credentials", package: "Domain"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared by the test targets: SQLite and PostgreSQL stores for tests.
        .target(
            name: "TestSupport",
            dependencies: ["Persistence", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PersistenceTests",
            dependencies: ["Persistence", "TestSupport", .product(name: "Identity", package: "Domain"), .product(name: "Events", package: "Domain"),
                           .product(name: "Booking", package: "Domain"), .product(name: "Pandemic", package: "Domain")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WebUITests",
            dependencies: ["WebUI"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "TverrApp",
                "TestSupport",
                .product(name: "Identity", package: "Domain"),
                .product(name: "Events", package: "Domain"),
                .product(name: "Notify", package: "Domain"),
                .product(name: "Population", package: "Domain"),
                .product(name: "Reference", package: "Domain"),
                .product(name: "Identifiers", package: "Domain"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "CertLogic", package: "Domain"),
                .product(name: "Credentials", package: "Domain"),
                .product(name: "DCC", package: "Domain"),
                .product(name: "Trust", package: "Domain"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
