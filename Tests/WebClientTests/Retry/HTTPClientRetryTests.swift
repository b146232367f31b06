import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@testable import WebClient

/// The treq front's `retries:` and `headers:` options, on a memory reactor.
@Suite("HTTPClient retries")
struct HTTPClientRetryTests {
    @Test func aClientWithRetriesRetriesAndSendsItsDefaultHeaders() throws {
        let reactor = MemoryReactorClock()
        let client = HTTPClient(
            reactor: reactor, retries: Retry(backoffFactor: .milliseconds(100)), headers: ["User-Agent": "torsion-test"])
        let d = client.get("http://192.0.2.1/", headers: ["Accept": "text/plain"])
        reactor.tcpClients[0].connector.fail(ConnectError.refused())
        reactor.advance(.zero)
        let connector = reactor.tcpClients[1].connector
        connector.complete()
        let written = connector.transport!.text
        #expect(written.occurrences(of: "\r\nUser-Agent: torsion-test\r\n") == 1)
        #expect(written.occurrences(of: "\r\nAccept: text/plain\r\n") == 1)
        connector.protocolInstance!.dataReceived(Array(RetryHarness.ok.utf8))
        let response = try successResultOf(d)
        #expect(response.retryHistory.count == 1)
        #expect(try successResultOf(client.text(response)) == "ok")
    }

    @Test func treqsTimeoutCancelsAPendingWait() throws {
        let reactor = MemoryReactorClock()
        let client = HTTPClient(reactor: reactor, retries: Retry(backoffFactor: .seconds(10), backoffOnFirstRetry: true))
        let d = client.get("http://192.0.2.1/", timeout: .seconds(5))
        reactor.tcpClients[0].connector.fail(ConnectError.refused())
        reactor.advance(.seconds(5))
        #expect(try failureResultOf(d, TimeoutError.self).timeout == .seconds(5))
        #expect(reactor.getDelayedCalls().isEmpty)
        reactor.advance(.seconds(60))
        #expect(reactor.tcpClients.count == 1)
    }

    @Test func theClientsTotalLimitBoundsTheRetries() throws {
        let reactor = MemoryReactorClock()
        let client = HTTPClient(
            reactor: reactor, timeouts: AgentTimeouts(total: .seconds(2)),
            retries: Retry(total: nil, backoffFactor: .seconds(1), backoffOnFirstRetry: true))
        let d = client.get("http://192.0.2.1/")
        reactor.tcpClients[0].connector.fail(ConnectError.refused())
        reactor.advance(.seconds(1))
        reactor.tcpClients[1].connector.fail(ConnectError.refused())  // the next wait, 2 s, would pass 2 s
        #expect(try failureResultOf(d, MaxRetryError.self).limit == .deadline(.seconds(2)))
    }
}
