// Release-mode micro-benchmarks of Deferred. Build and run:
//
//     swift build -c release --product DeferredBench --scratch-path .build-rel
//     .build-rel/release/DeferredBench
//
// Prints one line per benchmark, `name ns_per_op=X ops=N`, the best of `rounds` runs. The same loops in
// Twisted are in Benchmarks/twisted/defer_bench.py.

import Deferred
import Glibc

/// Monotonic time in nanoseconds.
func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Keeps results observable so the optimiser cannot drop the work.
var sink = 0

let rounds = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 3 : 3

/// Runs `body` `rounds` times and prints the best time per operation.
func bench(_ name: String, ops: Int, _ body: () -> Void) {
    var best = UInt64.max
    for _ in 0..<rounds {
        let start = now()
        body()
        best = min(best, now() - start)
    }
    let perOp = Double(best) / Double(ops)
    print("\(name) ns_per_op=\((perOp * 10).rounded() / 10) ops=\(ops)")
}

let million = 1_000_000

// A fresh Deferred per operation: create, add one callback, fire, read the result.
bench("addCallback_fire_fresh_deferred", ops: million) {
    for i in 0..<million {
        let d = Deferred<Int>()
        d.addCallback { $0 &+ 1 }
        d.callback(i)
        d.addCallback { sink &+= $0; return $0 }
    }
}

// One Deferred: add 1,000,000 callbacks, then fire once (time covers adding and running).
bench("addCallback_1M_on_one_deferred_then_fire", ops: million) {
    let d = Deferred<Int>()
    for _ in 0..<million {
        d.addCallback { $0 &+ 1 }
    }
    d.callback(0)
    d.addCallback { sink &+= $0; return $0 }
}

// A chain of 1,000,000 Deferreds: each one's callback returns the next, unfired one; firing the last
// resolves the whole chain (time covers creating, linking and resolving).
bench("chain_1M_linked_deferreds", ops: million) {
    var ds: [Deferred<Int>] = []
    ds.reserveCapacity(million)
    for _ in 0..<million {
        ds.append(Deferred<Int>())
    }
    for i in 0..<(million - 1) {
        let next = ds[i + 1]
        ds[i].addCallback { _ in next }
    }
    for i in 0..<(million - 1) {
        ds[i].callback(0)
    }
    ds[million - 1].callback(7)
    ds[0].addCallback { sink &+= $0; return $0 }
}

// gatherResults of 100,000 unfired Deferreds, then fire each (time covers creating, gathering, firing).
let hundredThousand = 100_000
bench("gatherResults_100k", ops: hundredThousand) {
    var ds: [Deferred<Int>] = []
    ds.reserveCapacity(hundredThousand)
    for _ in 0..<hundredThousand {
        ds.append(Deferred<Int>())
    }
    let gathered = Deferred.gatherResults(ds)
    for (i, d) in ds.enumerated() {
        d.callback(i)
    }
    gathered.addCallback { sink &+= $0.count; return $0 }
}

// Not asked for by the Twisted comparison, but the connection pool will lean on these.
// DeferredLock.run with a synchronous body, uncontended: acquire, run, release.
let lock = DeferredLock()
bench("DeferredLock_run_uncontended", ops: million) {
    for i in 0..<million {
        lock.run { i }.addCallback { sink &+= $0; return $0 }
    }
}

// DeferredQueue: a get() waiting first, then the put() that fires it.
let queue = DeferredQueue<Int>()
bench("DeferredQueue_get_then_put", ops: million) {
    for i in 0..<million {
        let d = try! queue.get()
        try! queue.put(i)
        d.addCallback { sink &+= $0; return $0 }
    }
}

if sink == 42 { print("") }
