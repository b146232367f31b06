import Deferred
import Glibc
@testable import Reactor

/// The loopback test did not finish in time.
struct LoopbackTimedOut: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "the loopback test did not finish within \(timeout)" }
}

/// Runs a fresh `EpollReactor` on its own pthread (Swift Testing's cooperative threads never block),
/// calls `body` on the reactor thread, and stops the reactor when the returned Deferred fires, or fails
/// after `timeout` (a reactor timer: no sleeps). Copied from the WebServerTests loopback harness.
func onLoopbackReactor<T: Sendable>(
    timeout: Duration = .seconds(30), _ body: @escaping @Sendable (EpollReactor) throws -> Deferred<T>
) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let thread = PosixThread.spawn(name: "demo-test") {
            continuation.resume(with: runOnReactor(timeout: timeout, body))
        }
        pthread_detach(thread)
    }
}

private func runOnReactor<T>(timeout: Duration, _ body: (EpollReactor) throws -> Deferred<T>) -> Result<T, any Error> {
    let reactor: EpollReactor
    do {
        reactor = try EpollReactor()
    } catch {
        return .failure(error)
    }
    var outcome: Result<T, any Error> = .failure(LoopbackTimedOut(timeout: timeout))
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
    let timer = reactor.callLater(timeout) { finish(.failure(LoopbackTimedOut(timeout: timeout))) }
    reactor.callWhenRunning {
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
