import Reactor
import Testing

@Suite("TimerQueue")
struct TimerQueueTests {
    /// A queue over a settable time, as a reactor would own it.
    final class World {
        var time = Duration.zero
        lazy var queue = TimerQueue(now: { [unowned self] in self.time })
    }

    @Test func nextDeadlineTracksTheEarliestCall() throws {
        let world = World()
        #expect(world.queue.nextDeadline == nil)
        let late = world.queue.schedule(after: .seconds(5)) {}
        let early = world.queue.schedule(after: .seconds(2)) {}
        #expect(world.queue.nextDeadline == .seconds(2))
        try early.cancel()
        #expect(world.queue.nextDeadline == .seconds(5))
        try late.reset(.seconds(1))
        #expect(world.queue.nextDeadline == .seconds(1))
        #expect(world.queue.count == 1)
    }

    @Test func runDueRunsOnlyDueCallsAndCountsThem() {
        let world = World()
        var ran: [Int] = []
        for index in 0..<5 {
            _ = world.queue.schedule(at: .seconds(Int64(index)), { ran.append(index) })
        }
        world.time = .seconds(2)
        #expect(world.queue.runDue(now: world.time) == 3)
        #expect(ran == [0, 1, 2])
        #expect(world.queue.nextDeadline == .seconds(3))
    }

    @Test func callsScheduledDuringAPassWaitEvenIfDue() {
        let world = World()
        var ran: [String] = []
        _ = world.queue.schedule(after: .zero) {
            ran.append("first")
            _ = world.queue.schedule(at: .zero) { ran.append("scheduled in the past") }
        }
        _ = world.queue.schedule(after: .zero) { ran.append("second") }
        #expect(world.queue.runDue(now: .zero) == 2)
        #expect(ran == ["first", "second"])
        #expect(world.queue.runDue(now: .zero) == 1)
    }

    @Test func heapStaysConsistentUnderRandomCancelsResetsAndDelays() throws {
        let world = World()
        var generator = SplitMix(seed: 42)
        var live: [DelayedCall] = []
        var ranOrder: [Int] = []
        var indexOf: [ObjectIdentifier: Int] = [:]
        for index in 0..<2000 {
            let call = world.queue.schedule(after: .milliseconds(Int64(generator.next() % 500))) {
                ranOrder.append(index)
            }
            indexOf[ObjectIdentifier(call)] = index
            live.append(call)
        }
        for _ in 0..<1500 {
            let position = Int(generator.next() % UInt64(live.count))
            let call = live[position]
            switch generator.next() % 3 {
            case 0:
                try call.cancel()
                live.remove(at: position)
            case 1:
                try call.reset(.milliseconds(Int64(generator.next() % 500)))
            default:
                try call.delay(.milliseconds(Int64(generator.next() % 100)))
            }
        }
        #expect(world.queue.count == live.count)
        // The heap must hand calls out in exactly the order a full sort by (time, sequence) gives.
        let expected = world.queue.pendingCalls.map { indexOf[ObjectIdentifier($0)]! }
        world.time = .seconds(10)
        #expect(world.queue.runDue(now: world.time) == live.count)
        #expect(world.queue.isEmpty)
        #expect(ranOrder == expected)
        #expect(live.allSatisfy { $0.isCalled })
    }
}

/// A tiny deterministic random generator (SplitMix64) for reproducible tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
