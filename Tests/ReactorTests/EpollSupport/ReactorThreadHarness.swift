import Deferred
import Glibc
@testable import Reactor

/// The reactor test harness: runs a fresh `EpollReactor` on its own thread (never blocking Swift
/// Testing's cooperative threads), calls `body` once it runs, and stops it when the returned Deferred
/// fires, or after `timeout` (a `callLater` that fails the test; tests never sleep).
struct ReactorTimedOut: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "the reactor test did not finish within \(timeout)" }
}

func runReactor<T: Sendable>(
    timeout: Duration = .seconds(60), _ body: @escaping @Sendable (EpollReactor) throws -> Deferred<T>
) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let thread = PosixThread.spawn(name: "test-reactor") {
            let outcome = reactorOutcome(timeout: timeout, body)
            continuation.resume(with: outcome)
        }
        pthread_detach(thread)
    }
}

private func reactorOutcome<T>(
    timeout: Duration, _ body: (EpollReactor) throws -> Deferred<T>
) -> Result<T, any Error> {
    let reactor: EpollReactor
    do {
        reactor = try EpollReactor()
    } catch {
        return .failure(error)
    }
    var outcome: Result<T, any Error> = .failure(ReactorTimedOut(timeout: timeout))
    let finish = { (result: Result<T, any Error>) in
        outcome = result
        if reactor.state == .running { try? reactor.stop() }
    }
    let deferred: Deferred<T>
    do {
        deferred = try body(reactor)
    } catch {
        return .failure(error)
    }
    let timer = reactor.callLater(timeout) { finish(.failure(ReactorTimedOut(timeout: timeout))) }
    reactor.callWhenRunning {
        // A type-changing step: the result (an error included) is handed to the test, not left unhandled.
        _ = deferred.addBoth { (result: Result<T, any Error>) -> Void in
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
