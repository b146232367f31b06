import Deferred
import FaultInjection
import Reactor
import ReactorTesting
import Testing

@Suite("ProcessCensus and unreachable targets")
struct ProcessCensusTests {
    @Test func aSilentListenerIsCountedOnItsPortUntilClosed() throws {
        let listener = try #require(SilentListener())
        #expect(ProcessCensus.socketDescriptors(port: listener.port) == 1)
        #expect(ProcessCensus.openDescriptors() > 0)
        listener.close()
        #expect(ProcessCensus.socketDescriptors(port: listener.port) == 0)
    }

    @Test func residentMemoryIsReported() {
        #expect(ProcessCensus.residentBytes() > 1 << 20)
    }

    @Test func aClosedPortRefuses() async throws {
        let port = try #require(ClosedPort.make())
        let code = try await EpollReactor.runOnNewThread(timeout: .seconds(60)) { reactor in
            TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port)
                .connect(ProtocolFactory.forProtocol { BaseProtocol() })
                .addCallbacks({ (_: any ConnectionProtocol) -> String in "connected" },
                    errback: { (error: any Error) -> String in "\((error as? ConnectError)?.code.description ?? "\(error)")" })
        }
        #expect(code == "refused")
    }
}
