// torsion-soak: a million requests through one pool against the fault server in the same reactor, with a
// seeded fault mix; checks that memory and descriptors stay flat and that every request has one outcome.
//
//   torsion-soak [--requests N] [--concurrency C] [--seed S] [--warmup W] [--fault-permille P] [--fault NAME]
//
// Resident memory (/proc/self/statm) is read after the warm-up (the first W outcomes) and after the run;
// open descriptors (/proc/self/fd) before the server and the pool are made and after both are closed again. Exit
// status 1 if memory grew more than 10 % over the warm-up figure, if descriptors grew, if any request has
// no outcome, two outcomes, another request's body or an outcome no fault explains.
import Deferred
import FaultInjection
import Glibc
import Reactor
import WebClient

struct SoakOptions {
    var requests = 1_000_000
    var concurrency = 32
    var seed: UInt64 = 1
    var warmup = 50_000
    /// Faulty requests per thousand (spread evenly over every fault).
    var faultPermille = 60
    /// Only this fault, if set.
    var only: Fault?
}

func fail(_ message: String) -> Never {
    var text = "torsion-soak: \(message)\nusage: torsion-soak [--requests N] [--concurrency C] [--seed S] "
        + "[--warmup W] [--fault-permille P] [--fault NAME]\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(2)
}

func parse(_ arguments: [String]) -> SoakOptions {
    var options = SoakOptions()
    var it = arguments.makeIterator()
    func number(_ flag: String) -> Int {
        guard let text = it.next(), let value = Int(text), value >= 0 else { fail("\(flag) needs a number") }
        return value
    }
    while let arg = it.next() {
        switch arg {
        case "--requests": options.requests = number(arg)
        case "--concurrency": options.concurrency = max(1, number(arg))
        case "--seed": options.seed = UInt64(number(arg))
        case "--warmup": options.warmup = number(arg)
        case "--fault-permille": options.faultPermille = min(1000, number(arg))
        case "--fault":
            guard let name = it.next(), let fault = Fault(rawValue: name) else { fail("--fault needs a fault name") }
            options.only = fault
        default: fail("unknown option \(arg)")
        }
    }
    options.warmup = min(options.warmup, options.requests)
    return options
}

/// The soak's fault weights: `permille` per thousand requests spread over the faults, the rest `none`.
func weights(permille: Int, only: Fault?) -> [(Fault, Int)] {
    let faults = only.map { [$0] } ?? Fault.allCases.filter { $0 != .none }
    return [(.none, (1000 - permille) * faults.count)] + faults.map { ($0, permille) }
}

func megabytes(_ bytes: Int) -> String {
    let tenths = (bytes * 10 + (1 << 19)) >> 20
    return "\(tenths / 10).\(tenths % 10) MiB"
}

let options = parse(Array(CommandLine.arguments.dropFirst()))
guard let reactor = try? EpollReactor() else { fail("cannot start the reactor") }
// After the reactor's own descriptors (epoll, eventfd), which outlive the run.
let descriptorsBefore = ProcessCensus.openDescriptors()
var report = LoadReport()
var counters = PoolCounters()
var serverStats = FaultServer.Stats()
var rssAfterWarmup = 0
var startedAt = Duration.zero
let timeouts = AgentTimeouts(connect: .seconds(10), read: .milliseconds(200), total: .seconds(30))
let status = reactor.react { () -> Deferred<Void> in
    let server = FaultServer(reactor: reactor, plan: .random(seed: options.seed, weights: weights(permille: options.faultPermille, only: options.only)))
    let port: Int
    do {
        port = try server.listen().getHost().port ?? 0
    } catch {
        return .fail(error)
    }
    let pool = HTTPConnectionPool(reactor: reactor)
    pool.maxPersistentPerHost = options.concurrency
    let agent = Agent(reactor: reactor, pool: pool, connectTimeout: timeouts.connect!, readTimeout: timeouts.read,
        totalTimeout: timeouts.total)
    let driver = LoadDriver(
        reactor: reactor, agent: agent, baseURL: "http://127.0.0.1:\(port)",
        configuration: LoadDriver.Configuration(requests: options.requests, concurrency: options.concurrency, postEvery: 4))
    let step = max(options.requests / 20, 1)
    driver.onProgress = { done in
        if done == options.warmup { rssAfterWarmup = ProcessCensus.residentBytes() }
        if done % step == 0 {
            print("  \(done) requests, RSS \(megabytes(ProcessCensus.residentBytes())), "
                + "\(ProcessCensus.openDescriptors()) descriptors, \(pool.counters.opened) connections opened")
        }
    }
    startedAt = reactor.now
    print("torsion-soak: \(options.requests) requests, \(options.concurrency) in flight, seed \(options.seed), "
        + "\(options.faultPermille)‰ faulty, timeouts \(timeouts)")
    return driver.run().addCallback { (load: LoadReport) -> Deferred<Void> in
        report = load
        counters = pool.counters
        serverStats = server.stats
        return pool.closeCachedConnections()
            .addCallback { () -> Deferred<Void> in server.stopListening() }
            .addCallback { () -> Deferred<Void> in
                // Let the server's side of the last connections see their close.
                deferLater(clock: reactor, delay: .milliseconds(200))
            }
    }
}
let elapsed = report.elapsed
let rssAfterRun = ProcessCensus.residentBytes()
let descriptorsAfter = ProcessCensus.openDescriptors()
let allowed = FaultScenario.mixAllowed
let unexplained = report.outcomes.filter { !allowed.contains($0.key) }.values.reduce(0, +)
let growth = rssAfterWarmup > 0 ? Double(rssAfterRun - rssAfterWarmup) / Double(rssAfterWarmup) * 100 : 0

print("outcomes: " + report.outcomes.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
print("accounted: \(report.completed) of \(report.requests); answered twice \(report.answeredTwice); hung \(report.hung); "
    + "wrong body \(report.wrongBody); unexplained \(unexplained)")
print("faults applied by the server: "
    + serverStats.faults.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
print("pool: \(counters)")
print("RSS after warm-up (\(options.warmup) requests): \(megabytes(rssAfterWarmup)); after the run: "
    + "\(megabytes(rssAfterRun)) (\(growth >= 0 ? "+" : "")\(Int(growth.rounded()))%)")
print("open descriptors: before \(descriptorsBefore), after \(descriptorsAfter)")
print("elapsed \(elapsed), \(elapsed > .zero ? Int(Double(report.requests) / elapsed.secondsValue) : 0) requests/s")

var failures: [String] = []
if status != 0 { failures.append("the run failed") }
if report.completed != report.requests || report.hung > 0 { failures.append("outcomes missing") }
if report.answeredTwice > 0 { failures.append("outcomes arrived twice") }
if report.wrongBody > 0 { failures.append("responses carried another request's body") }
if unexplained > 0 { failures.append("outcomes no fault explains") }
if growth > 10 { failures.append("resident memory grew by more than 10 %") }
if descriptorsAfter > descriptorsBefore { failures.append("descriptors grew") }
print(failures.isEmpty ? "soak: ok" : "soak: FAILED: " + failures.joined(separator: "; "))
exit(failures.isEmpty ? 0 : 1)
