/// A queue whose `get()` returns a Deferred that fires with the next value put in.
///
/// Values are handed out first in, first out, and waiting `get()`s are served in the order they were made.
/// `size` bounds the values held while no one waits (`put(_:)` beyond it throws ``QueueOverflow``);
/// `backlog` bounds the waiting `get()`s (`get()` beyond it throws ``QueueUnderflow``); `nil` means no
/// bound. Both errors are thrown synchronously, as Twisted raises them.
///
/// Cancelling a waiting `get()` Deferred takes it out of the line and fails it with ``CancelledError``;
/// cancelling one that has fired does nothing. As with ``DeferredLock``, a value `put(_:)` from inside a
/// waiter's callback reaches the next waiter right after that callback returns.
///
/// Not `Sendable`: use it on one thread (the reactor's).
///
/// Twisted: `twisted.internet.defer.DeferredQueue`.
public final class DeferredQueue<T> {
    /// The most values held while no `get()` waits, or `nil` for no limit.
    ///
    /// Twisted: `DeferredQueue.size`.
    public let size: Int?

    /// The most `get()` Deferreds that may wait at once, or `nil` for no limit.
    ///
    /// Twisted: `DeferredQueue.backlog`.
    public let backlog: Int?

    private var pending = FIFO<T>()
    private let waiters = Waiters<T>()

    /// Creates an empty queue.
    ///
    /// - Precondition: `size` and `backlog`, when given, are not negative.
    ///
    /// Twisted: `DeferredQueue(size=None, backlog=None)`.
    public init(size: Int? = nil, backlog: Int? = nil) {
        precondition((size ?? 0) >= 0, "DeferredQueue size must not be negative")
        precondition((backlog ?? 0) >= 0, "DeferredQueue backlog must not be negative")
        self.size = size
        self.backlog = backlog
    }

    /// The number of values put in and not yet taken.
    ///
    /// Twisted: `len(DeferredQueue.pending)`.
    public var pendingCount: Int { pending.count }

    /// The number of `get()` Deferreds waiting for a value.
    ///
    /// Twisted: `len(DeferredQueue.waiting)`.
    public var waitingCount: Int { waiters.count }

    /// Puts `value` in: the longest-waiting `get()` fires with it now, or it is kept for the next `get()`.
    ///
    /// - Throws: ``QueueOverflow`` if no `get()` waits and `size` values are already held; the value is
    ///   not added.
    ///
    /// Twisted: `DeferredQueue.put`.
    public func put(_ value: T) throws(QueueOverflow) {
        if let waiter = waiters.popFirst() {
            waiters.grant(waiter, value)
        } else if let size, pending.count >= size {
            throw QueueOverflow()
        } else {
            pending.append(value)
        }
    }

    /// Asks for the next value: the returned Deferred fires with it.
    ///
    /// If a value is held, the Deferred has already fired when this returns; otherwise it waits behind
    /// earlier `get()`s until a `put(_:)`.
    ///
    /// - Throws: ``QueueUnderflow`` if no value is held and `backlog` `get()`s already wait.
    ///
    /// Twisted: `DeferredQueue.get`.
    public func get() throws(QueueUnderflow) -> Deferred<T> {
        if let value = pending.popFirst() {
            return .succeed(value)
        }
        if let backlog, waiters.count >= backlog {
            throw QueueUnderflow()
        }
        return waiters.enqueue(canceller: { [weak self] deferred in self?.cancelWaiter(deferred) })
    }

    private func cancelWaiter(_ deferred: Deferred<T>) {
        guard case .granted(let value) = waiters.remove(deferred) else { return }
        // The value was on its way to this waiter: it goes to the next one, or back to the front.
        if let next = waiters.popFirst() {
            waiters.grant(next, value)
        } else {
            pending.prepend(value)
        }
    }
}

@available(*, unavailable)
extension DeferredQueue: Sendable {}

/// `put(_:)` on a ``DeferredQueue`` that already holds `size` values.
///
/// Twisted: `twisted.internet.defer.QueueOverflow`.
public struct QueueOverflow: Error, Equatable, CustomStringConvertible {
    /// Creates the error.
    public init() {}
    /// A fixed message.
    public var description: String { "DeferredQueue is full" }
}

/// `get()` on a ``DeferredQueue`` that already has `backlog` waiting `get()`s.
///
/// Twisted: `twisted.internet.defer.QueueUnderflow`.
public struct QueueUnderflow: Error, Equatable, CustomStringConvertible {
    /// Creates the error.
    public init() {}
    /// A fixed message.
    public var description: String { "DeferredQueue has too many waiting get()s" }
}
