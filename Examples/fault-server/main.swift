// fault-server: the fault-injecting HTTP server, and the fault matrix, from the command line.
//
//   fault-server serve [--port P] [--fault NAME | --mix SEED] [--per-connection] [--body N]
//                      [--dribble-ms N] [--idle-close-ms N]
//   fault-server matrix [--requests N] [--concurrency C] [--seed S] [--only NAME]...
//   fault-server retry [--requests N] [--concurrency C] [--seed S]
//
// `serve` listens on 127.0.0.1 (port 0 picks a free one and prints it) and misbehaves as told until
// killed; point any client at it. `matrix` runs the standard fault matrix in this process (a FaultServer
// and a pooled Agent in one reactor), prints a Markdown table (docs/reliability.md) and the process's open
// descriptors before and after, and exits 1 if any scenario broke an invariant. `retry` runs the retry mix
// (refused connections, resets, 503s with Retry-After; GETs and POSTs) without and with a RetryAgent and
// prints the share of requests that succeeded, the time added by the waits, and the POSTs the server saw
// twice (docs/retries.md); it exits 1 if a POST was sent twice or an invariant broke.
import Deferred
import FaultInjection
import Glibc
import Reactor
import WebClient

let usageText = """
    usage: fault-server serve [--port P] [--fault NAME | --mix SEED] [--per-connection] [--body N] \
    [--dribble-ms N] [--idle-close-ms N]
           fault-server matrix [--requests N] [--concurrency C] [--seed S] [--only NAME]...
           fault-server retry [--requests N] [--concurrency C] [--seed S]
    faults: \(Fault.allCases.map(\.rawValue).joined(separator: " "))
    """

func fail(_ message: String) -> Never {
    var text = "fault-server: \(message)\n\(usageText)\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(2)
}

/// The value after `flag`, parsed with `parse`.
func value<T>(_ it: inout IndexingIterator<[String]>, _ flag: String, _ parse: (String) -> T?) -> T {
    guard let text = it.next(), let parsed = parse(text) else { fail("\(flag) needs a valid value") }
    return parsed
}

func serve(_ arguments: [String]) -> Int32 {
    var port = 0
    var plan = FaultPlan.always(.none)
    var mixSeed: UInt64?
    var scope = FaultPlan.Scope.request
    var options = FaultServer.Options()
    var it = arguments.makeIterator()
    while let arg = it.next() {
        switch arg {
        case "--port": port = value(&it, arg) { Int($0) }
        case "--fault": plan = .always(value(&it, arg) { Fault(rawValue: $0) })
        case "--mix": mixSeed = value(&it, arg) { UInt64($0) }
        case "--per-connection": scope = .connection
        case "--body": options.bodySize = value(&it, arg) { Int($0) }
        case "--dribble-ms": options.dribbleInterval = .milliseconds(value(&it, arg) { Int($0) })
        case "--idle-close-ms": options.idleCloseDelay = .milliseconds(value(&it, arg) { Int($0) })
        default: fail("unknown option \(arg)")
        }
    }
    if let mixSeed {
        plan = .random(seed: mixSeed, weights: FaultScenario.mixWeights, scope: scope)
    }
    guard let reactor = try? EpollReactor() else { fail("cannot start the reactor") }
    return reactor.react { () -> Deferred<Void> in
        let server = FaultServer(reactor: reactor, plan: plan, options: options)
        do {
            let listening = try server.listen(port: port)
            print("fault-server: \(plan) on http://\(listening.getHost())/ (Ctrl-C to stop)")
        } catch {
            return .fail(error)
        }
        return Deferred<Void>()  // serves until killed
    }
}

func matrix(_ arguments: [String]) -> Int32 {
    var requests = 1000
    var concurrency = 32
    var seed: UInt64 = 9
    var only: [String] = []
    var it = arguments.makeIterator()
    while let arg = it.next() {
        switch arg {
        case "--requests": requests = value(&it, arg) { Int($0) }
        case "--concurrency": concurrency = value(&it, arg) { Int($0) }
        case "--seed": seed = value(&it, arg) { UInt64($0) }
        case "--only": only.append(value(&it, arg) { $0 })
        default: fail("unknown option \(arg)")
        }
    }
    let scenarios = FaultScenario.standard(seed: seed).filter { only.isEmpty || only.contains($0.name) }
    guard !scenarios.isEmpty else { fail("no scenario named \(only)") }
    guard let reactor = try? EpollReactor() else { fail("cannot start the reactor") }
    let descriptorsBefore = ProcessCensus.openDescriptors()
    var reports: [ScenarioReport] = []
    let status = reactor.react { () -> Deferred<Void> in
        print(ScenarioReport.tableHeader)
        var next = Deferred<Void>.succeed(())
        for scenario in scenarios {
            next = next.addCallback { () -> Deferred<Void> in
                ScenarioRunner.run(scenario, requests: requests, concurrency: concurrency, reactor: reactor)
                    .addCallback { (report: ScenarioReport) -> Void in
                        reports.append(report)
                        print(report.tableRow)
                    }
            }
        }
        return next
    }
    let descriptorsAfter = ProcessCensus.openDescriptors()
    let broken = reports.filter { !$0.violations.isEmpty }.count
    print("")
    print("scenarios: \(reports.count), requests: \(reports.reduce(0) { $0 + $1.load.requests }), broken: \(broken)")
    print("open descriptors (/proc/self/fd): before \(descriptorsBefore), after \(descriptorsAfter)")
    let overshoot = reports.map(\.load.maxOvershoot).max() ?? .zero
    print("latest outcome past its total deadline: \(overshoot)")
    if status != 0 || broken > 0 || descriptorsAfter > descriptorsBefore || reports.count != scenarios.count { return 1 }
    return 0
}

