import Deferred
import Glibc
@testable import Reactor

/// The loopback tests' reactor: a fresh `EpollReactor` on its own thread (Swift Testing's cooperative
/// threads never block), `body` runs on it, and the reactor stops when the returned Deferred fires or
/// after `timeout` (a reactor timer, not a sleep).
struct LoopbackTimedOut: Error {}

func onLoopbackReactor<T: Sendable>(
    timeout: Duration = .seconds(60), _ body: @escaping @Sendable (EpollReactor) throws -> Deferred<T>
) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let thread = PosixThread.spawn(name: "loopback-reactor") {
            continuation.resume(with: runOnReactor(timeout: timeout, body))
        }
        pthread_detach(thread)
    }
}

private func runOnReactor<T>(timeout: Duration, _ body: (EpollReactor) throws -> Deferred<T>) -> Result<T, any Error> {
    do {
        let reactor = try EpollReactor()
        var outcome: Result<T, any Error> = .failure(LoopbackTimedOut())
        let deferred = try body(reactor)
        let timer = reactor.callLater(timeout) { try? reactor.stop() }
        reactor.callWhenRunning {
            _ = deferred.addBoth { (result: Result<T, any Error>) -> Void in
                try? timer.cancel()
                outcome = result
                try? reactor.stop()
            }
        }
        try reactor.run()
        return outcome
    } catch {
        return .failure(error)
    }
}
