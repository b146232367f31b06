import Deferred
import Reactor
import WebClient

/// A pooled GET workload: `requests` GETs of one URL over `concurrency` connections of one pool, then a
/// pause longer than the pool's idle timeout, so the idle connections are closed by their timers.
///
/// `concurrency` workers each send one request at a time; a worker sends its next request as soon as the
/// previous body has ended (from that callback, on the connection that has just gone back to the pool),
/// until `requests` have been sent. Each request is timed with the reactor's clock from the call to
/// `Agent.request` to the end of its body. A failed request is counted by error type and the worker goes
/// on from the next reactor turn.
///
/// Threading: not Sendable; reactor thread only (like the `Agent` and the pool it drives).
final class DemoWorkload {
    /// Where the workload is in its run.
    enum Phase: Sendable, Equatable {
        /// ``run()`` has not been called.
        case notStarted
        /// Requests are being sent.
        case load
        /// Every request has finished; waiting for the idle connections' timers.
        case idlePause
        /// The report has been made.
        case done
    }

    /// The reactor whose clock times the requests and the pause.
    let reactor: any ReactorTime
    /// The Agent sending the requests.
    let agent: Agent
    /// The Agent's pool, whose counters go into the report.
    let pool: HTTPConnectionPool
    /// The URL every request GETs.
    let url: URI
    /// How many requests to send.
    let requests: Int
    /// How many requests are in flight at most (one per worker).
    let concurrency: Int
    /// How long to wait after the last response before reading the idle counters.
    let idlePause: Duration

    /// Where the run is.
    private(set) var phase = Phase.notStarted
    /// Requests sent so far.
    private(set) var issued = 0
    /// Requests answered so far (body read to its end).
    private(set) var answered = 0
    /// Requests failed so far.
    private(set) var failed = 0

    private var statuses: [Int: Int] = [:]
    private var failures: [String: Int] = [:]
    private var latencies: [Duration] = []
    private var bodyBytes = 0
    private var activeWorkers = 0
    private var loadStart = Duration.zero
    private var loadElapsed = Duration.zero
    private var loadCounters = PoolCounters()
    private let loadDone = Deferred<Void>()

    /// A workload of `requests` GETs of `url` through `agent` (whose pool is `pool`).
    ///
    /// - Parameters:
    ///   - idlePause: The pause after the load; by default 1.5 × the pool's `cachedConnectionTimeout`.
    /// - Throws: `InvalidURI` if `url` does not parse.
    /// - Precondition: `requests >= 0`, `concurrency >= 1`.
    init(
        reactor: any ReactorTime, agent: Agent, pool: HTTPConnectionPool, url: String, requests: Int,
        concurrency: Int, idlePause: Duration? = nil
    ) throws {
        precondition(requests >= 0, "DemoWorkload: requests must not be negative")
        precondition(concurrency >= 1, "DemoWorkload: concurrency must be at least 1")
        self.reactor = reactor
        self.agent = agent
        self.pool = pool
        self.url = try URI(url)
        self.requests = requests
        self.concurrency = concurrency
        self.idlePause = idlePause ?? pool.cachedConnectionTimeout * 1.5
        latencies.reserveCapacity(requests)
    }

    /// Sends every request, waits ``idlePause``, and fires with the report. Call once.
    func run() -> Deferred<DemoReport> {
        precondition(phase == .notStarted, "DemoWorkload.run: already started")
        phase = .load
        loadStart = reactor.now
        let workers = min(concurrency, requests)
        if workers == 0 {
            finishLoad()
        } else {
            activeWorkers = workers
            for _ in 0..<workers { next() }
        }
        return loadDone.addCallback { [self] () -> Deferred<DemoReport> in
            phase = .idlePause
            let paused = Deferred<DemoReport>()
            reactor.callLater(idlePause) { [self] in
                phase = .done
                paused.callback(makeReport())
            }
            return paused
        }
    }

    /// Sends the next request of a worker, or retires the worker when every request has been sent.
    private func next() {
        guard issued < requests else {
            activeWorkers -= 1
            if activeWorkers == 0 { finishLoad() }
            return
        }
        issued += 1
        let start = reactor.now
        agent.request(method: "GET", uri: url)
            .addCallback { (response: Response) -> Deferred<Int> in
                let code = response.code
                return readBody(response).addCallback { [self] (body: [UInt8]) -> Int in
                    bodyBytes += body.count
                    return code
                }
            }
            .addCallbacks(
                { [self] (code: Int) -> Void in
                    latencies.append(reactor.now - start)
                    statuses[code, default: 0] += 1
                    answered += 1
                    next()
                },
                errback: { [self] (error: any Error) -> Void in
                    failures[String(describing: type(of: error)), default: 0] += 1
                    failed += 1
                    // From a later turn: a failure that fires at once must not recurse once per request.
                    reactor.callLater(.zero) { [self] in next() }
                })
    }

    private func finishLoad() {
        loadElapsed = reactor.now - loadStart
        loadCounters = pool.counters
        loadDone.callback(())
    }

    private func makeReport() -> DemoReport {
        let sorted = latencies.sorted()
        return DemoReport(
            url: url.description, requests: requests, concurrency: concurrency, responses: answered,
            statuses: statuses, failures: failures, bodyBytes: bodyBytes, elapsed: loadElapsed,
            p50: Self.percentile(sorted, 0.50), p99: Self.percentile(sorted, 0.99),
            afterLoad: loadCounters, afterPause: pool.counters, idlePause: idlePause)
    }

    /// The nearest-rank percentile `fraction` (0 < fraction ≤ 1) of `sorted`, or `nil` when it is empty.
    static func percentile(_ sorted: [Duration], _ fraction: Double) -> Duration? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

@available(*, unavailable)
extension DemoWorkload: Sendable {}

/// What a ``DemoWorkload`` run did.
struct DemoReport: Sendable, Equatable {
    /// The URL fetched.
    var url: String
    /// Requests sent.
    var requests: Int
    /// Requests in flight at most.
    var concurrency: Int
    /// Requests answered (any status, body read to its end).
    var responses: Int
    /// Responses by status code.
    var statuses: [Int: Int]
    /// Failed requests by error type.
    var failures: [String: Int]
    /// Body bytes received in all.
    var bodyBytes: Int
    /// From the first request to the last response.
    var elapsed: Duration
    /// Median latency (request sent to body end), `nil` without responses.
    var p50: Duration?
    /// 99th-percentile latency, `nil` without responses.
    var p99: Duration?
    /// The pool's counters when the last response ended.
    var afterLoad: PoolCounters
    /// The pool's counters after the idle pause.
    var afterPause: PoolCounters
    /// The pause after the load.
    var idlePause: Duration

    /// Whether every request got a response.
    var everyRequestAnswered: Bool { responses == requests }

    /// Responses per second of load time (0 if no time passed).
    var requestsPerSecond: Double {
        let seconds = elapsed.secondsValue
        return seconds > 0 ? Double(responses) / seconds : 0
    }
}
