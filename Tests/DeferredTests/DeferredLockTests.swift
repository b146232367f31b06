import Deferred
import DeferredTesting
import Testing

@Suite("DeferredLock")
struct DeferredLockTests {
    // OtherPrimitivesTests.testLock, first half
    @Test func acquireAndReleaseHandTheLockOnInOrder() throws {
        let lock = DeferredLock()
        var counter = 0
        lock.acquire().addCallback { counter += 1; return $0 }
        #expect(lock.isLocked)
        #expect(counter == 1)
        lock.acquire().addCallback { counter += 1; return $0 }
        #expect(lock.isLocked)
        #expect(counter == 1)
        #expect(lock.waitingCount == 1)
        lock.release()
        #expect(lock.isLocked)
        #expect(counter == 2)
        lock.release()
        #expect(!lock.isLocked)
        #expect(counter == 2)
    }

    @Test func acquireFiresWithTheLockItself() throws {
        let lock = DeferredLock()
        #expect(try successResultOf(lock.acquire()) === lock)
    }

    @Test func waitersAreServedFirstComeFirstServed() throws {
        let lock = DeferredLock()
        var order: [Int] = []
        _ = lock.acquire()
        for i in 0..<5 {
            lock.acquire().addCallback { order.append(i); return $0 }
        }
        for _ in 0..<5 { lock.release() }
        #expect(order == [0, 1, 2, 3, 4])
        #expect(lock.isLocked)
        lock.release()
        #expect(!lock.isLocked)
    }

    // OtherPrimitivesTests.testLock, run() half
    @Test func runHoldsTheLockUntilTheBodysDeferredFires() throws {
        let lock = DeferredLock()
        let control = Deferred<String>()
        var bodyRan = false
        let result = lock.run { () -> Deferred<String> in
            bodyRan = true
            return control
        }
        #expect(bodyRan)
        #expect(lock.isLocked)
        var counter = 0
        lock.acquire().addCallback { counter += 1; return $0 }
        #expect(counter == 0)
        control.callback("done")
        #expect(try successResultOf(result) == "done")
        #expect(counter == 1)
        #expect(lock.isLocked)
        lock.release()
        #expect(!lock.isLocked)
    }

    @Test func runWithAPlainValueReleasesAtOnce() throws {
        let lock = DeferredLock()
        let result = lock.run { 42 }
        #expect(try successResultOf(result) == 42)
        #expect(!lock.isLocked)
    }

    @Test func runWithAClosureReturningADeferredSelectsTheWaitingOverload() throws {
        let lock = DeferredLock()
        let inner = Deferred<Int>()
        let result: Deferred<Int> = lock.run { inner }
        #expect(lock.isLocked)
        inner.callback(1)
        #expect(try successResultOf(result) == 1)
        #expect(!lock.isLocked)
    }

    @Test func runReleasesWhenTheBodyThrows() throws {
        let lock = DeferredLock()
        let result = lock.run { () throws -> Int in throw Boom(tag: 1) }
        #expect(try failureResultOf(result, Boom.self).tag == 1)
        #expect(!lock.isLocked)
    }

    @Test func runReleasesWhenTheBodysDeferredFails() throws {
        let lock = DeferredLock()
        let inner = Deferred<Int>()
        let result = lock.run { inner }
        inner.errback(Boom(tag: 2))
        #expect(try failureResultOf(result, Boom.self).tag == 2)
        #expect(!lock.isLocked)
    }

    @Test func runWaitsForTheLock() throws {
        let lock = DeferredLock()
        _ = lock.acquire()
        var ran = false
        let result = lock.run { ran = true; return "x" }
        #expect(!ran)
        try assertNoResult(result)
        lock.release()
        #expect(ran)
        #expect(try successResultOf(result) == "x")
        #expect(!lock.isLocked)
    }

