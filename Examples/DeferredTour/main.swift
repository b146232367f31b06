// A tour of Deferred callback chains, runnable with `swift run DeferredTour`.
import Deferred

struct NotANumber: Error, CustomStringConvertible {
    let text: String
    var description: String { "not a number: \(text)" }
}

/// Parses text later, the way network code hands back results: through a Deferred.
func parseLater(_ text: String) -> (Deferred<String>, Deferred<Int>) {
    let input = Deferred<String>()
    let parsed = input.addCallback { text -> Int in
        guard let n = Int(text) else { throw NotANumber(text: text) }
        return n
    }
    return (input, parsed)
}

let (input, parsed) = parseLater("20")
let doubled = parsed.addCallback { $0 * 2 }
    .addCallback { n in "doubled: \(n)" }
doubled.addCallback { print($0) }
input.callback("20")

let (badInput, badParsed) = parseLater("twenty")
badParsed.addErrback { error in
    print("recovered from \(error)")
    return 0
}
badInput.callback("twenty")

// A callback that returns a Deferred pauses the chain until that one fires.
let slow = Deferred<Int>()
let total = Deferred<Int>.succeed(1).addCallback { n in slow.addCallback { $0 + n } }
total.addCallback { print("total: \($0)") }
slow.callback(41)

// gather-style waiting with plain chains: cancellation flows to the inner Deferred.
let pending = Deferred<Int>(canceller: { _ in print("inner work cancelled") })
let waiting = Deferred<Int>.succeed(0).addCallback { _ in pending }
waiting.addErrback { error in
    print("outer saw: \(error)")
    return -1
}
waiting.cancel()
