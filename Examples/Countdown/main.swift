// Counts down from 5 with a LoopingCall, prints "Liftoff!" from a callLater, then stops the reactor.
// Run `swift run Countdown`.
import Deferred
import Glibc
import Reactor

let reactor = try EpollReactor()
var remaining = 5

let countdown = LoopingCall(clock: reactor) { () -> Void in
    print("\(remaining)...")
    remaining -= 1
}
_ = countdown.start(.milliseconds(200)).addCallback { (_: LoopingCall) -> Void in
    reactor.callLater(.milliseconds(100)) {
        print("Liftoff!")
        try? reactor.stop()
    }
}
reactor.callLater(.milliseconds(200) * 5) {
    countdown.stop()
}
try reactor.run()
