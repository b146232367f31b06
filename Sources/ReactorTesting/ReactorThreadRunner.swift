import Deferred
import Glibc
import Reactor

/// A real-reactor test ran past its deadline.
public struct ReactorTimedOut: Error, CustomStringConvertible {
    /// The deadline that passed.
    public let timeout: Duration
    /// Says the deadline.
    public var description: String { "the reactor test did not finish within \(timeout)" }
}

extension EpollReactor {
    /// Runs a fresh reactor on a thread of its own until the Deferred `body` returns fires, and gives back
    /// its result: the harness for integration tests over real loopback sockets.
    ///
    /// `body` runs on the new reactor's thread before `run()`; the reactor stops when the Deferred fires or
    /// when `timeout` passes (a `callLater`, not a sleep: a test ends as soon as its Deferred fires), and
    /// the result (or ``ReactorTimedOut``) is returned to the awaiting task, whose cooperative thread is
    /// never blocked. The reactor and everything it created stay on its thread; only the `Sendable`
    /// result crosses back.
    public static func runOnNewThread<T: Sendable>(
        timeout: Duration = .seconds(60), _ body: @escaping @Sendable (EpollReactor) throws -> Deferred<T>
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let thread = PosixThread.spawn(name: "test-reactor") {
                continuation.resume(with: outcome(timeout: timeout, body))
            }
            pthread_detach(thread)
        }
    }

    private static func outcome<T>(
        timeout: Duration, _ body: (EpollReactor) throws -> Deferred<T>
    ) -> Result<T, any Error> {
        let reactor: EpollReactor
        let deferred: Deferred<T>
        do {
            reactor = try EpollReactor()
            deferred = try body(reactor)
        } catch {
            return .failure(error)
        }
        var outcome: Result<T, any Error> = .failure(ReactorTimedOut(timeout: timeout))
        let finish = { (result: Result<T, any Error>) in
            outcome = result
            if reactor.state == .running { try? reactor.stop() }
        }
        let timer = reactor.callLater(timeout) { finish(.failure(ReactorTimedOut(timeout: timeout))) }
        reactor.callWhenRunning {
            // A type-changing step: the result (an error included) goes to the caller, never unhandled.
            deferred.addBoth { (result: Result<T, any Error>) -> Void in
                try? timer.cancel()
                finish(result)
            }
        }
        do {
            try reactor.run()
        } catch {
            return .failure(error)
        }
        return outcome
    }
}
