import Deferred
import Reactor
import ReactorTesting

@testable import WebClient

/// A ``RetryAgent`` around a real ``Agent`` and persistent pool on a `MemoryReactorClock`: every attempt is
/// a connection attempt the test completes or fails (`reactor.tcpClients`), bytes the test feeds, and
/// waits the test moves the clock through. The wall clock is fixed (moving with the fake clock) and jitter
/// comes from a seeded generator.
final class RetryHarness {
    let reactor = MemoryReactorClock()
    let pool: HTTPConnectionPool
    let inner: Agent
    let agent: RetryAgent
    /// The wall-clock time at fake time zero.
    static let wallStart = HTTPDate(secondsSince1970: 1_700_000_000)

    init(_ retries: Retry = Retry(), timeouts: AgentTimeouts? = nil, seed: UInt64 = 1) {
        pool = HTTPConnectionPool(reactor: reactor)
        inner = Agent.usingEndpointFactory(
            reactor: reactor, endpointFactory: RoutingEndpointFactory(reactor: reactor), pool: pool)
        agent = RetryAgent(inner, reactor: reactor, retries: retries, timeouts: timeouts)
        agent.random = SeededGenerator(seed: seed)
        let reactor = self.reactor
        agent.wallClock = {
            HTTPDate(secondsSince1970: Self.wallStart.secondsSince1970 + reactor.now.components.seconds)
        }
    }

    func request(
        _ method: String = "GET", _ path: String = "/", body: (any BodyProducer)? = nil, headers: Headers = Headers(),
        timeouts: AgentTimeouts? = nil
    ) -> Deferred<Response> {
        agent.request(
            method: method, uri: "http://example.com\(path)", headers: headers, bodyProducer: body, timeouts: timeouts)
    }

    /// Connection attempts so far (one per attempt that needed a new connection).
    var attempts: Int { reactor.tcpClients.count }

    func connector(_ index: Int) -> MemoryConnector { reactor.tcpClients[index].connector }

    /// Refuses the pending connection attempt `index`.
    func refuse(_ index: Int) {
        connector(index).fail(ConnectError.refused())
    }

    /// Completes attempt `index` and answers it with `response`.
    func answer(_ index: Int, _ response: String) {
        connector(index).complete()
        feed(index, response)
    }

    func feed(_ index: Int, _ text: String) {
        connector(index).protocolInstance!.dataReceived(Array(text.utf8))
    }

    /// What attempt `index`'s connection was sent.
    func written(_ index: Int) -> String { connector(index).transport?.text ?? "" }

    /// Timers pending besides the pool's idle timers: the retry agent's waits and the Agent's limits.
    var pendingTimers: Int {
        reactor.getDelayedCalls().count - pool.counters.idle
    }

    static let ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

    static func status(_ code: Int, retryAfter: String? = nil, body: String = "busy") -> String {
        let field = retryAfter.map { "Retry-After: \($0)\r\n" } ?? ""
        return "HTTP/1.1 \(code) X\r\n\(field)Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }
}

extension String {
    /// How many times `needle` occurs (without overlaps).
    func occurrences(of needle: String) -> Int {
        let haystack = Array(utf8)
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, haystack.count >= pattern.count else { return 0 }
        var count = 0
        var index = 0
        while index + pattern.count <= haystack.count {
            if haystack[index..<index + pattern.count].elementsEqual(pattern) {
                count += 1
                index += pattern.count
            } else {
                index += 1
            }
        }
        return count
    }
}

/// SplitMix64, for repeatable jitter in tests.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A body producer that writes its bytes once and cannot be rewound (a stream read from somewhere).
final class OneShotBodyProducer: BodyProducer {
    let bytes: [UInt8]
    private(set) var starts = 0
    init(_ text: String) { bytes = Array(text.utf8) }
    var length: Int? { bytes.count }
    func startProducing(_ consumer: any Consumer) -> Deferred<Void> {
        starts += 1
        consumer.write(bytes)
        return .succeed(())
    }
    func pauseProducing() {}
    func resumeProducing() {}
    func stopProducing() {}
}

/// A replayable producer that counts its rewinds.
final class CountingBodyProducer: BodyProducer {
    let bytes: [UInt8]
    private(set) var rewinds = 0
    init(_ text: String) { bytes = Array(text.utf8) }
    var length: Int? { bytes.count }
    var isReplayable: Bool { true }
    func rewind() { rewinds += 1 }
    func startProducing(_ consumer: any Consumer) -> Deferred<Void> {
        consumer.write(bytes)
        return .succeed(())
    }
    func pauseProducing() {}
    func resumeProducing() {}
    func stopProducing() {}
}
