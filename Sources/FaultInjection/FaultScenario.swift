import Reactor
import WebClient

/// One row of the fault matrix: what misbehaves, how the client is configured, and which outcomes are
/// correct (docs/reliability.md, "The fault matrix").
public struct FaultScenario: Sendable {
    /// What the requests are sent to.
    public enum Target: Sendable {
        /// A ``FaultServer`` on loopback with this plan and these options.
        case server(FaultPlan, FaultServer.Options)
        /// A loopback port nobody listens on (``ClosedPort``).
        case closedPort
        /// A loopback listener that never accepts (``SilentListener`` with backlog 0).
        case silentListener
        /// A host name whose resolution fails or never answers (``FaultResolver``); nothing listens.
        case resolver(@Sendable () -> HostnameEndpoint.Resolver)
    }

    /// A short name for tables (`resetMidBody`, `mix`).
    public var name: String
    /// What the requests are sent to.
    public var target: Target
    /// Every `postEvery`-th request is a POST (1: all, 0: none).
    public var postEvery: Int
    /// Whether POST bodies are trickled (the server can answer before the body is complete).
    public var trickle: Bool
    /// The Agent's time limits.
    public var timeouts: AgentTimeouts
    /// The outcome kinds (``LoadReport/kind(of:)``, or a status code) that are correct for this fault.
    public var allowed: Set<String>
    /// Extra checks on the run (pool counters, counts of kinds); each returns a violation or `nil`.
    public var checks: [@Sendable (ScenarioReport) -> String?]
    /// Requests go through a ``RetryAgent`` with this policy (its jitter drawn from a generator seeded
    /// with 1) when set; straight to the ``Agent`` otherwise.
    public var retries: Retry?
    /// Connection attempts, per thousand, sent to a closed loopback port and refused by the kernel
    /// (``RefusingEndpointFactory``).
    public var refusedPermille: Int

    /// Creates a scenario.
    public init(
        name: String, target: Target, postEvery: Int = 0, trickle: Bool = false, timeouts: AgentTimeouts,
        allowed: Set<String>, checks: [@Sendable (ScenarioReport) -> String?] = [], retries: Retry? = nil,
        refusedPermille: Int = 0
    ) {
        self.name = name
        self.target = target
        self.postEvery = postEvery
        self.trickle = trickle
        self.timeouts = timeouts
        self.allowed = allowed
        self.checks = checks
        self.retries = retries
        self.refusedPermille = refusedPermille
    }

    // MARK: - The standard matrix

    /// Limits long enough that a loaded machine never trips them where a response is expected.
    public static let generous = AgentTimeouts(connect: .seconds(10), read: .seconds(10), total: .seconds(20))
    /// Limits for server faults that must end in a read timeout (the connect limit stays generous, so a
    /// loaded machine never turns a read timeout into a connect timeout).
    public static let stall = AgentTimeouts(connect: .seconds(10), read: .milliseconds(200), total: .seconds(20))
    /// Limits for faults that must end in a connect (or read) timeout.
    public static let short = AgentTimeouts(connect: .milliseconds(300), read: .milliseconds(200), total: .seconds(20))

    /// Every fault of ``Fault`` against a ``FaultServer``, the connection-level faults (refused, never
    /// accepted), the resolver faults, and a seeded mix of all server faults with GETs and POSTs.
    public static func standard(seed: UInt64 = 9) -> [FaultScenario] {
        func server(_ fault: Fault, _ options: FaultServer.Options = FaultServer.Options()) -> Target {
            .server(.always(fault), options)
        }
        let ok: Set<String> = ["200"]
        return [
            FaultScenario(name: "none", target: server(.none), timeouts: generous, allowed: ok),
            FaultScenario(name: "closeIdle", target: server(.closeIdle), timeouts: generous, allowed: ok),
            FaultScenario(
                name: "staleOnReuse", target: server(.staleOnReuse), timeouts: generous, allowed: ok,
                checks: [{ $0.counters.retried > 0 ? nil : "no request was retried" }]),
            FaultScenario(
                name: "staleOnReuse POST", target: server(.staleOnReuse), postEvery: 1, timeouts: generous,
                allowed: ["200", "ResponseNeverReceived"],
                checks: [
                    { $0.counters.retried == 0 ? nil : "a POST was retried" },
                    { $0.load.count("ResponseNeverReceived") > 0 ? nil : "no POST met a stale connection" },
                ]),
            FaultScenario(name: "resetMidHead", target: server(.resetMidHead), timeouts: generous, allowed: ["ResponseFailed"]),
            FaultScenario(name: "resetMidBody", target: server(.resetMidBody), timeouts: generous, allowed: ["ResponseFailed"]),
            FaultScenario(
                name: "stallBeforeHead", target: server(.stallBeforeHead), timeouts: stall, allowed: ["ReadTimeoutError"]),
            FaultScenario(
                name: "stallAfterHead", target: server(.stallAfterHead), timeouts: stall, allowed: ["ReadTimeoutError"]),
            FaultScenario(name: "dribble", target: server(.dribble), timeouts: generous, allowed: ok),
            FaultScenario(
                name: "dribble vs deadline",
                target: server(.dribble, FaultServer.Options(bodySize: 200, dribbleInterval: .milliseconds(5))),
                timeouts: AgentTimeouts(connect: .seconds(10), read: .seconds(10), total: .milliseconds(300)),
                allowed: ["RequestDeadlineExceeded"]),
            FaultScenario(name: "halfClose", target: server(.halfClose), timeouts: generous, allowed: ok),
            FaultScenario(
                name: "earlyResponse POST", target: server(.earlyResponse), postEvery: 1, trickle: true,
                timeouts: generous, allowed: ["413"]),
            FaultScenario(
                name: "garbageAfterResponse", target: server(.garbageAfterResponse), timeouts: generous, allowed: ok,
                checks: [{ $0.counters.reused == 0 ? nil : "a connection with trailing garbage was reused" }]),
            FaultScenario(name: "shortBody", target: server(.shortBody), timeouts: generous, allowed: ["ResponseFailed"]),
            FaultScenario(name: "serviceUnavailable", target: server(.serviceUnavailable), timeouts: generous, allowed: ["503"]),
            FaultScenario(name: "refused", target: .closedPort, timeouts: generous, allowed: ["ConnectError(refused)"]),
            FaultScenario(
                name: "neverAccept", target: .silentListener, timeouts: short,
                allowed: ["ConnectTimeoutError", "ReadTimeoutError"]),
            FaultScenario(
                name: "dnsFailure", target: .resolver({ FaultResolver.failing() }), timeouts: generous,
                allowed: ["ConnectError(dnsLookup)"]),
            FaultScenario(
                name: "dnsSilent", target: .resolver({ FaultResolver.silent() }), timeouts: short,
                allowed: ["ConnectTimeoutError"]),
            mix(seed: seed),
            retryMix(seed: seed, retries: nil),
            retryMix(seed: seed, retries: retryMixPolicy),
        ]
    }

