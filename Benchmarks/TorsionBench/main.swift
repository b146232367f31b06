// torsion-bench: the Torsion client under the peer-benchmark contract (see Benchmarks/README.md).
//
//   torsion-bench URL N CONC [--close]
//
// N GETs of URL, at most CONC in flight, through one Agent and a persistent HTTPConnectionPool of CONC
// connections on one EpollReactor thread. Every body is read whole and checked: status 200 and length
// $EXPECT_LEN (or the first body's length). `--close` (or BENCH_CLOSE=1) uses a non-persistent pool
// instead, so every request carries `Connection: close` and goes over a new connection.
// The last stdout line is `requests=N seconds=S rps=R`; any failure exits 1 with a message on stderr.
import Deferred
import Glibc
import Reactor
import WebClient

func die(_ message: String, status: Int32 = 1) -> Never {
    var text = "torsion-bench: \(message)\n"
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    exit(status)
}

func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

var arguments = Array(CommandLine.arguments.dropFirst())
var close = environment("BENCH_CLOSE") == "1"
if let index = arguments.firstIndex(of: "--close") {
    arguments.remove(at: index)
    close = true
}
guard arguments.count == 3, let requests = Int(arguments[1]), let concurrency = Int(arguments[2]), requests >= 0,
    concurrency >= 1
else {
    die("usage: torsion-bench URL N CONC [--close]", status: 2)
}
let expectedLength = environment("EXPECT_LEN").flatMap { Int($0) }

let reactor: EpollReactor
do {
    reactor = try EpollReactor()
} catch {
    die("cannot start the reactor: \(error)")
}

var failure: String?
var answered = 0
var elapsed = Duration.zero
let status = reactor.react { () -> Deferred<Void> in
    let pool = HTTPConnectionPool(reactor: reactor, persistent: !close)
    pool.maxPersistentPerHost = concurrency
    pool.cachedConnectionTimeout = .seconds(600)
    pool.retryAutomatically = false
    let agent = Agent(reactor: reactor, pool: pool)
    let load: BenchLoad
    do {
        load = try BenchLoad(
            agent: agent, url: arguments[0], requests: requests, concurrency: concurrency,
            expectedLength: expectedLength)
    } catch {
        return .fail(error)
    }
    let start = ContinuousClock.now
    return load.run().addCallback { () -> Deferred<Void> in
        elapsed = ContinuousClock.now - start
        failure = load.failure
        answered = load.answered
        return pool.closeCachedConnections()
    }
}
if status != 0 { die("the reactor stopped with status \(status)") }
if let failure { die(failure) }
if answered != requests { die("only \(answered) of \(requests) responses") }

let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
let rate = seconds > 0 ? Double(requests) / seconds : 0
print("requests=\(requests) seconds=\((seconds * 1e6).rounded() / 1e6) rps=\((rate * 10).rounded() / 10)")
