import Deferred
import DeferredTesting
import Testing

@Suite("DeferredQueue")
struct DeferredQueueTests {
    // OtherPrimitivesTests.testQueue
    @Test func sizeAndBacklogBoundsAsInTwisted() throws {
        let n = 2, m = 2
        var queue = DeferredQueue<Int>(size: n, backlog: m)
        var gotten: [Int] = []
        for _ in 0..<m { try queue.get().addCallback { gotten.append($0); return $0 } }
        #expect(throws: QueueUnderflow.self) { try queue.get() }
        for i in 0..<m {
            try queue.put(i)
            #expect(gotten == Array(0...i))
        }
        for i in 0..<n {
            try queue.put(n + i)
            #expect(gotten == Array(0..<m))
        }
        #expect(throws: QueueOverflow()) { try queue.put(99) }
        #expect(queue.pendingCount == n)

        gotten = []
        for i in 0..<n {
            try queue.get().addCallback { gotten.append($0); return $0 }
            #expect(gotten == Array(n...(n + i)))
        }

        queue = DeferredQueue()
        gotten = []
        for _ in 0..<n { try queue.get().addCallback { gotten.append($0); return $0 } }
        for i in 0..<n { try queue.put(i) }
        #expect(gotten == Array(0..<n))

        #expect(throws: QueueOverflow.self) { try DeferredQueue<Int>(size: 0).put(1) }
        #expect(throws: QueueUnderflow.self) { try DeferredQueue<Int>(backlog: 0).get() }
    }

    @Test func valuesComeOutInTheOrderTheyWentIn() throws {
        let queue = DeferredQueue<String>()
        for s in ["a", "b", "c"] { try queue.put(s) }
        #expect(queue.pendingCount == 3)
        #expect(try ["a", "b", "c"] == (0..<3).map { _ in try successResultOf(queue.get()) })
        #expect(queue.pendingCount == 0)
    }

    @Test func putWithAWaiterDoesNotCountAgainstSize() throws {
        let queue = DeferredQueue<Int>(size: 0)
        let d = try queue.get()
        try queue.put(1)
        #expect(try successResultOf(d) == 1)
    }

    // test_cancelQueueAfterSynchronousGet
    @Test func cancellingAFiredGetDoesNothing() throws {
        let queue = DeferredQueue<Int>()
        let d = try queue.get()
        try queue.put(5)
        d.cancel()
        #expect(try successResultOf(d) == 5)
    }

    // test_cancelQueueAfterGet
    @Test func cancellingAWaitingGetRemovesItAndTheNextPutIsKept() throws {
        let queue = DeferredQueue<Int>()
        let d = try queue.get()
        d.cancel()
        _ = try failureResultOf(d, CancelledError.self)
        #expect(queue.waitingCount == 0)
        try queue.put(1)
        #expect(queue.pendingCount == 1)
        #expect(try successResultOf(queue.get()) == 1)
    }

    @Test func cancellingAWaitingGetFreesBacklog() throws {
        let queue = DeferredQueue<Int>(backlog: 1)
        let d = try queue.get()
        #expect(throws: QueueUnderflow.self) { try queue.get() }
        d.cancel()
        _ = try failureResultOf(d, CancelledError.self)
        let e = try queue.get()
        try queue.put(3)
        #expect(try successResultOf(e) == 3)
    }

    @Test func aValueForACancelledUnfiredWaiterGoesToTheNextOne() throws {
        let queue = DeferredQueue<Int>()
        var second: Deferred<Int>?
        var got: [String] = []
        try queue.get().addCallback { v in
            got.append("first \(v)")
            try queue.put(v + 1)  // granted to `second`, which fires after this callback
            second?.cancel()  // so the value moves on to the third waiter
            return v
        }
        second = try queue.get()
        try queue.get().addCallback { got.append("third \($0)"); return $0 }
        try queue.put(1)
        #expect(got == ["first 1", "third 2"])
        _ = try failureResultOf(second!, CancelledError.self)
    }

    @Test func aValueForACancelledUnfiredWaiterGoesBackToTheFront() throws {
        let queue = DeferredQueue<Int>()
        var second: Deferred<Int>?
        try queue.get().addCallback { v in
            try queue.put(10)
            try queue.put(11)  // no waiter left for this one: kept
            second?.cancel()
            return v
        }
        second = try queue.get()
        try queue.put(0)
        _ = try failureResultOf(second!, CancelledError.self)
        #expect(try successResultOf(queue.get()) == 10)
        #expect(try successResultOf(queue.get()) == 11)
    }

    @Test func putFromAConsumersCallbackUsesConstantStack() throws {
        // Each consumer puts the next value for the next consumer: 200,000 hand-offs in a row.
        let queue = DeferredQueue<Int>()
        var last = 0
        for _ in 0..<200_000 {
            try queue.get().addCallback { v in
                last = v
                if v < 200_000 { try queue.put(v + 1) }
                return v
            }
        }
        try queue.put(1)
        #expect(last == 200_000)
        #expect(queue.pendingCount == 0)
    }

    @Test func interleavedPutsAndGetsKeepFIFOOrderThroughGrowthAndWrapAround() throws {
        let queue = DeferredQueue<Int>()
        var next = 0, expected = 0
        // Bursts of puts then fewer gets, so the buffer grows, wraps and later shrinks.
        for burst in 1...200 {
            for _ in 0..<(burst % 37 + 1) {
                try queue.put(next)
                next += 1
            }
            for _ in 0..<(burst % 23) where queue.pendingCount > 0 {
                #expect(try successResultOf(queue.get()) == expected)
                expected += 1
            }
        }
        while queue.pendingCount > 0 {
            #expect(try successResultOf(queue.get()) == expected)
            expected += 1
        }
        #expect(expected == next)
    }

    @Test func cancellingWaitersInTheMiddleKeepsTheOthersInOrder() throws {
        var got: [Int] = []
        let (_, errors) = try UnhandledErrorLog.capture {
            let queue = DeferredQueue<Int>()
            let waiters = try (0..<10).map { i in try queue.get().addCallback { got.append(i * 100 + $0); return $0 } }
            for i in [3, 0, 9, 5] { waiters[i].cancel() }
            #expect(queue.waitingCount == 6)
            for v in 0..<6 { try queue.put(v) }
        }
        #expect(got == [100, 201, 402, 603, 704, 805])
        // Nobody handled the four cancelled gets' CancelledErrors.
        #expect(errors.count == 4 && errors.allSatisfy { $0 is CancelledError })
    }

    @Test func negativeSizeStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = DeferredQueue<Int>(size: -1)
        }
    }
}
