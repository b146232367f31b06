import Deferred

/// Moving work between the reactor thread and other threads.
///
/// The reactor itself is not Sendable. Other threads reach it only through ``threadCallQueue``, a Sendable
/// ``ThreadCallQueue`` to capture before leaving the reactor thread. ``callInThread(_:)`` runs blocking
/// work on a thread pool; ``deferToThread(_:)`` wraps both directions in a ``Deferred``.
///
/// Twisted: `twisted.internet.interfaces.IReactorThreads`.
public protocol ReactorThreads: AnyObject {
    /// The reactor's thread-safe call queue; capture it (it is Sendable) to call back from other threads.
    var threadCallQueue: ThreadCallQueue { get }

    /// Queues `body` to run on the reactor thread, waking the loop if needed.
    ///
    /// The default forwards to ``threadCallQueue``. This method is safe from any thread, but another
    /// thread normally cannot hold the non-Sendable reactor: use ``threadCallQueue`` there.
    ///
    /// Twisted: `IReactorThreads.callFromThread`.
    func callFromThread(_ body: @escaping @Sendable () -> Void)

    /// Runs `body` on a thread of the reactor's pool (not the reactor thread). Call on the reactor thread.
    ///
    /// The body must not touch reactor objects; it returns results with ``callFromThread(_:)``.
    ///
    /// Twisted: `IReactorThreads.callInThread`.
    func callInThread(_ body: @escaping @Sendable () -> Void)
}

extension ReactorThreads {
    /// Forwards to ``threadCallQueue``.
    public func callFromThread(_ body: @escaping @Sendable () -> Void) {
        threadCallQueue.callFromThread(body)
    }

    /// Runs `body` in the thread pool and returns a Deferred that fires on the reactor thread with its
    /// value or thrown error.
    ///
    /// Call on the reactor thread. The result is delivered through ``callFromThread(_:)``, so it arrives
    /// in a later reactor iteration, never synchronously. Cancelling the Deferred does not stop `body`.
    ///
    /// Twisted: `twisted.internet.threads.deferToThread`.
    public func deferToThread<Value: Sendable>(
        _ body: @escaping @Sendable () throws -> Value
    ) -> Deferred<Value> {
        let deferred = Deferred<Value>()
        let confined = ReactorBound(deferred)
        let queue = threadCallQueue
        callInThread {
            let result = Result { try body() }
            queue.callFromThread {
                let deferred = confined.value
                guard !deferred.isCalled else { return }  // cancelled meanwhile
                switch result {
                case .success(let value): deferred.callback(value)
                case .failure(let error): deferred.errback(error)
                }
            }
        }
        return deferred
    }
}
