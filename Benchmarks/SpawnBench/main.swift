// spawnProcess throughput: start /bin/true N times and wait for each processEnded, CONC at a time.
//
//   swift build -c release --product SpawnBench && .build/release/SpawnBench [N] [CONC]
//
// Python's subprocess and Twisted doing the same: Benchmarks/twisted/spawn_bench.py. Figures:
// docs/performance.md.
import Deferred
import Glibc
import Reactor

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let total = arguments.count > 0 ? arguments[0] : 2000
let concurrency = arguments.count > 1 ? arguments[1] : 1

/// Ends when the child has ended (exited and its pipes closed).
final class Child: ProcessProtocol {
    var transport: (any ProcessTransport)?
    let onEnd: (any ProcessExitReason) -> Void

    init(onEnd: @escaping (any ProcessExitReason) -> Void) {
        self.onEnd = onEnd
    }

    func processEnded(reason: any ProcessExitReason) {
        onEnd(reason)
    }
}

/// Starts the children, `concurrency` at a time, and counts them as they end.
final class Runner {
    let reactor: EpollReactor
    var started = 0
    var ended = 0
    var failures = 0

    init(reactor: EpollReactor) {
        self.reactor = reactor
    }

    func startOne() {
        guard started < total else { return }
        started += 1
        do {
            try reactor.spawnProcess(protocol: Child { [self] reason in
                self.ended += 1
                if !(reason is ProcessDone) { self.failures += 1 }
                if self.ended == total {
                    try? self.reactor.stop()
                } else {
                    self.startOne()
                }
            }, executable: "/bin/true", args: ["true"])
        } catch {
            print("spawn failed: \(error)")
            exit(1)
        }
    }
}

let reactor = try EpollReactor()
let runner = Runner(reactor: reactor)
var start = ContinuousClock.now
reactor.callWhenRunning {
    start = ContinuousClock.now
    for _ in 0..<concurrency { runner.startOne() }
}
try reactor.run()
let elapsed = ContinuousClock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
print(
    "spawn /bin/true (torsion spawnProcess, \(concurrency) at a time): \(Int(Double(runner.ended) / seconds)) spawns/s "
        + "(\(runner.ended) in \((seconds * 1000).rounded() / 1000) s, \(runner.failures) failures)")
