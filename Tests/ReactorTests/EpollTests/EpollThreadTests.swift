import Deferred
import Glibc
import Testing
@testable import Reactor

@Suite("Epoll reactor: threads, executor and confinement")
struct EpollThreadTests {
    @Test func hundredThousandCallsFromFourThreadsAllArrive() async throws {
        let threads = 4, perThread = 25_000
        let (count, ordered) = try await runReactor(timeout: .seconds(30)) { reactor in
            let done = Deferred<(Int, Bool)>()
            var count = 0
            var lastSeen = [Int](repeating: -1, count: threads)
            var ordered = true
            let box = ReactorBound(FloodRecorder { thread, index in
                count += 1
                if index != lastSeen[thread] + 1 { ordered = false }
                lastSeen[thread] = index
                if count == threads * perThread { done.callback((count, ordered)) }
            }, reactor: reactor)
            let queue = reactor.threadCallQueue
            for thread in 0..<threads {
                reactor.callInThread {
                    for index in 0..<perThread {
                        queue.callFromThread { box.value.record(thread, index) }
                    }
                }
            }
            return done
        }
        #expect(count == threads * perThread)
        #expect(ordered, "calls from one thread run in the order they were queued")
    }

    @Test func deferToThreadRunsOffTheReactorThreadAndFiresOnIt() async throws {
        let (workerWasReactor, firedOnReactor) = try await runReactor { reactor in
            let reactorThread = pthread_self()
            return reactor.deferToThread { pthread_equal(pthread_self(), reactorThread) != 0 }
                .addCallback { (onReactor: Bool) -> (Bool, Bool) in (onReactor, reactor.isInReactorThread) }
        }
        #expect(!workerWasReactor)
        #expect(firedOnReactor)
    }

    @Test func asyncCodeRunsOnTheReactorThreadWithoutHopping() async throws {
        let results = try await runReactor { reactor in
            reactor.runAsync { actor -> [Bool] in
                var onReactor = [actor.reactor.isInReactorThread]
                // A Deferred fired later by a timer: the await resumes on the reactor thread.
                let later = Deferred<Int>()
                actor.reactor.callLater(.milliseconds(5)) { later.callback(42) }
                let value = try await later.value
                onReactor.append(actor.reactor.isInReactorThread && value == 42)
                // A thread-pool result, awaited: back on the reactor thread again.
                let fromPool = try await actor.reactor.deferToThread { 7 }.value
                onReactor.append(actor.reactor.isInReactorThread && fromPool == 7)
                return onReactor
            }
        }
        #expect(results == [true, true, true])
    }

    @Test func nonisolatedAsyncCodeInRunAsyncStaysOnTheReactorThread() async throws {
        // The task prefers the reactor's executor, so even nonisolated async code runs there and never
        // waits for a thread of Swift's global pool (which a busy test process can starve).
        let onReactor = try await runReactor { reactor in
            reactor.runAsync { actor -> Bool in
                let thread = await currentThreadID()
                return thread == actor.reactor.threadIDForTests
            }
        }
        #expect(onReactor)
    }

    @Test func assumeIsolatedWorksFromReactorCallbacks() async throws {
        let isolated = try await runReactor { reactor in
            let actor = reactor.makeActor()
            return Deferred.succeed(actor.assumeIsolated { $0.reactor.isInReactorThread })
        }
        #expect(isolated)
    }

    @Test func reactorCallFromAnotherThreadCrashes() async {
        await #expect(processExitsWith: .failure) {
            let reactor = try EpollReactor()
            let transfer = _UnsafeTransfer(reactor)
            let thread = PosixThread.spawn(name: "wrong-thread") {
                transfer.value.callLater(.seconds(1)) {}
            }
            PosixThread.join(thread)
        }
    }

    @Test func threadPoolStartsWorkersLazilyAndBounded() throws {
        let pool = ThreadPool(maxThreads: 2)
        #expect(pool.threadCount == 0)
        let done = ConditionLock(0)
        for _ in 0..<10 {
            pool.callInThread {
                done.withLock { $0 += 1 }
                done.broadcast()
            }
        }
        done.wait(until: { $0 == 10 }) { _ in }
        #expect(pool.threadCount <= 2)
        pool.stop()
    }
}

/// A reactor-thread callback target for the flood test.
final class FloodRecorder {
    let record: (Int, Int) -> Void
    init(_ record: @escaping (Int, Int) -> Void) { self.record = record }
}

/// The calling thread, from nonisolated async code (runs on the task's preferred executor, if any).
private nonisolated func currentThreadID() async -> UInt {
    UInt(pthread_self())
}

extension EpollReactor {
    /// The reactor thread's id, read on the reactor thread.
    fileprivate var threadIDForTests: UInt { UInt(pthread_self()) }
}
