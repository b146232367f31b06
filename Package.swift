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
        .library(name: "HTTPCore", targets: ["HTTPCore"]),
        .library(name: "WebClient", targets: ["WebClient"]),
        .library(name: "WebServer", targets: ["WebServer"]),
        .library(name: "TLS", targets: ["TLS"]),
        .library(name: "FaultInjection", targets: ["FaultInjection"]),
        .library(name: "HTTP2", targets: ["HTTP2"]),
        // Test doubles, beside the libraries they stand in for (Twisted's twisted.internet.testing, NIO's
        // NIOEmbedded and NIOTestUtils): link them from tests, never from production code.
        .library(name: "DeferredTesting", targets: ["DeferredTesting"]),
        .library(name: "ReactorTesting", targets: ["ReactorTesting"]),
        .library(name: "TLSTesting", targets: ["TLSTesting"]),
        .library(name: "WebClientTesting", targets: ["WebClientTesting"]),
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
        // The HTTP/1.1 wire codec shared by the client and the server (docs/architecture.md).
        .target(name: "HTTPCore", dependencies: ["Deferred", "Reactor"], swiftSettings: settings),
        .target(
            name: "WebClient", dependencies: ["Deferred", "Reactor", "TLS", "HTTPCore"], swiftSettings: settings),
        .target(
            name: "WebServer", dependencies: ["Deferred", "Reactor", "TLS", "HTTPCore"], swiftSettings: settings),

        // HTTP/2's protocol core as pure values: HPACK, the frame codec, the stream, flow-control,
        // SETTINGS and GOAWAY state machines (docs/http2.md). Depends on nothing.
        .target(name: "HTTP2", swiftSettings: settings),

        // Content codings (gzip, deflate, br, zstd): streaming decoders and encoders over CTorsionCompression.
        .target(name: "ContentCoding", dependencies: ["CTorsionCompression"], swiftSettings: settings),

        // A misbehaving HTTP server, resolvers that fail, a load driver and the fault matrix (docs/reliability.md).
        .target(
            name: "FaultInjection", dependencies: ["Deferred", "Reactor", "HTTPCore", "WebClient"],
            swiftSettings: settings),

        // The testing products (docs/testing.md).
        .target(name: "DeferredTesting", dependencies: ["Deferred"], swiftSettings: settings),
        .target(name: "ReactorTesting", dependencies: ["Deferred", "Reactor"], swiftSettings: settings),
        .target(name: "TLSTesting", dependencies: ["TLS", "CTorsionTLS"], swiftSettings: settings),
        .target(
            name: "WebClientTesting",
            dependencies: ["Deferred", "Reactor", "ReactorTesting", "HTTPCore", "WebClient", "WebServer"],
            swiftSettings: settings),

        .testTarget(name: "DeferredTests", dependencies: ["Deferred", "DeferredTesting"], swiftSettings: settings),
        .testTarget(
            name: "ReactorTests", dependencies: ["Deferred", "Reactor", "DeferredTesting", "ReactorTesting", "activated-echo"],
            swiftSettings: settings),
        .testTarget(
            name: "HTTPCoreTests", dependencies: ["Deferred", "Reactor", "HTTPCore", "DeferredTesting", "ReactorTesting"],
            swiftSettings: settings),
        .testTarget(
            name: "WebClientTests",
            dependencies: [
                "Deferred", "Reactor", "HTTPCore", "WebClient", "WebServer", "TLS", "DeferredTesting", "ReactorTesting",
                "WebClientTesting",
            ],
            swiftSettings: settings),
        .testTarget(
            name: "WebServerTests",
            dependencies: ["Deferred", "Reactor", "HTTPCore", "WebServer", "WebClient", "DeferredTesting", "ReactorTesting"],
            swiftSettings: settings),
        .testTarget(
            name: "TLSTests",
            dependencies: [
                "Deferred", "Reactor", "TLS", "WebClient", "WebServer", "DeferredTesting", "ReactorTesting", "TLSTesting",
            ],
            swiftSettings: settings),
        .testTarget(
            name: "ReliabilityTests",
            dependencies: ["Deferred", "Reactor", "WebClient", "FaultInjection", "DeferredTesting", "ReactorTesting"],
            swiftSettings: settings),
        .testTarget(
            name: "DemoTests", dependencies: ["TorsionDemo", "TLS", "TLSTesting", "ReactorTesting"],
            swiftSettings: settings),
        .testTarget(name: "HTTP2Tests", dependencies: ["HTTP2"], swiftSettings: settings),
        .testTarget(
            name: "ContentCodingTests", dependencies: ["ContentCoding", "CTorsionCompression"],
            exclude: ["Fixtures"], swiftSettings: settings),

        // The README's first command, `swift run torsion-demo`: the embedded server and a pooled Agent
        // workload in one reactor.
        .executableTarget(
            name: "TorsionDemo", dependencies: ["Deferred", "Reactor", "WebClient", "WebServer", "TLS", "TLSTesting"],
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
            name: "tls-testcert", dependencies: ["TLS", "TLSTesting"], path: "Examples/tls-testcert", swiftSettings: settings),
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
        // UDP, child processes, signals and adopted sockets (docs/reactor.md). ReactorTests runs
        // activated-echo as a socket-activated child.
        .executableTarget(
            name: "dns-query", dependencies: ["Reactor", "Deferred"], path: "Examples/dns-query",
            swiftSettings: settings),
        .executableTarget(
            name: "supervisor", dependencies: ["Reactor", "Deferred"], path: "Examples/supervisor",
            swiftSettings: settings),
        .executableTarget(
            name: "activated-echo", dependencies: ["Reactor", "Deferred"], path: "Examples/activated-echo",
            swiftSettings: settings),

        // Benchmarks: release-mode executables (see docs/performance.md).
        .executableTarget(
            name: "ReactorBench", dependencies: ["Reactor", "Deferred"], path: "Benchmarks/ReactorBench",
            swiftSettings: settings),
        // The soak: a million requests through the pool against the fault server (docs/reliability.md).
        .executableTarget(
            name: "Soak", dependencies: ["Deferred", "Reactor", "WebClient", "FaultInjection"], path: "Benchmarks/Soak",
            swiftSettings: settings),
        // UDP datagrams per second and spawnProcess spawns per second (docs/performance.md); the C, Python and
        // Twisted peers are in Benchmarks/c and Benchmarks/twisted.
        .executableTarget(
            name: "UDPBench", dependencies: ["Reactor", "Deferred"], path: "Benchmarks/UDPBench", swiftSettings: settings),
        .executableTarget(
            name: "SpawnBench", dependencies: ["Reactor", "Deferred"], path: "Benchmarks/SpawnBench",
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
        // HPACK and frame-decoding throughput (docs/http2.md).
        .executableTarget(name: "H2Bench", dependencies: ["HTTP2"], path: "Benchmarks/H2Bench", swiftSettings: settings),
        // The client CPU a cookie jar adds per request (docs/cookies.md).
        .executableTarget(
            name: "CookieBench", dependencies: ["Reactor", "WebClient"], path: "Benchmarks/CookieBench",
            swiftSettings: settings),
        .executableTarget(
            name: "TorsionServerBench", dependencies: ["Deferred", "Reactor", "WebServer"],
            path: "Benchmarks/TorsionServerBench", swiftSettings: settings),
    ],
    swiftLanguageModes: [.v6]
)
