/// A result that will arrive later, with a chain of callbacks that process it: Twisted's `Deferred`.
///
/// A `Deferred` fires once, with a value (``callback(_:)``) or an error (``errback(_:)``). Callbacks and
/// errbacks added with ``addCallback(_:)-4s4kd``, ``addErrback(_:)-2zs1u``, ``addBoth(_:)-6g4ro`` and
/// ``addCallbacks(_:errback:)-9o7f9`` run in the order they were added: synchronously inside the call that
/// fires the Deferred, or at once when they are added to a Deferred that has already fired. A callback that
/// throws moves the chain to the error path; an errback that returns a value moves it back.
///
/// A callback that returns another `Deferred` pauses this chain until that one fires, then continues with
/// its result. Chains are run by an explicit loop, never by recursion per link, so a chain of millions of
/// callbacks or of Deferreds each waiting on the next runs in constant stack space.
///
/// Overloads: a closure returning `Value` keeps the chain's type and returns `self`; a closure returning
/// another type `New` returns a new `Deferred<New>` that continues the chain (add further callbacks to the
/// returned Deferred). A closure returning `Deferred<T>` always selects the *chaining* overload (the chain
/// waits for the inner Deferred and continues with a `T`); annotate the closure's return type as
/// `Deferred<Deferred<T>>` only if you really want a Deferred as the value.
///
/// Threading: a `Deferred` is not `Sendable`. Create, fire and chain it on one thread (in Torsion, the
/// reactor's thread); other threads hand results over with the reactor's `callFromThread`.
///
/// Twisted: `twisted.internet.defer.Deferred`.
public final class Deferred<Value> {
    /// One link of the chain. Closures are stored unwrapped, so adding a callback allocates nothing
    /// beyond the caller's closure context and the array slot.
    @usableFromInline
    enum Step {
        case map(((Value) throws -> Value)?, ((any Error) throws -> Value)?)
        case both((Result<Value, any Error>) throws -> Value)
        case flatMap(((Value) throws -> Deferred<Value>)?, ((any Error) throws -> Deferred<Value>)?)
        case flatBoth((Result<Value, any Error>) throws -> Deferred<Value>)
        /// Hands the current result on (to another Deferred, which runs next if returned, or to an awaiting
        /// task); the result stays, but an error in it is no longer this Deferred's to report.
        case handOff((Result<Value, any Error>) -> (any _ChainLink)?)
    }

    /// The current result: `nil` until fired, then the value or error the chain currently carries.
    @usableFromInline var result: Result<Value, any Error>?
    @usableFromInline var steps: [Step] = []
    // The scalar fields below skip the run-time exclusivity checks (each costs more than the step it
    // guards): they are only read, assigned or incremented in place, never passed `inout` across a call,
    // so no access to them can overlap another. The class is confined to one thread.
    @usableFromInline @exclusivity(unchecked) var cursor = 0
    @usableFromInline @exclusivity(unchecked) var pauseCount = 0
    @usableFromInline @exclusivity(unchecked) var isRunning = false
    /// Set when the current error was handed to another Deferred, so it is not reported as unhandled here.
    @usableFromInline @exclusivity(unchecked) var errorHandedOff = false
    /// Set by ``cancel()`` on a Deferred without a canceller: the producer's one late fire is swallowed.
    @usableFromInline @exclusivity(unchecked) var suppressAlreadyCalled = false
    @usableFromInline var canceller: ((Deferred<Value>) -> Void)?
    /// The inner Deferred this one waits on after a callback returned it; ``cancel()`` forwards there.
    @usableFromInline weak var waitingOn: (any _ChainLink)?
    /// Runs this Deferred's steps with code specialised for `Value` when the Deferred was made by code
    /// that knows `Value` (the inits are inlinable): the chain runner reaches other links through
    /// `any _ChainLink`, whose witness alone would run the unspecialised generic code.
    @usableFromInline let advancer: (Deferred<Value>) -> (any _ChainLink)?

