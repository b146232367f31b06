import Deferred
import Reactor
import TLS
import Testing
import WebClient

@testable import TorsionDemo

/// The demo's workload in process, against the embedded server on a real `EpollReactor` over 127.0.0.1.
@Suite("torsion-demo")
struct DemoWorkloadTests {
    /// What one loopback run produced.
    struct Run: Sendable {
        var report: DemoReport
        var serverConnections: Int
        var handshakes = 0
    }

    /// Runs `requests` GETs over `concurrency` pooled connections with a short idle timeout.
    static func runDemo(requests: Int, concurrency: Int, bodySize: Int = 512, tls: Bool = false) async throws -> Run {
        try await onLoopbackReactor { reactor -> Deferred<Run> in
            let demoTLS = tls ? try DemoTLS() : nil
            let server = try DemoServer(reactor: reactor, bodySize: bodySize, tls: demoTLS?.server)
            let pool = HTTPConnectionPool(reactor: reactor)
            pool.maxPersistentPerHost = concurrency
            pool.cachedConnectionTimeout = .milliseconds(100)
            let agent = Agent(reactor: reactor, pool: pool, tlsOptions: demoTLS?.client)
            let workload = try DemoWorkload(
                reactor: reactor, agent: agent, pool: pool, url: server.url, requests: requests,
                concurrency: concurrency)
            return workload.run().addCallback { (report: DemoReport) -> Deferred<Run> in
                let run = Run(
                    report: report, serverConnections: server.connectionCount,
                    handshakes: demoTLS?.client.handshakesCompleted ?? 0)
                return server.port.stopListening().addCallback { run }
            }
        }
    }

    @Test func tlsRunHandshakesOncePerConnection() async throws {
        let run = try await Self.runDemo(requests: 200, concurrency: 3, tls: true)
        #expect(run.report.url.hasPrefix("https://127.0.0.1:"))
        #expect(run.report.everyRequestAnswered)
        #expect(run.report.failures.isEmpty)
        #expect(run.report.afterLoad.opened >= 1 && run.report.afterLoad.opened <= 3)
        #expect(run.handshakes == run.report.afterLoad.opened)
        #expect(run.report.afterLoad.opened + run.report.afterLoad.reused == 200)
    }

    @Test func smallRunAnswersEveryRequestOnPooledConnectionsThenClosesThemWhenIdle() async throws {
        let run = try await Self.runDemo(requests: 400, concurrency: 4)
        let report = run.report
        #expect(report.requests == 400)
        #expect(report.responses == report.requests)
        #expect(report.statuses == [200: 400])
        #expect(report.statuses.values.reduce(0, +) == report.responses)
        #expect(report.failures.isEmpty)
        #expect(report.everyRequestAnswered)
        #expect(report.bodyBytes == 400 * 512)

        let load = report.afterLoad
        #expect(load.opened >= 1 && load.opened <= 4)
        #expect(load.opened + load.reused == report.requests)
        #expect(load.retried == 0 && load.failedToOpen == 0 && load.evicted == 0 && load.lost == 0)
        #expect(load.idle == load.opened)
        #expect(run.serverConnections == load.opened)

        let pause = report.afterPause
        #expect(pause.idleClosed == load.opened)
        #expect(pause.idle == 0 && pause.inUse == 0)
        #expect(report.idlePause == .milliseconds(150))

        let p50 = try #require(report.p50)
        let p99 = try #require(report.p99)
        #expect(p50 > .zero && p50 <= p99)
        #expect(report.requestsPerSecond > 0)
    }

    @Test func moreWorkersThanRequestsOpensNoMoreConnectionsThanRequests() async throws {
        let report = try await Self.runDemo(requests: 3, concurrency: 8).report
        #expect(report.responses == 3)
        #expect(report.afterLoad.opened + report.afterLoad.reused == 3)
        #expect(report.afterLoad.opened <= 3)
        #expect(report.afterPause.idleClosed == report.afterLoad.opened)
    }

    @Test func refusedConnectionsAreCountedAsFailures() async throws {
        let report = try await onLoopbackReactor { reactor -> Deferred<DemoReport> in
            // A port that was listening and is closed again: connecting is refused.
            let server = try DemoServer(reactor: reactor, bodySize: 1)
            let url = server.url
            return server.port.stopListening().addCallback { () -> Deferred<DemoReport> in
                let pool = HTTPConnectionPool(reactor: reactor)
                pool.cachedConnectionTimeout = .milliseconds(10)
                let agent = Agent(reactor: reactor, pool: pool)
                let workload = try DemoWorkload(
                    reactor: reactor, agent: agent, pool: pool, url: url, requests: 5, concurrency: 2)
                return workload.run()
            }
        }
        #expect(report.responses == 0)
        #expect(!report.everyRequestAnswered)
        #expect(report.failures.values.reduce(0, +) == 5)
        #expect(report.p50 == nil)
    }
}

@Suite("torsion-demo command line and report")
struct DemoOptionsTests {
    @Test func tlsFlag() throws {
        #expect(try DemoOptions.parse(["--tls"]).tls)
        #expect(!(try DemoOptions.parse([]).tls))
        #expect(try DemoOptions.parse(["--url", "https://example.test/"]).url == "https://example.test/")
    }

    @Test func defaultsMatchTheREADME() throws {
        let options = try DemoOptions.parse([])
        #expect(options == DemoOptions(requests: 20_000, concurrency: 8, bodySize: 1024, idleTimeout: .seconds(1), url: nil))
    }

    @Test func everyFlagInBothForms() throws {
        let options = try DemoOptions.parse([
            "--requests", "500", "--concurrency=3", "--body-size", "10", "--idle-timeout", "0.25",
            "--url=http://example.test:8080/x",
        ])
        #expect(options.requests == 500 && options.concurrency == 3 && options.bodySize == 10)
        #expect(options.idleTimeout == .milliseconds(250))
        #expect(options.url == "http://example.test:8080/x")
    }

    @Test(arguments: [
        ["--requests"], ["--requests", "many"], ["--concurrency", "0"], ["--idle-timeout", "-1"],
        ["--url", "ftp://x/"], ["--tls=yes"], ["--bogus"], ["extra"],
    ])
    func badCommandLinesAreRefused(arguments: [String]) {
        #expect(throws: DemoUsageError.self) { try DemoOptions.parse(arguments) }
    }

    @Test func helpIsAnErrorWithoutMessage() {
        #expect(throws: DemoUsageError(message: nil)) { try DemoOptions.parse(["--help"]) }
    }

    @Test func percentilesAreNearestRank() {
        let values = (1...100).map { Duration.milliseconds($0) }
        #expect(DemoWorkload.percentile(values, 0.50) == .milliseconds(50))
        #expect(DemoWorkload.percentile(values, 0.99) == .milliseconds(99))
        #expect(DemoWorkload.percentile([.seconds(1)], 0.99) == .seconds(1))
        #expect(DemoWorkload.percentile([], 0.5) == nil)
    }

    @Test func numbersAreFormattedWithoutFoundation() {
        #expect(DemoOutput.fixed(0.306, digits: 2) == "0.31")
        #expect(DemoOutput.fixed(0.004, digits: 2) == "0.00")
        #expect(DemoOutput.fixed(12.5, digits: 0) == "13")
        #expect(DemoOutput.fixed(3.04, digits: 2) == "3.04")
        #expect(DemoOutput.milliseconds(.microseconds(1500)) == "1.50")
        #expect(DemoOutput.seconds(.milliseconds(1500)) == "1.50")
    }
}