    /// Refused connections, resets before the response head and `503`s with `Retry-After: 1`, drawn with
    /// `seed` (refusals per attempt, server faults per request), GETs and one POST in four (bodies in
    /// memory, so they can be rewound); through a ``RetryAgent`` with `retries`, or without one. Whatever
    /// the retries, no POST may reach the server twice (``FaultServer/Stats/repeatedNonIdempotent``).
    public static func retryMix(seed: UInt64, retries: Retry?) -> FaultScenario {
        var allowed: Set<String> = ["200", "503", "ResponseFailed"]
        allowed.insert(retries == nil ? "ConnectError(refused)" : "MaxRetryError")
        var checks: [@Sendable (ScenarioReport) -> String?] = [
            { $0.server.repeatedNonIdempotent == 0 ? nil : "\($0.server.repeatedNonIdempotent) POSTs were sent twice" },
            { $0.server.methods["POST", default: 0] > 0 ? nil : "no POST reached the server" },
        ]
        if retries != nil { checks.append { $0.load.retries > 0 ? nil : "nothing was retried" } }
        return FaultScenario(
            name: retries == nil ? "retry mix, no retries" : "retry mix, RetryAgent",
            target: .server(
                .random(seed: seed, weights: retryMixWeights), FaultServer.Options(retryAfter: "1", countsRepeats: true)),
            postEvery: 4, timeouts: generous, allowed: allowed, checks: checks, retries: retries,
            refusedPermille: retryMixRefusedPermille)
    }

    /// The retry mix's server faults: 6 % resets before the head, 6 % `503` + `Retry-After`, the rest `200`.
    public static let retryMixWeights: [(Fault, Int)] = [(.none, 88), (.resetMidHead, 6), (.serviceUnavailable, 6)]
    /// The retry mix's refused connection attempts: 25 % (the pool keeps connections, so few attempts are
    /// made; resets make the rest).
    public static let retryMixRefusedPermille = 250
    /// The policy of the retry mix's ``RetryAgent``: urllib3's defaults with five retries and a 20 ms
    /// backoff with 10 ms of jitter.
    public static let retryMixPolicy = Retry(total: 5, backoffFactor: .milliseconds(20), backoffJitter: .milliseconds(10))

    /// Every server fault at once, drawn per request from a seeded plan, GETs and POSTs (trickled)
    /// alternating.
    public static func mix(seed: UInt64, weights: [(Fault, Int)] = mixWeights) -> FaultScenario {
        FaultScenario(
            name: "mix", target: .server(.random(seed: seed, weights: weights), FaultServer.Options()), postEvery: 2,
            trickle: true, timeouts: AgentTimeouts(connect: .seconds(10), read: .milliseconds(300), total: .seconds(20)),
            allowed: mixAllowed)
    }

    /// The mix's weights: every fault once, ``Fault/none`` twelve times.
    public static let mixWeights: [(Fault, Int)] = Fault.allCases.map { ($0, $0 == .none ? 12 : 1) }

    /// What any server fault may end in.
    public static let mixAllowed: Set<String> = [
        "200", "413", "503", "ResponseNeverReceived", "ResponseFailed", "RequestTransmissionFailed", "ReadTimeoutError",
        "RequestDeadlineExceeded",
    ]
}