    /// Creates an unfired Deferred.
    ///
    /// - Parameter canceller: Called (at most once) by ``cancel()`` while the Deferred has not fired. It
    ///   should stop the underlying work and may fire the Deferred itself; if it does not, ``cancel()``
    ///   fails the Deferred with ``CancelledError``. It is released as soon as the Deferred fires, so it
    ///   may hold what holds the Deferred without making a cycle that outlives the work.
    @inlinable
    public init(canceller: ((Deferred<Value>) -> Void)? = nil) {
        self.canceller = canceller
        self.advancer = { $0.advanceSteps() }
    }

    /// Creates a Deferred that has already fired with `result`.
    @inlinable
    init(result: Result<Value, any Error>) {
        self.result = result
        self.advancer = { $0.advanceSteps() }
    }

    deinit {
        if case .failure(let error) = result, !errorHandedOff {
            UnhandledErrorLog.report(error)
        }
    }

    /// Whether the Deferred has fired (with a value, an error, or by cancellation).
    ///
    /// Twisted: `Deferred.called`.
    @inlinable
    public var isCalled: Bool { result != nil }

    /// Whether the chain is paused, by ``pause()`` or while it waits on an inner Deferred.
    public var isPaused: Bool { pauseCount > 0 }

    /// Fires the Deferred with a value and runs the callbacks added so far.
    ///
    /// Firing twice is a programming error: the process stops with an ``AlreadyCalledError`` message. The
    /// one exception, as in Twisted, is the first late fire after ``cancel()`` on a Deferred that has no
    /// canceller, which is ignored.
    ///
    /// Twisted: `Deferred.callback`.
    @inlinable
    public func callback(_ value: Value) {
        fire(.success(value))
    }

    /// Fires the Deferred with an error and runs the errbacks added so far.
    ///
    /// The same once-only rule as ``callback(_:)`` applies.
    ///
    /// Twisted: `Deferred.errback`.
    @inlinable
    public func errback(_ error: any Error) {
        fire(.failure(error))
    }

    @inlinable
    func fire(_ newResult: Result<Value, any Error>) {
        if accept(newResult) {
            runCallbacks()
        }
    }

    /// Records the first result; returns false for the one swallowed late fire after `cancel()`.
    @inlinable
    func accept(_ newResult: Result<Value, any Error>) -> Bool {
        if result != nil {
            if suppressAlreadyCalled {
                suppressAlreadyCalled = false
                // The swallowed fire's error was not asked for by anyone; it is not reported.
                return false
            }
            alreadyCalled(newResult)
        }
        result = newResult
        // A fired Deferred never calls its canceller: let go of what it captured (often the producer
        // that holds this Deferred, a cycle that would otherwise keep both alive).
        canceller = nil
        return true
    }

    /// Pauses the chain: callbacks added or pending do not run until a matching ``unpause()``.
    ///
    /// Pauses count: each `pause()` needs its own `unpause()`.
    ///
    /// Twisted: `Deferred.pause`.
    public func pause() {
        pauseCount += 1
    }

    /// Undoes one ``pause()``; when the count reaches zero and the Deferred has fired, the chain runs on.
    ///
    /// Twisted: `Deferred.unpause`.
    public func unpause() {
        precondition(pauseCount > 0, "unpause() without a matching pause()")
        pauseCount -= 1
        if pauseCount == 0, result != nil {
            runCallbacks()
        }
    }

    /// Stops the process: `newResult` is a second fire (see ``callback(_:)``).
    @usableFromInline
    func alreadyCalled(_ newResult: Result<Value, any Error>) -> Never {
        let error = AlreadyCalledError(description: "Deferred<\(Value.self)> was already fired; "
            + "callback(_:) and errback(_:) may be called once (attempted \(newResult.kindName))")
        preconditionFailure(error.description)
    }

    @inlinable
    func append(_ step: Step) {
        steps.append(step)
        if result != nil, pauseCount == 0, !isRunning {
            runCallbacks()
        }
    }
}

@available(*, unavailable)
extension Deferred: Sendable {}

extension Result {
    var kindName: String {
        switch self {
        case .success: return "a second callback"
        case .failure(let error): return "a second errback with \(error)"
        }
    }
}