func retry(_ arguments: [String]) -> Int32 {
    var requests = 1000
    var concurrency = 32
    var seed: UInt64 = 9
    var it = arguments.makeIterator()
    while let arg = it.next() {
        switch arg {
        case "--requests": requests = value(&it, arg) { Int($0) }
        case "--concurrency": concurrency = value(&it, arg) { Int($0) }
        case "--seed": seed = value(&it, arg) { UInt64($0) }
        default: fail("unknown option \(arg)")
        }
    }
    guard let reactor = try? EpollReactor() else { fail("cannot start the reactor") }
    let scenarios = [
        FaultScenario.retryMix(seed: seed, retries: nil),
        FaultScenario.retryMix(seed: seed, retries: FaultScenario.retryMixPolicy),
    ]
    var reports: [ScenarioReport] = []
    let status = reactor.react { () -> Deferred<Void> in
        print(ScenarioReport.tableHeader)
        var next = Deferred<Void>.succeed(())
        for scenario in scenarios {
            next = next.addCallback { () -> Deferred<Void> in
                ScenarioRunner.run(scenario, requests: requests, concurrency: concurrency, reactor: reactor)
                    .addCallback { (report: ScenarioReport) -> Void in
                        reports.append(report)
                        print(report.tableRow)
                    }
            }
        }
        return next
    }
    guard status == 0, reports.count == 2 else { return 1 }
    print("")
    print("retry mix, seed \(seed): \(requests) requests (one POST in four), \(concurrency) in flight; "
        + "\(FaultScenario.retryMixRefusedPermille / 10) % of connection attempts refused, server faults "
        + "\(FaultScenario.retryMixWeights.map { "\($0.0) \($0.1) %" }.joined(separator: ", "))")
    let policy = FaultScenario.retryMixPolicy
    print("policy: \(policy.total.map(String.init) ?? "unlimited") retries, backoff \(seconds(policy.backoffFactor)) "
        + "× 2^(n-1) from the second retry + up to \(seconds(policy.backoffJitter)) jitter, Retry-After obeyed, "
        + "methods \(policy.allowedMethods?.sorted().joined(separator: " ") ?? "all")")
    print("")
    print("| | without RetryAgent | with RetryAgent |")
    print("|---|---|---|")
    func percent(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "-" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10) % (\(part) of \(whole))"
    }
    func seconds(_ duration: Duration) -> String {
        let millis = Int((duration.secondsValue * 1000).rounded())
        return "\(millis / 1000).\(String(millis % 1000 + 1000).dropFirst()) s"
    }
    func row(_ name: String, _ cell: (ScenarioReport) -> String) {
        print("| \(name) | \(cell(reports[0])) | \(cell(reports[1])) |")
    }
    let posts = { (r: ScenarioReport) in r.load.postOutcomes.values.reduce(0, +) }
    row("succeeded (200)") { percent($0.load.count("200"), $0.load.requests) }
    row("GETs succeeded") {
        percent($0.load.count("200") - $0.load.postOutcomes["200", default: 0], $0.load.requests - posts($0))
    }
    row("POSTs succeeded") { percent($0.load.postOutcomes["200", default: 0], posts($0)) }
    row("outcomes") { $0.load.outcomes.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
    row("connection attempts refused") { "\($0.refusedConnections)" }
    row("retries (attempts after the first)") { "\($0.load.retries)" }
    row("time spent waiting (sum over requests)") { seconds($0.load.retryWait) }
    row("slowest request") { seconds($0.load.maxLatency) }
    row("wall time of the run") { seconds($0.load.elapsed) }
    row("POSTs issued / reaching the server / sent twice") {
        "\(posts($0)) / \($0.server.methods["POST", default: 0]) / \($0.server.repeatedNonIdempotent)"
    }
    row("answered twice / hung / invariants broken") {
        "\($0.load.answeredTwice) / \($0.load.hung) / \($0.violations.count)"
    }
    let added = reports[1].load.elapsed - reports[0].load.elapsed
    print("")
    print("wall time added by retries and their waits: \(seconds(added))")
    let broken = reports.contains { !$0.violations.isEmpty || $0.server.repeatedNonIdempotent > 0 }
    return broken ? 1 : 0
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "serve": exit(serve(Array(arguments.dropFirst())))
case "matrix": exit(matrix(Array(arguments.dropFirst())))
case "retry": exit(retry(Array(arguments.dropFirst())))
case "-h", "--help": print(usageText)
default: fail("say serve, matrix or retry")
}
