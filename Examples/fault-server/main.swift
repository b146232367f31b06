// fault-server: the fault-injecting HTTP server, and the fault matrix, from the command line.
//
//   fault-server serve [--port P] [--fault NAME | --mix SEED] [--per-connection] [--body N]
//                      [--dribble-ms N] [--idle-close-ms N]
//   fault-server matrix [--requests N] [--concurrency C] [--seed S] [--only NAME]...
//
// `serve` listens on 127.0.0.1 (port 0 picks a free one and prints it) and misbehaves as told until
// killed; point any client at it. `matrix` runs the standard fault matrix in this process (a FaultServer
// and a pooled Agent in one reactor), prints a Markdown table (docs/reliability.md) and the process's open
// descriptors before and after, and exits 1 if any scenario broke an invariant.
import Deferred
import FaultInjection
import Glibc
import Reactor
import WebClient

let usageText = """
    usage: fault-server serve [--port P] [--fault NAME | --mix SEED] [--per-connection] [--body N] \
    [--dribble-ms N] [--idle-close-ms N]
           fault-server matrix [--requests N] [--concurrency C] [--seed S] [--only NAME]...
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

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "serve": exit(serve(Array(arguments.dropFirst())))
case "matrix": exit(matrix(Array(arguments.dropFirst())))
case "-h", "--help": print(usageText)
default: fail("say serve or matrix")
}
