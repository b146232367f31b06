import Deferred
import Glibc
import ReactorTesting

@testable import Reactor

/// The reactor test harness: runs a fresh `EpollReactor` on its own thread (never blocking Swift
/// Testing's cooperative threads), calls `body` once it runs, and stops it when the returned Deferred
/// fires, or after `timeout` (a `callLater` that fails the test; tests never sleep).

func runReactor<T: Sendable>(
    timeout: Duration = .seconds(60), _ body: @escaping @Sendable (EpollReactor) throws -> Deferred<T>
) async throws -> T {
    try await EpollReactor.runOnNewThread(timeout: timeout, body)
}
