import Deferred
import Reactor
import WebClient

/// Runs a ``FaultScenario`` end to end on a reactor: sets up the target, drives the requests through one
/// pooled ``Agent`` (in a ``RetryAgent`` if the scenario has retries) with a ``LoadDriver``, waits for every connection to settle, closes everything, and
/// reports what was left behind with the invariants checked (``ScenarioReport/violations``).
///
/// Waiting for connections to settle (a close is reported in a later reactor turn, on both sides) is a
/// check every millisecond (``deferUntil(clock:every:limit:_:)``), bounded by ``settleLimit``: whatever is
/// still open then is reported as leaked.
public enum ScenarioRunner {
    /// The longest wait for connections to close after the load (generous: the wait ends as soon as they
    /// have closed, and a loaded machine, or one running ThreadSanitizer, can take seconds to get there).
    public static let settleLimit = Duration.seconds(20)

    /// Runs `scenario` with `requests` requests, `concurrency` in flight.
    ///
    /// The run starts in the reactor's next turn, so timers set up right after this call (a test
    /// harness's own deadline) are part of the baseline the leak check compares with.
    ///
    /// - Returns: A Deferred of the report; it fails only if the target cannot be set up (no free port,
    ///   a listen error).
    public static func run(
        _ scenario: FaultScenario, requests: Int, concurrency: Int,
        reactor: any ReactorTime & ReactorTCP & ReactorThreads
    ) -> Deferred<ScenarioReport> {
        deferLater(clock: reactor, delay: .zero).addCallback { () -> Deferred<ScenarioReport> in
            start(scenario, requests: requests, concurrency: concurrency, reactor: reactor)
        }
    }

    private static func start(
        _ scenario: FaultScenario, requests: Int, concurrency: Int,
        reactor: any ReactorTime & ReactorTCP & ReactorThreads
    ) -> Deferred<ScenarioReport> {
        let descriptorsBefore = ProcessCensus.openDescriptors()
        let timersBefore = activeTimers(reactor)
        var server: FaultServer?
        var silent: SilentListener?
        var host = "127.0.0.1"
        var port = 0
        var resolver: HostnameEndpoint.Resolver?
        switch scenario.target {
        case .server(let plan, let options):
            let made = FaultServer(reactor: reactor, plan: plan, options: options)
            do {
                try made.listen()
            } catch {
                return .fail(error)
            }
            server = made
            port = made.port ?? 0
        case .closedPort:
            guard let closed = ClosedPort.make() else { return .fail(ConnectError(.other, "no free port")) }
            port = closed
        case .silentListener:
            guard let listener = SilentListener(backlog: 0) else { return .fail(ConnectError(.other, "no free port")) }
            silent = listener
            port = listener.port
        case .resolver(let make):
            resolver = make()
            host = "faults.invalid"
            port = 80
        }
        // Sockets already open on the port before the run (other work in the process that once used the
        // same port number, our own listener) are not the run's to close.
        let foreignSockets = resolver == nil ? Set(ProcessCensus.sockets(port: port).keys) : []
        let leftOpen = { () -> [String] in
            ProcessCensus.sockets(port: port).filter { !foreignSockets.contains($0.key) }.map(\.value).sorted()
        }
        let pool = HTTPConnectionPool(reactor: reactor)
        pool.maxPersistentPerHost = concurrency
        var factory: any EndpointFactory = StandardEndpointFactory(
            reactor: reactor, connectTimeout: scenario.timeouts.connect ?? .seconds(30), resolver: resolver)
        var refusing: RefusingEndpointFactory?
        if scenario.refusedPermille > 0 {
            guard let closed = ClosedPort.make() else { return .fail(ConnectError(.other, "no free port")) }
            let made = RefusingEndpointFactory(
                wrapping: factory, reactor: reactor, closedPort: closed, permille: scenario.refusedPermille, seed: 1)
            refusing = made
            factory = made
        }
        let agent = Agent.usingEndpointFactory(
            reactor: reactor, endpointFactory: factory, pool: pool, timeouts: scenario.timeouts)
        var client: any HTTPAgent = agent
        if let retries = scenario.retries {
            let retrying = RetryAgent(agent, reactor: reactor, retries: retries, timeouts: scenario.timeouts)
            retrying.random = SplitMix64(seed: 1)
            client = retrying
        }
        let driver = LoadDriver(
            reactor: reactor, agent: client, baseURL: "http://\(host):\(port)",
            configuration: LoadDriver.Configuration(
                requests: requests, concurrency: concurrency, postEvery: scenario.postEvery, trickle: scenario.trickle,
                stallLimit: (scenario.timeouts.total ?? .seconds(30)) + .seconds(10)),
            deadline: scenario.timeouts.total)
        let watchesPort = resolver == nil
        return driver.run().addCallback { (load: LoadReport) -> Deferred<ScenarioReport> in
            deferUntil(clock: reactor, limit: settleLimit) {
                pool.counters.inUse == 0 && pool.counters.connecting == 0 && pool.counters.waiting == 0
            }.addCallback { (_: Bool) -> Deferred<PoolCounters> in
                let counters = pool.counters
                silent?.close()
                let stopped = server?.stopListening() ?? .succeed(())
                return pool.closeCachedConnections().addCallback { () -> Deferred<Void> in stopped }
                    .addCallback { () -> Deferred<Bool> in
                        deferUntil(clock: reactor, limit: settleLimit) {
                            activeTimers(reactor) == timersBefore
                                && (!watchesPort || leftOpen().isEmpty)
                        }
                    }
                    .addCallback { (_: Bool) -> PoolCounters in counters }
            }.addCallback { (counters: PoolCounters) -> ScenarioReport in
                var report = ScenarioReport(
                    name: scenario.name, load: load, counters: counters, server: server?.stats ?? FaultServer.Stats(),
                    leakedSockets: watchesPort ? leftOpen().count : 0,
                    leakedTimers: activeTimers(reactor) - timersBefore,
                    descriptorsBefore: descriptorsBefore, descriptorsAfter: ProcessCensus.openDescriptors())
                if watchesPort { report.leakedSocketDetails = leftOpen() }
                report.refusedConnections = refusing?.refused ?? 0
                report.check(scenario)
                return report
            }
        }
    }

    /// Timers pending on `reactor` (the one running now, if any, is not pending any more).
    static func activeTimers(_ reactor: any ReactorTime) -> Int {
        reactor.getDelayedCalls().lazy.filter(\.isActive).count
    }
}
