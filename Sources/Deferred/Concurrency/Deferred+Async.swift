extension Deferred {
    /// The Deferred's result, awaited: its value, or its error thrown.
    ///
    /// Waits without blocking a thread. The access runs in the caller's isolation (it is
    /// `nonisolated(nonsending)`), so a Deferred confined to the reactor is awaited from code running on the
    /// reactor's executor. Awaiting adds one step to the chain at that point and consumes an error (it is
    /// thrown here, not reported as unhandled); the value stays for later callbacks.
    ///
    /// Twisted: `await d` inside `ensureDeferred`/`inlineCallbacks`.
    nonisolated(nonsending) public var value: Value {
        get async throws {
            let transfer = try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<_UnsafeTransfer<Value>, any Error>) in
                self.append(
                    .handOff { result in
                        continuation.resume(with: result.map { _UnsafeTransfer($0) })
                        return nil
                    })
            }
            return transfer.value
        }
    }

    /// Runs async `body` as a task in the caller's actor isolation and returns a Deferred of its outcome.
    ///
    /// The Deferred fires on that actor's executor (for the reactor's executor: on the reactor thread).
    /// Cancelling the Deferred cancels the task; the body sees Swift task cancellation, and the Deferred
    /// fails with ``CancelledError`` at once.
    ///
    /// `executor`, when given, is the task's executor preference: the body's nonisolated async code runs
    /// there too instead of on Swift's global pool (the reactor passes its own executor, so a coroutine on
    /// the reactor never waits for a pool thread).
    ///
    /// Twisted: `defer.ensureDeferred` / `Deferred.fromCoroutine`.
    public static func fromAsync(
        isolation: isolated any Actor = #isolation, executor: (any TaskExecutor)? = nil,
        _ body: @escaping () async throws -> Value
    ) -> Deferred<Value> {
        let task = _TaskBox()
        let deferred = Deferred<Value>(canceller: { _ in task.task?.cancel() })
        let transfer = _UnsafeTransfer((deferred, body))
        task.task = Task(executorPreference: executor) {
            _ = isolation
            let (deferred, body) = transfer.value
            let result: Result<Value, any Error>
            do {
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            if !deferred.isCalled {
                deferred.fire(result)
            }
        }
        return deferred
    }
}

/// Carries a value across an isolation boundary the compiler cannot see through.
///
/// Safety (why `@unchecked Sendable`): used only where the sender and the receiver run in the same
/// isolation domain: a continuation resumed on the Deferred's own thread for a caller awaiting in that
/// same isolation, and a task started in the caller's actor isolation.
public struct _UnsafeTransfer<T>: @unchecked Sendable {
    /// The carried value.
    public let value: T
    /// Wraps `value`.
    public init(_ value: T) { self.value = value }
}

/// Holds a task handle so a canceller created before the task can cancel it.
///
/// Safety (why `@unchecked Sendable`): written once in `fromAsync` and read by the Deferred's canceller,
/// both in the caller's isolation domain.
final class _TaskBox: @unchecked Sendable {
    var task: Task<Void, Never>?
}
