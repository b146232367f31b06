import Deferred
import Glibc
import ReactorTesting

@testable import Reactor

/// Runs a fresh `EpollReactor` (through `EpollReactor.runOnNewThread`) on its own pthread (Swift Testing's cooperative threads never block),
/// calls `body` on the reactor thread, and stops the reactor when the returned Deferred fires, or fails
/// after `timeout` (a reactor timer: no sleeps).
func onLoopbackReactor<T: Sendable>(
    timeout: Duration = .seconds(60), _ body: @escaping @Sendable (EpollReactor) throws -> Deferred<T>
) async throws -> T {
    try await EpollReactor.runOnNewThread(timeout: timeout, body)
}
