// swift-tools-version:6.1
import PackageDescription

/// Pure domain modules: they import only Foundation (and later swift-crypto), so that
/// `swift test --package-path Packages/Domain` builds and runs in seconds.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .unsafeFlags(["-Xfrontend", "-warn-long-expression-type-checking=200"], .when(configuration: .debug)),
]

let package = Package(
    name: "Domain",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Identifiers", targets: ["Identifiers"]),
        .library(name: "Reference", targets: ["Reference"]),
        .library(name: "Population", targets: ["Population"]),
        .library(name: "Localization", targets: ["Localization"]),
        .library(name: "Audit", targets: ["Audit"]),
        .library(name: "Identity", targets: ["Identity"]),
        .library(name: "Events", targets: ["Events"]),
        .library(name: "Notify", targets: ["Notify"]),
        .library(name: "Booking", targets: ["Booking"]),
        .library(name: "Pandemic", targets: ["Pandemic"]),
        .library(name: "Letters", targets: ["Letters"]),
        .library(name: "CBOR", targets: ["CBOR"]),
        .library(name: "ZlibCodec", targets: ["ZlibCodec"]),
        .library(name: "QR", targets: ["QR"]),
        .library(name: "CertLogic", targets: ["CertLogic"]),
        .library(name: "DCC", targets: ["DCC"]),
        .library(name: "Credentials", targets: ["Credentials"]),
        .library(name: "Trust", targets: ["Trust"]),
        .library(name: "Rules", targets: ["Rules"]),
        .library(name: "RulesBench", targets: ["RulesBench"]),
        .library(name: "Arrival", targets: ["Arrival"]),
        .library(name: "Youth", targets: ["Youth"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"5.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.0"),
        .package(url: "https://github.com/jpsim/Yams.git", "5.0.1"..<"7.0.0"),
    ],
    targets: [
        .target(name: "Identifiers", swiftSettings: swiftSettings),
        .target(name: "Reference", dependencies: ["Identifiers"], swiftSettings: swiftSettings),
        .target(name: "Population", dependencies: ["Identifiers", "Reference"], swiftSettings: swiftSettings),
        .target(name: "Localization", swiftSettings: swiftSettings),
        .target(name: "Audit", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        .target(
            name: "Identity",
            dependencies: [
                "Identifiers",
                "Localization",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "Events", dependencies: ["Identity", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        .target(name: "Notify", swiftSettings: swiftSettings),
        .target(name: "Booking", dependencies: ["Identifiers"], swiftSettings: swiftSettings),
        .target(name: "Letters", dependencies: ["ZlibCodec"], swiftSettings: swiftSettings),
        .target(name: "CBOR", swiftSettings: swiftSettings),
        /// zlib from the system (Debian's zlib1g-dev), for the HC1 container.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "ZlibCodec", dependencies: ["CZlib"], swiftSettings: swiftSettings),
        .target(name: "QR", dependencies: ["ZlibCodec"], swiftSettings: swiftSettings),
        .target(name: "CertLogic", dependencies: ["Identifiers"], swiftSettings: swiftSettings),
        .target(name: "DCC", dependencies: ["CBOR", "CertLogic"], swiftSettings: swiftSettings),
        .target(
            name: "Credentials",
            dependencies: [
                "CBOR",
                "ZlibCodec",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DomainTests",
            dependencies: ["Identifiers", "Reference", "Population", "Localization", "Audit", "Identity", "Events", "Notify", "Letters", "Booking"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Trust",
            dependencies: [
                "CBOR", "ZlibCodec", "Credentials", "DCC", "CertLogic", "Identifiers",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CredentialsTests",
            dependencies: ["CBOR", "ZlibCodec", "Credentials", "CertLogic", "DCC", "Trust", "Identifiers", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Pandemic",
            dependencies: ["Identifiers", "Reference", "DCC", "CertLogic", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PandemicTests", dependencies: ["Pandemic", "DCC", "Identifiers"], swiftSettings: swiftSettings),
        /// Rules as code: versioned rule sets in YAML, compiled to a vectorised engine with traces.
        .target(name: "Rules", dependencies: ["Identifiers", "Localization", .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
        /// Synthetic protection applications and the same rules written in Swift, for `tverr bench decide`.
        .target(name: "RulesBench", dependencies: ["Rules", "Identifiers", "Population"], swiftSettings: swiftSettings),
        /// The refugee arrival journey: the police intake, its checks, and the facts it gives the rules.
        .target(name: "Arrival", dependencies: ["Identifiers", "Reference", "Notify", "DCC", "Rules", "Population"], swiftSettings: swiftSettings),
        .testTarget(name: "ArrivalTests", dependencies: ["Arrival", "Rules", "Identifiers", "Population"], swiftSettings: swiftSettings),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "RulesBench", "Localization", "Identifiers"], swiftSettings: swiftSettings),
        .testTarget(name: "QRTests", dependencies: ["QR", "ZlibCodec"], swiftSettings: swiftSettings),
        /// The youth front door: articles, anonymous questions (urgent help, reply codes, redaction), safe full-text queries.
        .target(name: "Youth", dependencies: ["Identifiers"], swiftSettings: swiftSettings),
        .testTarget(name: "YouthTests", dependencies: ["Youth", "Identifiers", "Population"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
