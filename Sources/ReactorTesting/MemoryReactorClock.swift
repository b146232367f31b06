import Deferred
import Reactor

/// A fake reactor for tests: records connection and listening requests instead of touching the network,
/// and keeps fake time with a ``Clock``.
///
/// - Time: ``callLater(_:_:)`` and ``advance(_:)`` behave as ``Clock``'s.
/// - Networking: `connectTCP`/`connectUNIX` record a ``TCPClientRecord``/``UNIXClientRecord`` and return a
///   ``MemoryConnector`` (the factory's `doStart()` and `startedConnecting(connector:)` are called); the
///   test completes or fails the attempt through it. `listenTCP`/`listenUNIX` record a server and return
///   a ``MemoryListeningPort``; set ``nextListenError`` to make the next one throw.
/// - Running: ``run()`` fires the startup triggers (``callWhenRunning(_:)`` hooks among them) and then
///   ``stop()``, which fires the shutdown triggers; if a `before` trigger returns an unfired Deferred,
///   the shutdown finishes (``hasStopped`` becomes true) when the test fires it. Unlike a real reactor it
///   can run again afterwards.
/// - Threads: ``callFromThread(_:)`` only queues (``drainCallsFromThread()`` runs the queue), and
///   ``callInThread(_:)`` only records (``runThreadPoolCalls()`` runs the work on the calling thread).
///
/// Threading: not Sendable; use from the test's thread.
///
/// Twisted: `twisted.internet.testing.MemoryReactorClock` (`MemoryReactor` plus `Clock`).
public final class MemoryReactorClock: FullReactor {
    /// The fake clock behind ``now``, ``callLater(_:_:)`` and ``advance(_:)``.
    public let clock = Clock()
    /// The startup and shutdown triggers, for inspection.
    public let triggers = SystemEventTriggers()

    /// Recorded `connectTCP` calls, in order.
    ///
    /// Twisted: `MemoryReactor.tcpClients`.
    public private(set) var tcpClients: [TCPClientRecord] = []
    /// Recorded `listenTCP` calls, in order.
    ///
    /// Twisted: `MemoryReactor.tcpServers`.
    public private(set) var tcpServers: [TCPServerRecord] = []
    /// Recorded `connectUNIX` calls, in order.
    public private(set) var unixClients: [UNIXClientRecord] = []
    /// Recorded `listenUNIX` calls, in order.
    public private(set) var unixServers: [UNIXServerRecord] = []
    /// Every connector returned, TCP and UNIX, in order.
    ///
    /// Twisted: `MemoryReactor.connectors`.
    public private(set) var connectors: [MemoryConnector] = []

    /// Thrown (once) by the next `listenTCP`/`listenUNIX`, e.g. a ``CannotListenError``.
    public var nextListenError: (any Error)?

    /// The records of UDP, processes, descriptors, signals and adopted sockets (see the
    /// `MemoryReactor+*.swift` files).
    let otherRecords = MemoryReactorOtherRecords()

    /// Whether the reactor is running (from ``run()`` until the shutdown has finished).
    public private(set) var isRunning = false
    /// Whether ``run()`` was ever called.
    ///
    /// Twisted: `MemoryReactor.hasRun`.
    public private(set) var hasRun = false
    /// Whether a shutdown has finished.
    ///
    /// Twisted: `MemoryReactor.hasStopped`.
    public private(set) var hasStopped = false
    private var isStopping = false

    /// The queue ``callFromThread(_:)`` feeds; nothing drains it but ``drainCallsFromThread()``.
    public let threadCallQueue = ThreadCallQueue()
    private var threadPoolCalls: [@Sendable () -> Void] = []

    /// Creates a stopped reactor at time zero.
    public init() {}

    // MARK: - Time

    /// The fake time.
    public var now: Duration { clock.now }

    /// Schedules on the fake clock.
    @discardableResult
    public func callLater(_ delay: Duration, _ body: @escaping () -> Void) -> DelayedCall {
        clock.callLater(delay, body)
    }

    /// The fake clock's pending calls.
    public func getDelayedCalls() -> [DelayedCall] { clock.getDelayedCalls() }

    /// Advances the fake clock; see ``Clock/advance(_:)``.
    public func advance(_ amount: Duration) { clock.advance(amount) }

    /// Advances the fake clock by each amount in turn.
    public func pump(_ timings: [Duration]) { clock.pump(timings) }

    // MARK: - Running

    /// Fires the startup triggers, then calls ``stop()``.
    ///
    /// - Throws: ``ReactorAlreadyRunning`` if running.
    public func run() throws {
        guard !isRunning else { throw ReactorAlreadyRunning() }
        isRunning = true
        hasRun = true
        triggers.fire(.startup) { [self] in
            try? stop()
        }
    }

