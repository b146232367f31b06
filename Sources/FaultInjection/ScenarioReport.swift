import WebClient

/// What running a ``FaultScenario`` showed: the load's outcomes, the pool's counters once settled, and
/// what was left behind (sockets, timers, descriptors).
public struct ScenarioReport: Sendable {
    /// The scenario's name.
    public var name: String
    /// Outcomes of the requests.
    public var load: LoadReport
    /// The pool's counters once every connection had settled (before closing the idle ones).
    public var counters: PoolCounters
    /// The fault server's statistics (empty for targets without a server).
    public var server: FaultServer.Stats
    /// This process's sockets on the scenario's port still open after everything was closed, not counting
    /// those open before the run: descriptors leaked by the run.
    public var leakedSockets: Int
    /// The leaked sockets as `local->remote state` (see ``ProcessCensus/sockets(port:)``).
    public var leakedSocketDetails: [String] = []
    /// Reactor timers still pending after the run, beyond those pending before it.
    public var leakedTimers: Int
    /// Open descriptors of the whole process before and after (other work in the process can change
    /// these; ``leakedSockets`` is the exact figure).
    public var descriptorsBefore: Int
    /// See ``descriptorsBefore``.
    public var descriptorsAfter: Int
    /// Connection attempts the scenario's ``RefusingEndpointFactory`` sent to a closed port (0 without one).
    public var refusedConnections = 0
    /// Every broken invariant, in words; empty when the scenario passed.
    public var violations: [String] = []

    /// Fills ``violations``: outcomes outside `allowed`, a request answered twice, hung or answered with
    /// another request's body, pool counters that do not add up, leaked sockets or timers, and the
    /// scenario's own checks.
    mutating func check(_ scenario: FaultScenario) {
        var found: [String] = []
        for (kind, count) in load.outcomes.sorted(by: { $0.key < $1.key }) where !scenario.allowed.contains(kind) {
            found.append("\(count) × \(kind), not an allowed outcome")
        }
        if load.completed != load.requests { found.append("\(load.requests - load.completed) requests without outcome") }
        if load.answeredTwice > 0 { found.append("\(load.answeredTwice) outcomes arrived twice") }
        if load.hung > 0 { found.append("\(load.hung) requests hung") }
        if load.wrongBody > 0 { found.append("\(load.wrongBody) responses carried another request's body") }
        let c = counters
        if c.inUse != 0 || c.connecting != 0 || c.waiting != 0 {
            found.append("pool not settled: inUse=\(c.inUse) connecting=\(c.connecting) waiting=\(c.waiting)")
        }
        if c.opened != c.lost + c.idleClosed + c.evicted + c.idle {
            found.append("pool counters do not add up: opened=\(c.opened) ≠ lost+idleClosed+evicted+idle")
        }
        if leakedSockets != 0 { found.append("\(leakedSockets) sockets left open: \(leakedSocketDetails.prefix(4))") }
        if leakedTimers != 0 { found.append("\(leakedTimers) timers left pending") }
        found += scenario.checks.compactMap { $0(self) }
        violations = found
    }
}

extension ScenarioReport {
    /// The header of ``tableRow``'s Markdown table.
    public static let tableHeader = """
        | fault | requests | outcomes | lost | answered twice | hung | wrong body | sockets leaked | timers leaked \
        | pool: opened / reused / retried / lost | result |
        |---|---|---|---|---|---|---|---|---|---|---|
        """

    /// One Markdown table row: the scenario, its outcomes and what was left behind.
    public var tableRow: String {
        let outcomes = load.outcomes.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let c = counters
        return "| \(name) | \(load.requests) | \(outcomes) | \(load.requests - load.completed) | "
            + "\(load.answeredTwice) | \(load.hung) | \(load.wrongBody) | \(leakedSockets) | \(leakedTimers) | "
            + "\(c.opened) / \(c.reused) / \(c.retried) / \(c.lost) | "
            + (violations.isEmpty ? "ok" : violations.joined(separator: "; ")) + " |"
    }
}
