/// A call scheduled with ``ReactorTime/callLater(_:_:)``: it can be cancelled, moved, or inspected.
///
/// One class serves the fake ``Clock`` and the epoll reactor: both keep their calls in a ``TimerQueue``.
/// A call is *active* until it runs or is cancelled. Changing a call that is no longer active throws:
/// ``AlreadyCalled`` once it has run (it counts as run from just before its body starts, so cancelling a
/// call from inside its own body throws ``AlreadyCalled``) and ``AlreadyCancelled`` once cancelled.
/// These are thrown Swift errors, not crashes, because Twisted code routinely races a timer against
/// the event it guards; write `try? call.cancel()` when either outcome is fine, or test ``isActive``.
///
/// Threading: not Sendable; create, change and drop calls on the reactor thread (on the test's thread
/// for a ``Clock``).
///
/// Twisted: `twisted.internet.base.DelayedCall`.
public final class DelayedCall {
    enum State {
        case pending, called, cancelled
    }

    /// When the call is due, on its queue's time line (see ``ReactorTime/now``).
    ///
    /// Twisted: `DelayedCall.getTime()`.
    public internal(set) var time: Duration

    /// Tie-breaker among calls due at the same time: lower runs first. A fresh number is given at
    /// scheduling and by ``reset(_:)``, not by ``delay(_:)``.
    var sequence: UInt64
    /// Position in the queue's heap; `-1` when not queued.
    var heapIndex = -1
    var body: (() -> Void)?
    var state = State.pending
    /// The queue holding the call while it is pending (weak: a dropped reactor does not stay alive
    /// through the calls a caller still holds).
    weak var queue: TimerQueue?

    init(time: Duration, sequence: UInt64, body: @escaping () -> Void, queue: TimerQueue) {
        self.time = time
        self.sequence = sequence
        self.body = body
        self.queue = queue
    }

    /// Whether the call has neither run nor been cancelled.
    ///
    /// Twisted: `DelayedCall.active()`.
    public var isActive: Bool { state == .pending }

    /// Whether the call has run (or is running).
    ///
    /// Twisted: `DelayedCall.called`.
    public var isCalled: Bool { state == .called }

    /// Whether the call was cancelled.
    ///
    /// Twisted: `DelayedCall.cancelled`.
    public var isCancelled: Bool { state == .cancelled }

    /// Cancels the call: its body will not run and is released now. O(log n).
    ///
    /// - Throws: ``AlreadyCalled`` if the call has run or is running, ``AlreadyCancelled`` if it was
    ///   cancelled before.
    ///
    /// Twisted: `DelayedCall.cancel`.
    public func cancel() throws {
        try checkActive()
        state = .cancelled
        body = nil
        queue?.remove(self)
        queue = nil
    }

    /// Reschedules the call to run `delay` from now (earlier or later than before). O(log n).
    ///
    /// The call then ranks after calls already scheduled for the same time, as if newly scheduled.
    ///
    /// - Precondition: `delay >= .zero`, as for ``ReactorTime/callLater(_:_:)``.
    /// - Throws: ``AlreadyCalled`` or ``AlreadyCancelled`` if the call is no longer active.
    ///
    /// Twisted: `DelayedCall.reset`.
    public func reset(_ delay: Duration) throws {
        try checkActive()
        precondition(delay >= .zero, "reset: delay must not be negative (got \(delay))")
        guard let queue else { return }
        queue.move(self, to: queue.now() + delay, renumber: true)
    }

    /// Moves the call later by `amount` (earlier if negative). O(log n).
    ///
    /// The call keeps its rank among calls due at the same time.
    ///
    /// - Throws: ``AlreadyCalled`` or ``AlreadyCancelled`` if the call is no longer active.
    ///
    /// Twisted: `DelayedCall.delay`.
    public func delay(_ amount: Duration) throws {
        try checkActive()
        guard let queue else { return }
        queue.move(self, to: time + amount, renumber: false)
    }

    private func checkActive() throws {
        switch state {
        case .pending: return
        case .called: throw AlreadyCalled()
        case .cancelled: throw AlreadyCancelled()
        }
    }

    /// Marks the call as run, detaches it, and returns its body.
    func takeForRunning() -> (() -> Void)? {
        state = .called
        queue = nil
        defer { body = nil }
        return body
    }
}

@available(*, unavailable)
extension DelayedCall: Sendable {}

extension DelayedCall: CustomStringConvertible {
    /// `DelayedCall(time: …, pending|called|cancelled)`.
    public var description: String { "DelayedCall(time: \(time), \(state))" }
}
