import Deferred
import DeferredTesting
import Testing

@Suite("DeferredSemaphore")
struct DeferredSemaphoreTests {
    // OtherPrimitivesTests.testSemaphore
    @Test func runThenTokensThenWaiters() throws {
        let n = 13
        let sem = DeferredSemaphore(tokens: n)
        let control = Deferred<Int>()
        var results: [Int] = []
        let result = sem.run { control }
        result.addCallback { results.append($0); return $0 }
        #expect(results.isEmpty)
        #expect(sem.tokens == n - 1)
        control.callback(7)
        #expect(results == [7])
        #expect(sem.tokens == n)

        var counter = 0
        for i in 1...n {
            sem.acquire().addCallback { counter += 1; return $0 }
            #expect(counter == i)
        }
        #expect(sem.tokens == 0)

        var outcome: [Bool] = []
        let cancelled = sem.acquire().addCallbacks(
            { outcome.append(false); return $0 }, errback: { outcome.append(true); throw $0 })
        cancelled.cancel()
        #expect(outcome == [true])
        _ = try failureResultOf(cancelled, CancelledError.self)

        sem.acquire().addCallback { counter += 1; return $0 }
        #expect(counter == n)
        sem.release()
        #expect(counter == n + 1)
        #expect(sem.tokens == 0)
        for _ in 1...n {
            sem.release()
            #expect(counter == n + 1)
        }
        #expect(sem.tokens == n)
        #expect(sem.limit == n)
    }

    @Test func waitersAreServedInOrderAsTokensComeBack() throws {
        let sem = DeferredSemaphore(tokens: 2)
        _ = sem.acquire()
        _ = sem.acquire()
        var order: [Int] = []
        for i in 0..<4 { sem.acquire().addCallback { order.append(i); return $0 } }
        #expect(sem.waitingCount == 4)
        sem.release()
        sem.release()
        #expect(order == [0, 1])
        sem.release()
        sem.release()
        #expect(order == [0, 1, 2, 3])
        #expect(sem.tokens == 0)
    }

    @Test func runLimitsConcurrency() throws {
        let sem = DeferredSemaphore(tokens: 2)
        let jobs = (0..<5).map { _ in Deferred<Int>() }
        var running = 0, maxRunning = 0
        let results = jobs.map { job in
            sem.run { () -> Deferred<Int> in
                running += 1
                maxRunning = max(maxRunning, running)
                return job.addBoth { running -= 1; return try $0.get() }
            }
        }
        for (i, job) in jobs.enumerated() { job.callback(i) }
        #expect(maxRunning == 2)
        #expect(try results.map { try successResultOf($0) } == [0, 1, 2, 3, 4])
        #expect(sem.tokens == 2)
    }

    // test_semaphoreInvalidTokens
    @Test func zeroTokensStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = DeferredSemaphore(tokens: 0)
        }
    }

    @Test func negativeTokensStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = DeferredSemaphore(tokens: -1)
        }
    }

    @Test func releasingTooOftenStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            DeferredSemaphore(tokens: 1).release()
        }
    }

    // test_cancelSemaphoreAfterAcquired
    @Test func cancellingAGrantedAcquireDoesNothing() throws {
        let sem = DeferredSemaphore(tokens: 1)
        let d = sem.acquire()
        d.cancel()
        #expect(try successResultOf(d) === sem)
        #expect(sem.tokens == 0)
    }

    // test_cancelSemaphoreBeforeAcquired
    @Test func cancellingAWaitingAcquireFailsItAndKeepsTheToken() throws {
        let sem = DeferredSemaphore(tokens: 1)
        _ = sem.acquire()
        let d = sem.acquire()
        d.cancel()
        _ = try failureResultOf(d, CancelledError.self)
        #expect(sem.waitingCount == 0)
        sem.release()
        #expect(sem.tokens == 1)
    }

    @Test func cancellingAGrantedButUnfiredWaiterGivesTheTokenBack() throws {
        let sem = DeferredSemaphore(tokens: 1)
        _ = sem.acquire()
        var second: Deferred<DeferredSemaphore>?
        sem.acquire().addCallback { sem in
            sem.release()
            second?.cancel()
            return sem
        }
        second = sem.acquire()
        sem.release()
        _ = try failureResultOf(second!, CancelledError.self)
        // The first waiter released its token, and the cancelled one's token came back.
        #expect(sem.tokens == 1)
        #expect(sem.waitingCount == 0)
    }

    @Test func aLongLineOfSynchronousRunsUsesConstantStack() throws {
        let sem = DeferredSemaphore(tokens: 3)
        let blockers = (0..<3).map { _ in sem.acquire() }
        var done = 0
        for _ in 0..<200_000 { _ = sem.run { done += 1 } }
        for b in blockers { try successResultOf(b).release() }
        #expect(done == 200_000)
        #expect(sem.tokens == 3)
    }
}
