import Deferred
import FaultInjection
import Reactor
import ReactorTesting
import Testing
import WebClient

/// The fault matrix over real loopback sockets: for every scenario, requests through one pooled Agent, and
/// the invariants of `ScenarioReport.check` (one outcome each, an allowed one; none twice, hung or
/// desynchronised; pool counters that add up; no socket or timer left behind).
@Suite("Fault matrix (loopback)")
struct FaultMatrixTests {
    static let requests = 100
    static let concurrency = 16

    @Test(arguments: FaultScenario.standard().map(\.name))
    func scenario(_ name: String) async throws {
        let report = try await EpollReactor.runOnNewThread(timeout: .seconds(120)) { reactor in
            let scenario = FaultScenario.standard().first { $0.name == name }!
            return ScenarioRunner.run(scenario, requests: Self.requests, concurrency: Self.concurrency, reactor: reactor)
        }
        #expect(report.violations.isEmpty, "\(name): \(report.violations) outcomes: \(report.load.outcomes)")
        #expect(report.load.completed == Self.requests)
        #expect(report.load.answeredTwice == 0 && report.load.hung == 0 && report.leakedSockets == 0)
    }

    /// Two mixes in a row on one reactor: the second starts from what the first left (nothing), and both keep
    /// every invariant. (The draws themselves repeat per seed: `FaultServerTests.aSeededPlanRepeatsItsDraws`.)
    @Test func twoSeededMixesInARowKeepEveryInvariant() async throws {
        let runs = try await EpollReactor.runOnNewThread(timeout: .seconds(120)) { reactor in
            ScenarioRunner.run(FaultScenario.mix(seed: 42), requests: 150, concurrency: 8, reactor: reactor)
                .addCallback { (first: ScenarioReport) -> Deferred<[ScenarioReport]> in
                    ScenarioRunner.run(FaultScenario.mix(seed: 42), requests: 150, concurrency: 8, reactor: reactor)
                        .addCallback { (second: ScenarioReport) -> [ScenarioReport] in [first, second] }
                }
        }
        for run in runs {
            #expect(run.violations.isEmpty, "\(run.violations)")
        }
        #expect(Set(runs[0].server.faults.keys).count >= 8)
        #expect(runs.allSatisfy { $0.load.completed == 150 && $0.load.answeredTwice == 0 })
    }

    @Test func aResetReachesTheClientAsAResetAfterTheBytesSentBeforeIt() async throws {
        let (text, reason) = try await EpollReactor.runOnNewThread(timeout: .seconds(60)) { reactor in
            let server = FaultServer(reactor: reactor, plan: .always(.resetMidBody), options: .init(bodySize: 8))
            try server.listen()
            let client = RawClient(request: "GET /r/0 HTTP/1.1\r\nHost: x\r\n\r\n")
            return TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: server.port!)
                .connect(ProtocolFactory.forProtocol { client })
                .addCallback { (_: any ConnectionProtocol) -> Deferred<(String, String)> in client.done }
        }
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n/r/0")
        #expect(reason.contains("ECONNRESET") || reason.contains("reset by peer"), "\(reason)")
    }
}

/// Sends fixed bytes on connect and reports what came back and how the connection ended.
private final class RawClient: BaseProtocol {
    let request: String
    var received: [UInt8] = []
    let done = Deferred<(String, String)>()

    init(request: String) {
        self.request = request
    }

    override func connectionMade() {
        transport?.write(Array(request.utf8))
    }

    override func dataReceived(_ data: [UInt8]) {
        received += data
    }

    override func connectionLost(reason: any Error) {
        super.connectionLost(reason: reason)
        done.callback((String(decoding: received, as: UTF8.self), "\(reason)"))
    }
}
