// swift-tools-version:6.2
import PackageDescription

/// Settings shared by every Swift target: Swift 6 mode with strict concurrency is the
/// package default; these upcoming features make existentials and imports explicit.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Torsion",
    products: [
        .library(name: "Deferred", targets: ["Deferred"]),
        .library(name: "Reactor", targets: ["Reactor"]),
        .library(name: "WebClient", targets: ["WebClient"]),
        .library(name: "WebServer", targets: ["WebServer"]),
        .library(name: "TLS", targets: ["TLS"]),
        .library(name: "FaultInjection", targets: ["FaultInjection"]),
        .library(name: "ContentCoding", targets: ["ContentCoding"]),
        .executable(name: "torsion-demo", targets: ["TorsionDemo"]),
        .executable(name: "torsion-soak", targets: ["Soak"]),
        .executable(name: "torsion-bench", targets: ["TorsionBench"]),
        .executable(name: "torsion-bench-server", targets: ["TorsionServerBench"]),
    ],
    targets: [
        // Header-only view of the Linux system calls Glibc's Swift module does not export
        // (epoll, eventfd, timerfd, writev), plus tiny inline helpers.
        .target(name: "CTorsion"),
        // The system's OpenSSL 3 bound at run time (dlopen/dlsym): no OpenSSL headers at build time, so a
        // machine with only the Swift toolchain builds Torsion (see docs/architecture.md).
        .target(name: "CTorsionTLS", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        // The system's zlib, brotli and zstd bound at run time (dlopen/dlsym), each on its own: no headers
        // at build time, nothing linked (see docs/content-coding.md).
        .target(name: "CTorsionCompression", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        .target(name: "Deferred", swiftSettings: settings),
        .target(name: "Reactor", dependencies: ["Deferred", "CTorsion"], swiftSettings: settings),
        .target(name: "TLS", dependencies: ["Deferred", "Reactor", "CTorsionTLS"], swiftSettings: settings),
        .target(name: "WebClient", dependencies: ["Deferred", "Reactor", "TLS"], swiftSettings: settings),
        .target(
            name: "WebServer", dependencies: ["Deferred", "Reactor", "WebClient", "TLS"], swiftSettings: settings),

        // Content codings (gzip, deflate, br, zstd): streaming decoders and encoders over CTorsionCompression.
        .target(name: "ContentCoding", dependencies: ["CTorsionCompression"], swiftSettings: settings),

        // A misbehaving HTTP server, resolvers that fail, a load driver and the fault matrix (docs/reliability.md).
        .target(name: "FaultInjection", dependencies: ["Deferred", "Reactor", "WebClient"], swiftSettings: settings),

        .testTarget(name: "DeferredTests", dependencies: ["Deferred"], swiftSettings: settings),
        .testTarget(name: "ReactorTests", dependencies: ["Deferred", "Reactor"], swiftSettings: settings),
        .testTarget(
            name: "WebClientTests", dependencies: ["Deferred", "Reactor", "WebClient"], swiftSettings: settings),
        .testTarget(
            name: "WebServerTests", dependencies: ["Deferred", "Reactor", "WebClient", "WebServer"],
            swiftSettings: settings),
        .testTarget(
            name: "TLSTests", dependencies: ["Deferred", "Reactor", "TLS", "WebClient", "WebServer"],
            swiftSettings: settings),
        .testTarget(
            name: "ReliabilityTests", dependencies: ["Deferred", "Reactor", "WebClient", "FaultInjection"],
            swiftSettings: settings),
        .testTarget(
            name: "ContentCodingTests", dependencies: ["ContentCoding", "CTorsionCompression"],
            exclude: ["Fixtures"], swiftSettings: settings),
        .testTarget(name: "DemoTests", dependencies: ["TorsionDemo", "TLS"], swiftSettings: settings),

        // The README's first command, `swift run torsion-demo`: the embedded server and a pooled Agent
        // workload in one reactor.
        .executableTarget(
            name: "TorsionDemo", dependencies: ["Deferred", "Reactor", "WebClient", "WebServer", "TLS"],
            path: "Examples/Demo",
            swiftSettings: settings),

        // Examples: programs that run, built by `swift build`.
        .executableTarget(
            name: "fetch", dependencies: ["Deferred", "Reactor", "WebClient", "TLS"], path: "Examples/fetch",
            swiftSettings: settings),
        .executableTarget(
            name: "fault-server", dependencies: ["Deferred", "Reactor", "WebClient", "FaultInjection"],
            path: "Examples/fault-server", swiftSettings: settings),
        .executableTarget(
            name: "tls-testcert", dependencies: ["TLS"], path: "Examples/tls-testcert", swiftSettings: settings),
        .executableTarget(
            name: "DeferredTour", dependencies: ["Deferred"], path: "Examples/DeferredTour", swiftSettings: settings),
        .executableTarget(
            name: "EchoServer", dependencies: ["Reactor", "Deferred"], path: "Examples/EchoServer",
            swiftSettings: settings),
        .executableTarget(
            name: "EchoClient", dependencies: ["Reactor", "Deferred"], path: "Examples/EchoClient",
            swiftSettings: settings),
        .executableTarget(
            name: "Countdown", dependencies: ["Reactor", "Deferred"], path: "Examples/Countdown",
            swiftSettings: settings),

        // Benchmarks: release-mode executables (see docs/performance.md).
        .executableTarget(
            name: "ReactorBench", dependencies: ["Reactor", "Deferred"], path: "Benchmarks/ReactorBench",
            swiftSettings: settings),
        // The soak: a million requests through the pool against the fault server (docs/reliability.md).
        .executableTarget(
            name: "Soak", dependencies: ["Deferred", "Reactor", "WebClient", "FaultInjection"], path: "Benchmarks/Soak",
            swiftSettings: settings),
        // Streaming decode throughput per content coding, beside gzip/brotli/zstd -dc (Benchmarks/decode.sh).
        .executableTarget(
            name: "DecodeBench", dependencies: ["ContentCoding"], path: "Benchmarks/DecodeBench",
            swiftSettings: settings),
        .executableTarget(name: "DeferredBench", dependencies: ["Deferred"], path: "Benchmarks/DeferredBench", swiftSettings: settings),
        // The Torsion client and server of the side-by-side run (Benchmarks/run.sh); the peers live in
        // Benchmarks/peers (async-http-client in its own package there, so this one keeps no dependencies).
        .executableTarget(
            name: "TorsionBench", dependencies: ["Deferred", "Reactor", "WebClient"], path: "Benchmarks/TorsionBench",
            swiftSettings: settings),
        .executableTarget(
            name: "TorsionServerBench", dependencies: ["Deferred", "Reactor", "WebServer"],
            path: "Benchmarks/TorsionServerBench", swiftSettings: settings),
    ],
    swiftLanguageModes: [.v6]
)
