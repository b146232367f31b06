import Glibc

/// A reactor-confined value carried through a `Sendable` context, checked on every access.
///
/// Use it to capture a non-Sendable object (a Deferred, a protocol, the reactor itself) in a `@Sendable`
/// closure that runs back on the reactor thread (``ThreadCallQueue/callFromThread(_:)``,
/// ``ReactorThreads/deferToThread(_:)``), or to keep one in an actor's stored property (``ReactorActor``).
/// Other threads may hold and move the box; reading ``value`` anywhere but on the thread that created it
/// stops the process.
///
/// Safety (why `@unchecked Sendable`): ``value`` is only reachable through the getter, which traps unless
/// the caller runs on the thread that wrapped it (the reactor's), so the wrapped value is only ever touched
/// from that thread.
///
/// Twisted: none (Python has no data-race checking); NIO: `NIOLoopBound`.
public struct ReactorBound<Value>: @unchecked Sendable {
    private let wrapped: Value
    private let owner: pthread_t

    /// Wraps `value`, which belongs to the calling thread: call on the reactor thread (or, with a
    /// `MemoryReactorClock`, the test's thread).
    public init(_ value: Value) {
        wrapped = value
        owner = pthread_self()
    }

    /// Wraps `value`, which belongs to `reactor`'s thread. Stops the process unless called on that thread.
    public init(_ value: Value, reactor: EpollReactor) {
        reactor.preconditionInReactorThread()
        self.init(value)
    }

    /// The wrapped value; only on the thread that wrapped it.
    public var value: Value {
        precondition(pthread_equal(pthread_self(), owner) != 0, "ReactorBound read off the thread that owns it")
        return wrapped
    }
}