    @Test func cancellingAWaitingRunNeverRunsTheBody() throws {
        let lock = DeferredLock()
        _ = lock.acquire()
        var ran = false
        let result = lock.run { ran = true; return 1 }
        result.cancel()
        _ = try failureResultOf(result, CancelledError.self)
        #expect(lock.waitingCount == 0)
        lock.release()
        #expect(!ran)
        #expect(!lock.isLocked)
    }

    @Test func cancellingARunningRunCancelsTheBodysDeferredAndReleases() throws {
        let lock = DeferredLock()
        var bodyCancelled = false
        // The producer keeps its Deferred (as a real one does, to fire it); the chain only points at it.
        let work = Deferred<Int>(canceller: { _ in bodyCancelled = true })
        let result = lock.run { work }
        result.cancel()
        #expect(bodyCancelled)
        _ = try failureResultOf(result, CancelledError.self)
        #expect(!lock.isLocked)
    }

    // test_cancelLockAfterAcquired
    @Test func cancellingAGrantedAcquireDoesNothing() throws {
        let lock = DeferredLock()
        let d = lock.acquire()
        d.cancel()
        #expect(try successResultOf(d) === lock)
        #expect(lock.isLocked)
    }

    // test_cancelLockBeforeAcquired, and testLock's cancelled acquire
    @Test func cancellingAWaitingAcquireRemovesItAndFailsIt() throws {
        let lock = DeferredLock()
        _ = lock.acquire()
        let cancelled = lock.acquire()
        var third = false
        lock.acquire().addCallback { third = true; return $0 }
        cancelled.cancel()
        _ = try failureResultOf(cancelled, CancelledError.self)
        #expect(lock.waitingCount == 1)
        lock.release()
        #expect(third)
        lock.release()
        #expect(!lock.isLocked)
    }

    @Test func releasingAnUnlockedLockStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            DeferredLock().release()
        }
    }

    @Test func releasingInsideAWaitersCallbackGrantsTheNextOneAfterIt() throws {
        let lock = DeferredLock()
        var log: [String] = []
        _ = lock.acquire()
        lock.acquire().addCallback { lock in
            log.append("a got it")
            lock.release()
            // The lock has passed to b already, but b's callback runs after this one returns.
            log.append("a released, locked=\(lock.isLocked)")
            return lock
        }
        lock.acquire().addCallback { lock in log.append("b got it"); return lock }
        lock.release()
        #expect(log == ["a got it", "a released, locked=true", "b got it"])
        // A new acquire made meanwhile queues behind b.
        #expect(lock.isLocked)
    }

    @Test func cancellingAWaiterThatWasGrantedButNotYetFiredPassesTheLockOn() throws {
        let lock = DeferredLock()
        _ = lock.acquire()
        var bDeferred: Deferred<DeferredLock>?
        var got: [String] = []
        lock.acquire().addCallback { lock in
            got.append("a")
            lock.release()  // granted to b, which has not fired yet
            bDeferred?.cancel()  // b gives the lock on to c
            return lock
        }
        let b = lock.acquire()
        bDeferred = b
        lock.acquire().addCallback { got.append("c"); return $0 }
        lock.release()
        #expect(got == ["a", "c"])
        _ = try failureResultOf(b, CancelledError.self)
        #expect(lock.isLocked)
        lock.release()
        #expect(!lock.isLocked)
    }

    @Test func aLongLineOfSynchronousRunsUsesConstantStack() throws {
        let lock = DeferredLock()
        _ = lock.acquire()
        var done = 0
        let count = 200_000
        for _ in 0..<count {
            _ = lock.run { done += 1 }
        }
        #expect(lock.waitingCount == count)
        lock.release()
        #expect(done == count)
        #expect(!lock.isLocked)
    }

    @Test func waitersDroppedWithTheLockAreNotLeakedIntoCancellation() throws {
        var d: Deferred<DeferredLock>?
        do {
            let lock = DeferredLock()
            _ = lock.acquire()
            d = lock.acquire()
        }
        // The waiter is still cancellable after the lock is gone (its canceller holds the lock weakly).
        d?.cancel()
        _ = try failureResultOf(d!, CancelledError.self)
    }
}
