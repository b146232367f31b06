// Counts down from 5 with a LoopingCall (stopping it at zero fires its Deferred), prints "Liftoff!" from a callLater, then stops the reactor.
// Run `swift run Countdown`.
import Deferred
import Glibc
import Reactor

let reactor = try EpollReactor()
var remaining = 5

var countdown: LoopingCall!
countdown = LoopingCall(clock: reactor) { () -> Void in
    print("\(remaining)...")
    remaining -= 1
    if remaining == 0 {
        countdown.stop()
    }
}
_ = countdown.start(.milliseconds(200)).addCallback { (_: LoopingCall) -> Void in
    reactor.callLater(.milliseconds(100)) {
        print("Liftoff!")
        try? reactor.stop()
    }
}
try reactor.run()
