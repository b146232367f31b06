import Deferred
import HTTPCore
import Reactor

/// A misbehaving HTTP/1.1 server for tests and the command line: answers each request as its
/// ``FaultPlan`` says (see ``Fault`` for what each fault does and what a client must make of it).
///
/// ```swift
/// let server = FaultServer(reactor: reactor, plan: .random(seed: 7, weights: [(.none, 8), (.resetMidBody, 1)]))
/// let port = try server.listen()            // 127.0.0.1, a free port
/// ```
///
/// Every response body starts with the request target, so a client can tell whose response it got.
/// ``stats`` counts connections, the faults applied, requests per method and non-idempotent requests sent
/// twice. For faults that act before any request (a port
/// that refuses connections, a listener that never accepts) see ``ClosedPort`` and ``SilentListener``;
/// for name-resolution failures, ``FaultResolver``.
///
/// Threading: reactor thread only.
public final class FaultServer {
    /// Knobs of the faults.
    public struct Options: Sendable {
        /// Bytes in each response body (at least the target's length; padded with `.`). Default 64.
        public var bodySize: Int
        /// The wait between the bytes of a ``Fault/dribble`` response. Default zero (one byte per reactor
        /// turn).
        public var dribbleInterval: Duration
        /// How long after its response a ``Fault/closeIdle`` connection is closed. Default zero.
        public var idleCloseDelay: Duration
        /// The `Retry-After` value of a ``Fault/serviceUnavailable`` response (delay-seconds or an HTTP-date).
        /// Default `1`.
        public var retryAfter: String
        /// Whether to remember every non-idempotent request's method and target, to count the ones sent
        /// twice (``Stats/repeatedNonIdempotent``). Costs memory per request: off by default (the soak), on in
        /// the fault matrix.
        public var countsRepeats: Bool

        /// Creates the options.
        public init(
            bodySize: Int = 64, dribbleInterval: Duration = .zero, idleCloseDelay: Duration = .zero,
            retryAfter: String = "1", countsRepeats: Bool = false
        ) {
            self.bodySize = bodySize
            self.dribbleInterval = dribbleInterval
            self.idleCloseDelay = idleCloseDelay
            self.retryAfter = retryAfter
            self.countsRepeats = countsRepeats
        }
    }

    /// What the server has done so far.
    public struct Stats: Sendable, Equatable {
        /// Connections accepted.
        public var connections = 0
        /// Connections open right now.
        public var openConnections = 0
        /// Requests whose head arrived.
        public var requests = 0
        /// Requests per fault applied.
        public var faults: [Fault: Int] = [:]
        /// Requests per method.
        public var methods: [String: Int] = [:]
        /// Requests with a method that is not idempotent (RFC 9110 §9.2.2: POST, PATCH, …) whose method and
        /// target had been seen before: a request sent twice. The load driver gives every request its own
        /// target, so a correct client keeps this at zero. Counted only with ``Options/countsRepeats``.
        public var repeatedNonIdempotent = 0

        /// All counts at zero.
        public init() {}
    }

    /// The reactor the server runs in (its clock paces dribbles, delayed closes and resets).
    public let reactor: any ReactorTime & ReactorTCP
    /// Which fault each request gets.
    public var plan: FaultPlan
    /// The faults' knobs.
    public var options: Options
    /// What the server has done.
    public private(set) var stats = Stats()
    private var ports: [any ListeningPort] = []
    /// `METHOD target` of every non-idempotent request seen, to count repeats.
    private var nonIdempotentSeen: Set<String> = []

    /// A server answering by `plan`.
    public init(reactor: any ReactorTime & ReactorTCP, plan: FaultPlan, options: Options = Options()) {
        self.reactor = reactor
        self.plan = plan
        self.options = options
    }

    /// The factory of the server's connections, for any listener or endpoint. It keeps the server alive
    /// (so does every listener using it, and every open connection).
    public var factory: any Factory {
        ProtocolFactory.forProtocol { [self] in FaultConnection(server: self) }
    }

    /// Listens on `interface` (default 127.0.0.1) and `port` (0: a free port; read it from the returned
    /// port's `getHost()`, or ``port``).
    ///
    /// - Throws: `CannotListenError` from the reactor.
    @discardableResult
    public func listen(port: Int = 0, interface: String = "127.0.0.1", backlog: Int = 511) throws -> any ListeningPort {
        let listening = try reactor.listenTCP(port: port, factory: factory, backlog: backlog, interface: interface)
        ports.append(listening)
        return listening
    }

    /// The port of the first listener, if listening.
    public var port: Int? { ports.first?.getHost().port }

    /// Stops every listener; open connections stay until their clients close them.
    public func stopListening() -> Deferred<Void> {
        let stopping = ports.map { $0.stopListening() }
        ports.removeAll()
        return Deferred<[Void]>.gatherResults(stopping).addCallback { (_: [Void]) -> Void in }
    }

    // MARK: - From connections

    func connectionOpened() {
        stats.connections += 1
        stats.openConnections += 1
    }

    func connectionClosed() {
        stats.openConnections -= 1
    }

    func requestSeen(_ head: RequestHead, _ fault: Fault) {
        stats.requests += 1
        stats.faults[fault, default: 0] += 1
        stats.methods[head.method, default: 0] += 1
        guard options.countsRepeats, !HTTPMethod.isIdempotent(head.method) else { return }
        if !nonIdempotentSeen.insert(head.method + " " + head.target).inserted {
            stats.repeatedNonIdempotent += 1
        }
    }

    /// The body for a request to `target`: the target, then padding to ``Options/bodySize``.
    func body(for target: String) -> [UInt8] {
        var bytes = Array(target.utf8)
        if bytes.count < options.bodySize {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "."), count: options.bodySize - bytes.count))
        }
        return bytes
    }
}

@available(*, unavailable)
extension FaultServer: Sendable {}
