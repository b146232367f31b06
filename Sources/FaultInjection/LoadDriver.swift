import Deferred
import Reactor
import WebClient

/// Sends many requests through one agent (an ``Agent`` and its pool, or any agent wrapping one, such as a
/// ``RetryAgent``) with a fixed number in flight, reads every body, and accounts for every outcome: the
/// client side of the fault matrix and the soak.
///
/// Request `i` is `GET` (or `POST` with a small body, see ``Configuration/postEvery``) of
/// `<baseURL>/r/<i>`; a `200` body must start with that target (``FaultServer`` answers so), otherwise it
/// counts as ``LoadReport/wrongBody``. Outcomes are recorded per request, so a second outcome for the same
/// request is counted (``LoadReport/answeredTwice``) instead of hidden. If no outcome arrives for
/// ``Configuration/stallLimit`` while requests are outstanding, those are counted as
/// ``LoadReport/hung`` and the run ends.
///
/// Threading: reactor thread only.
public final class LoadDriver {
    /// What to send.
    public struct Configuration: Sendable {
        /// How many requests.
        public var requests: Int
        /// How many in flight at most.
        public var concurrency: Int
        /// Every `postEvery`-th request is a POST (1: all, 0: none). Default 0.
        public var postEvery: Int
        /// Whether POST bodies are trickled in pieces (``TricklingBodyProducer``) rather than written at once.
        public var trickle: Bool
        /// The POST body size.
        public var postBodySize: Int
        /// How long without any outcome counts as a hang.
        public var stallLimit: Duration

        /// Creates the configuration.
        public init(
            requests: Int, concurrency: Int, postEvery: Int = 0, trickle: Bool = false, postBodySize: Int = 512,
            stallLimit: Duration = .seconds(30)
        ) {
            precondition(requests >= 0 && concurrency >= 1, "LoadDriver: bad configuration")
            self.requests = requests
            self.concurrency = concurrency
            self.postEvery = postEvery
            self.trickle = trickle
            self.postBodySize = postBodySize
            self.stallLimit = stallLimit
        }
    }

    /// The reactor whose clock times requests.
    public let reactor: any ReactorTime
    /// The agent requests go through.
    public let agent: any HTTPAgent
    /// The requests' total deadline, which ``LoadReport/maxOvershoot`` is measured against.
    public let deadline: Duration?
    /// `http://host:port` without a trailing slash.
    public let baseURL: String
    /// What to send.
    public let configuration: Configuration
    /// Called after each outcome with the number of outcomes so far (the soak samples memory here).
    public var onProgress: ((Int) -> Void)?

    private var report = LoadReport()
    /// One byte per request: whether its outcome arrived (1 MB for a million requests).
    private var seen: [UInt8]
    /// Start times of the requests in flight (at most `concurrency` entries).
    private var started: [Int: Duration] = [:]
    private var issued = 0
    private var freeSlots: Int
    private var pumping = false
    private var watchdog: DelayedCall?
    private let done = Deferred<LoadReport>()
    private var firstStart = Duration.zero
    private let postBody: [UInt8]

    /// A driver for `configuration` against `baseURL` (such as `http://127.0.0.1:8080`).
    ///
    /// - Parameter deadline: The requests' total deadline; `nil`: the ``Agent``'s ``AgentTimeouts/total``
    ///   when `agent` is one.
    public init(
        reactor: any ReactorTime, agent: any HTTPAgent, baseURL: String, configuration: Configuration,
        deadline: Duration? = nil
    ) {
        self.reactor = reactor
        self.agent = agent
        self.deadline = deadline ?? (agent as? Agent)?.timeouts.total
        self.baseURL = baseURL
        self.configuration = configuration
        seen = Array(repeating: 0, count: configuration.requests)
        freeSlots = configuration.concurrency
        postBody = Array(repeating: UInt8(ascii: "p"), count: configuration.postBodySize)
    }

    /// Sends every request and fires with the report when each has an outcome (or the watchdog gave up).
    /// Call once.
    public func run() -> Deferred<LoadReport> {
        report.requests = configuration.requests
        firstStart = reactor.now
        armWatchdog()
        pump()
        finishIfDone()
        return done
    }

    private func pump() {
        guard !pumping else { return }
        pumping = true
        while freeSlots > 0, issued < configuration.requests, !done.isCalled {
            freeSlots -= 1
            issue(issued)
            issued += 1
        }
        pumping = false
    }

    private func issue(_ id: Int) {
        started[id] = reactor.now
        let target = "/r/\(id)"
        let isPost = isPost(id)
        var body: (any BodyProducer)?
        if isPost {
            body = configuration.trickle
                ? TricklingBodyProducer(postBody, pieces: 4, interval: .milliseconds(1), clock: reactor)
                : BytesBodyProducer(postBody)
        }
        agent.request(method: isPost ? "POST" : "GET", uri: baseURL + target, headers: Headers(), bodyProducer: body,
            timeouts: nil)
            .addCallbacks(
                { [self] (response: Response) -> Void in
                    report.countRetries(response.retryHistory)
                    let code = response.code
                    readBody(response).addCallbacks(
                        { [self] (bytes: [UInt8]) -> Void in
                            let matches = code != 200 || bytes.starts(with: target.utf8)
                            record(id, String(code), wrongBody: !matches)
                        },
                        errback: { [self] (error: any Error) -> Void in record(id, LoadReport.kind(of: error)) })
                },
                errback: { [self] (error: any Error) -> Void in
                    report.countRetries(LoadReport.retryHistory(of: error))
                    record(id, LoadReport.kind(of: error))
                })
    }

    /// Whether request `id` is a POST (every ``Configuration/postEvery``-th).
    private func isPost(_ id: Int) -> Bool {
        configuration.postEvery > 0 && id % configuration.postEvery == configuration.postEvery - 1
    }

    private func record(_ id: Int, _ kind: String, wrongBody: Bool = false) {
        guard seen[id] == 0 else {
            report.answeredTwice += 1
            return
        }
        seen[id] = 1
        report.outcomes[kind, default: 0] += 1
        if isPost(id) { report.postOutcomes[kind, default: 0] += 1 }
        if wrongBody { report.wrongBody += 1 }
        let latency = reactor.now - (started.removeValue(forKey: id) ?? reactor.now)
        if latency > report.maxLatency { report.maxLatency = latency }
        freeSlots += 1
        try? watchdog?.reset(configuration.stallLimit)
        onProgress?(report.completed)
        pump()
        finishIfDone()
    }

    private func armWatchdog() {
        watchdog = reactor.callLater(configuration.stallLimit) { [weak self] in
            guard let self else { return }
            self.watchdog = nil
            self.report.hung = self.issued - self.report.completed + (self.configuration.requests - self.issued)
            self.finish()
        }
    }

    private func finishIfDone() {
        if report.completed == configuration.requests { finish() }
    }

    private func finish() {
        guard !done.isCalled else { return }
        if let watchdog, watchdog.isActive { try? watchdog.cancel() }
        watchdog = nil
        report.elapsed = reactor.now - firstStart
        if let total = deadline, report.maxLatency > total {
            report.maxOvershoot = report.maxLatency - total
        }
        done.callback(report)
    }
}

@available(*, unavailable)
extension LoadDriver: Sendable {}