    /// Fires the shutdown triggers; the reactor stops when they are done.
    ///
    /// - Throws: ``ReactorNotRunning`` if not running or already stopping.
    public func stop() throws {
        guard isRunning, !isStopping else { throw ReactorNotRunning() }
        isStopping = true
        triggers.fire(.shutdown) { [self] in
            isStopping = false
            isRunning = false
            hasStopped = true
        }
    }

    /// Runs `body` now if running, else when ``run()`` starts.
    public func callWhenRunning(_ body: @escaping () -> Void) {
        if isRunning {
            body()
        } else {
            triggers.add(.after, .startup) {
                body()
                return nil
            }
        }
    }

    /// Adds a trigger to ``triggers``.
    @discardableResult
    public func addSystemEventTrigger(
        _ phase: SystemEventPhase, _ event: SystemEvent, _ body: @escaping () -> Deferred<Void>?
    ) -> SystemEventTriggerID {
        triggers.add(phase, event, body)
    }

    /// Removes a trigger from ``triggers``.
    public func removeSystemEventTrigger(_ id: SystemEventTriggerID) {
        triggers.remove(id)
    }

    // MARK: - Threads

    /// Records `body`; ``runThreadPoolCalls()`` runs it.
    public func callInThread(_ body: @escaping @Sendable () -> Void) {
        threadPoolCalls.append(body)
    }

    /// Runs the recorded ``callInThread(_:)`` work on the calling thread, in order (work recorded while
    /// running waits for the next call). Returns how many ran.
    @discardableResult
    public func runThreadPoolCalls() -> Int {
        let batch = threadPoolCalls
        threadPoolCalls.removeAll()
        for call in batch {
            call()
        }
        return batch.count
    }

    /// Runs the calls queued by ``callFromThread(_:)``, as the real reactor does once per iteration.
    /// Returns how many ran.
    @discardableResult
    public func drainCallsFromThread() -> Int {
        threadCallQueue.drain()
    }

    // MARK: - Networking

    /// Records the call and returns a pending ``MemoryConnector``.
    @discardableResult
    public func connectTCP(
        host: String, port: Int, factory: any ClientFactory, timeout: Duration, bindAddress: Address?
    ) -> any Connector {
        let address: Address = host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        let connector = MemoryConnector(destination: address, factory: factory)
        tcpClients.append(
            TCPClientRecord(
                host: host, port: port, factory: factory, timeout: timeout, bindAddress: bindAddress,
                connector: connector))
        connectors.append(connector)
        connector.connect()
        return connector
    }

    /// Records the call and returns a ``MemoryListeningPort`` (or throws ``nextListenError``).
    public func listenTCP(port: Int, factory: any Factory, backlog: Int, interface: String) throws -> any ListeningPort {
        try throwListenError()
        let host = interface.isEmpty ? "0.0.0.0" : interface
        let address: Address = host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        let listeningPort = MemoryListeningPort(factory: factory, address: address)
        factory.doStart()
        tcpServers.append(
            TCPServerRecord(
                port: port, factory: factory, backlog: backlog, interface: interface, listeningPort: listeningPort))
        return listeningPort
    }

    /// Records the call and returns a pending ``MemoryConnector``.
    @discardableResult
    public func connectUNIX(path: String, factory: any ClientFactory, timeout: Duration) -> any Connector {
        let connector = MemoryConnector(destination: .unix(path: path), factory: factory)
        unixClients.append(UNIXClientRecord(path: path, factory: factory, timeout: timeout, connector: connector))
        connectors.append(connector)
        connector.connect()
        return connector
    }

    /// Records the call and returns a ``MemoryListeningPort`` (or throws ``nextListenError``).
    public func listenUNIX(path: String, factory: any Factory, backlog: Int) throws -> any ListeningPort {
        try throwListenError()
        let listeningPort = MemoryListeningPort(factory: factory, address: .unix(path: path))
        factory.doStart()
        unixServers.append(UNIXServerRecord(path: path, factory: factory, backlog: backlog, listeningPort: listeningPort))
        return listeningPort
    }

    private func throwListenError() throws {
        if let error = nextListenError {
            nextListenError = nil
            throw error
        }
    }
}

@available(*, unavailable)
extension MemoryReactorClock: Sendable {}

/// The same class as ``MemoryReactorClock``: every Torsion reactor keeps time, so the clock-less
/// `MemoryReactor` of Twisted has no separate type here.
///
/// Twisted: `twisted.internet.testing.MemoryReactor`.
public typealias MemoryReactor = MemoryReactorClock
