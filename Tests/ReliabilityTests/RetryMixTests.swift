import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing
import WebClient

@testable import FaultInjection

/// What the fault server needs for retries (the `503` + `Retry-After` fault, counting requests per method
/// and non-idempotent repeats, refused connection attempts), and the retry mix over loopback: every
/// request ends once, the RetryAgent makes more of them succeed, and no POST reaches the server twice.
@Suite("Retry mix")
struct RetryMixTests {
    private let reactor = MemoryReactorClock()

    private func connect(_ options: FaultServer.Options) -> (FaultServer, StringTransport, any ConnectionProtocol) {
        let server = FaultServer(reactor: reactor, plan: .always(.serviceUnavailable), options: options)
        let transport = StringTransport()
        let connection = server.factory.buildProtocol(addr: .ipv4(host: "127.0.0.1", port: 1))!
        connection.makeConnection(transport)
        return (server, transport, connection)
    }

    @Test func serviceUnavailableAnswers503WithRetryAfterAndKeepsTheConnection() {
        let (server, transport, connection) = connect(FaultServer.Options(retryAfter: "7"))
        connection.dataReceived(Array("GET /r/1 HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(transport.text == "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nContent-Length: 4\r\n\r\nbusy")
        #expect(!transport.isDisconnecting)
        #expect(server.stats.faults[.serviceUnavailable] == 1 && server.stats.methods == ["GET": 1])
    }

    @Test func theServerCountsNonIdempotentRequestsSentTwiceWhenAsked() {
        let (server, _, connection) = connect(FaultServer.Options(countsRepeats: true))
        for request in ["POST /r/1", "POST /r/2", "PUT /r/1", "PUT /r/1", "POST /r/1", "PATCH /r/1", "GET /r/2", "GET /r/2"] {
            connection.dataReceived(Array("\(request) HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".utf8))
        }
        #expect(server.stats.methods == ["POST": 3, "PUT": 2, "PATCH": 1, "GET": 2])
        #expect(server.stats.repeatedNonIdempotent == 1)  // the second POST /r/1; PUT and GET may repeat
        let (quiet, _, other) = connect(FaultServer.Options())
        for _ in 0..<2 { other.dataReceived(Array("POST /r/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".utf8)) }
        #expect(quiet.stats.repeatedNonIdempotent == 0)
    }

    @Test func theRefusingFactoryRefusesItsShareForReal() async throws {
        let (refused, passed, errors) = try await EpollReactor.runOnNewThread(timeout: .seconds(60)) { reactor in
            let server = FaultServer(reactor: reactor, plan: .always(.none))
            try server.listen()
            let factory = RefusingEndpointFactory(
                wrapping: StandardEndpointFactory(reactor: reactor), reactor: reactor, closedPort: ClosedPort.make()!,
                permille: 500, seed: 3)
            let agent = Agent.usingEndpointFactory(reactor: reactor, endpointFactory: factory)
            let attempts = (0..<20).map { i in
                agent.request(method: "GET", uri: "http://127.0.0.1:\(server.port!)/r/\(i)")
                    .addCallback { (response: Response) -> Deferred<String> in
                        readBody(response).addCallback { (_: [UInt8]) -> String in "200" }
                    }
                    .addErrback { (error: any Error) -> String in LoadReport.kind(of: error) }
            }
            return Deferred<[String]>.gatherResults(attempts).addCallback { (kinds: [String]) -> Deferred<(Int, Int, [String])> in
                server.stopListening().addCallback { () -> (Int, Int, [String]) in (factory.refused, factory.passed, kinds) }
            }
        }
        #expect(refused + passed == 20 && refused > 0 && passed > 0)
        #expect(errors.filter { $0 == "ConnectError(refused)" }.count == refused)
        #expect(errors.filter { $0 == "200" }.count == passed)
    }

    @Test func theRetryAgentMakesMoreRequestsSucceedAndNeverSendsAPOSTTwice() async throws {
        let runs = try await EpollReactor.runOnNewThread(timeout: .seconds(120)) { reactor in
            ScenarioRunner.run(FaultScenario.retryMix(seed: 11, retries: nil), requests: 120, concurrency: 16, reactor: reactor)
                .addCallback { (without: ScenarioReport) -> Deferred<[ScenarioReport]> in
                    ScenarioRunner.run(
                        FaultScenario.retryMix(seed: 11, retries: FaultScenario.retryMixPolicy), requests: 120,
                        concurrency: 16, reactor: reactor
                    ).addCallback { (with: ScenarioReport) -> [ScenarioReport] in [without, with] }
                }
        }
        let (without, with) = (runs[0], runs[1])
        for run in runs {
            #expect(run.violations.isEmpty, "\(run.name): \(run.violations) \(run.load.outcomes)")
            #expect(run.load.completed == 120 && run.load.answeredTwice == 0 && run.load.hung == 0)
            #expect(run.server.repeatedNonIdempotent == 0)
            #expect(run.leakedSockets == 0 && run.leakedTimers == 0)
        }
        #expect(without.load.retries == 0 && with.load.retries > 0)
        #expect(with.load.count("200") > without.load.count("200"), "\(without.load.outcomes) vs \(with.load.outcomes)")
        let getsWithout = without.load.count("200") - without.load.postOutcomes["200", default: 0]
        let getsWith = with.load.count("200") - with.load.postOutcomes["200", default: 0]
        #expect(getsWith >= 87 && getsWith > getsWithout, "GETs succeeded: \(getsWithout) → \(getsWith) of 90")
        // Every POST reached the server at most once, and a refused one was sent once the connection worked.
        #expect(with.server.methods["POST", default: 0] <= 30)
    }
}
