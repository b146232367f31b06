import Deferred
import Glibc
import ReactorTesting

@testable import Reactor

/// The loopback tests' reactor: a fresh `EpollReactor` on its own thread (Swift Testing's cooperative
/// threads never block), `body` runs on it, and the reactor stops when the returned Deferred fires or
/// after `timeout` (a reactor timer, not a sleep).

func onLoopbackReactor<T: Sendable>(
    timeout: Duration = .seconds(60), _ body: @escaping @Sendable (EpollReactor) throws -> Deferred<T>
) async throws -> T {
    try await EpollReactor.runOnNewThread(timeout: timeout, body)
}
