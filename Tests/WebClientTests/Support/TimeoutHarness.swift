import Deferred
import DeferredTesting
import Reactor
import ReactorTesting

@testable import WebClient

/// An Agent with ``AgentTimeouts`` over a persistent pool on a `MemoryReactorClock`: the test completes
/// connection attempts, feeds response bytes and moves the clock.
final class TimeoutHarness {
    let reactor = MemoryReactorClock()
    let pool: HTTPConnectionPool
    let agent: Agent
    static let okResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

    init(_ timeouts: AgentTimeouts) {
        pool = HTTPConnectionPool(reactor: reactor)
        agent = Agent.usingEndpointFactory(
            reactor: reactor, endpointFactory: RoutingEndpointFactory(reactor: reactor), pool: pool,
            timeouts: timeouts)
    }

    func get(_ path: String = "/", timeouts: AgentTimeouts? = nil) -> Deferred<Response> {
        agent.request(method: "GET", uri: "http://example.com\(path)", timeouts: timeouts)
    }

    func connector(_ index: Int = 0) -> MemoryConnector { reactor.tcpClients[index].connector }

    func transport(_ index: Int = 0) -> StringTransport { connector(index).transport! }

    func feed(_ index: Int = 0, _ text: String) {
        connector(index).protocolInstance!.dataReceived(Array(text.utf8))
    }

    /// What the real reactor does after `abortConnection()`: the protocol hears of the loss.
    func deliverAbort(_ index: Int = 0) {
        connector(index).loseConnection(reason: ConnectionLost.aborted)
    }

    func advance(toTickBefore delay: Duration, _ check: () throws -> Void) rethrows {
        try reactor.advance(toTickBefore: delay, check)
    }

    /// A connection that has completed one GET and sits idle in the pool.
    func idleConnection() throws {
        let d = get()
        connector().complete()
        feed(0, Self.okResponse)
        _ = try successResultOf(readBody(try successResultOf(d)))
    }

    /// Timers still pending besides the pool's idle timers (one per idle connection).
    var pendingRequestTimers: Int {
        reactor.getDelayedCalls().count - pool.counters.idle
    }
}

extension MemoryReactorClock {
    /// Moves the clock to one nanosecond before `delay` from now (a timer due at `delay` must not have
    /// fired), runs `check`, then moves the last nanosecond.
    func advance(toTickBefore delay: Duration, _ check: () throws -> Void) rethrows {
        advance(delay - .nanoseconds(1))
        try check()
        advance(.nanoseconds(1))
    }
}
