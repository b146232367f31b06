import Deferred

/// An actor whose executor is an ``EpollReactor``'s thread: its isolated code runs on the reactor thread,
/// so it may use the reactor, transports and Deferreds directly, and `await deferred.value` resumes there
/// without a thread hop.
///
/// ```swift
/// let d: Deferred<Int> = reactor.runAsync { actor in
///     let reply = try await someDeferred(actor.reactor).value   // still on the reactor thread
///     return reply.count
/// }
/// ```
///
/// Threading: create it on the reactor thread. It is an actor, so any thread may hold it; its isolated
/// members run on the reactor thread through ``ReactorExecutor``.
///
/// Twisted: `inlineCallbacks`/`ensureDeferred` coroutines, which always run on the reactor thread.
public actor ReactorActor {
    private let bound: ReactorBound<EpollReactor>

    /// The reactor's executor, so this actor's jobs run on the reactor thread.
    public nonisolated let unownedExecutor: UnownedSerialExecutor

    /// Creates an actor bound to the reactor in `reactor` (see ``EpollReactor/makeActor()``).
    ///
    /// Takes the reactor wrapped in a ``ReactorBound``: passing the bare reactor into an actor would
    /// "send" it away from the reactor's own code, which Swift 6 rightly forbids.
    public init(_ reactor: ReactorBound<EpollReactor>) {
        bound = reactor
        unownedExecutor = reactor.value.executor.asUnownedSerialExecutor()
    }

    /// The reactor this actor runs on.
    public var reactor: EpollReactor { bound.value }
}

extension EpollReactor {
    /// Creates a ``ReactorActor`` for this reactor. Call on the reactor thread.
    public func makeActor() -> ReactorActor {
        ReactorActor(ReactorBound(self, reactor: self))
    }

    /// Runs async `body` on the reactor thread (isolated to a ``ReactorActor``) and returns a Deferred of
    /// its outcome, fired on the reactor thread.
    ///
    /// Cancelling the Deferred cancels the task (the body sees Swift task cancellation) and fails the
    /// Deferred with `CancelledError` at once.
    ///
    /// Twisted: `defer.ensureDeferred(coroutine)`.
    public func runAsync<T>(_ body: @escaping (isolated ReactorActor) async throws -> T) -> Deferred<T> {
        preconditionInReactorThread()
        let actor = makeActor()
        let body = ReactorBound(body, reactor: self)
        // On the reactor thread the actor's executor reports isolation, so this is a synchronous entry
        // into the actor; Deferred.fromAsync then starts its task in the actor's isolation.
        let executor = self.executor  // Sendable: read here, on the reactor thread
        let started = actor.assumeIsolated { actor in
            _UnsafeTransfer(Deferred<T>.fromAsync(isolation: actor, executor: executor) { try await body.value(actor) })
        }
        return started.value
    }
}
