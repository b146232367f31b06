/// The Deferreds waiting on a concurrency primitive, in FIFO order, and the delivery of what they wait for.
///
/// Delivery is iterative: granting a waiter runs its callbacks, which may release the primitive and grant
/// the next waiter. A grant made while this queue is already delivering is recorded at once (the waiter
/// leaves the waiting queue, the primitive's state counts it as granted) and its Deferred fires as soon as
/// the current callback returns, so a long line of waiters that each release synchronously runs in
/// constant stack space. Seen from outside, a grant made inside a waiter's callback fires right after that
/// callback instead of inside the `release()`/`put(_:)` call.
final class Waiters<V> {
    private var waiting = FIFO<Deferred<V>>()
    /// Granted, not yet fired.
    private var granted = FIFO<(Deferred<V>, V)>()
    private var isDelivering = false

    /// The number of Deferreds still waiting (not granted).
    var count: Int { waiting.count }

    /// Whether no Deferred is waiting.
    var isEmpty: Bool { waiting.isEmpty }

    /// Queues a new unfired Deferred last; `canceller` runs if it is cancelled before it fires.
    func enqueue(canceller: @escaping (Deferred<V>) -> Void) -> Deferred<V> {
        let deferred = Deferred<V>(canceller: canceller)
        waiting.append(deferred)
        return deferred
    }

    /// Removes and returns the longest-waiting Deferred.
    func popFirst() -> Deferred<V>? {
        waiting.popFirst()
    }

    /// Fires `deferred` (just popped) with `value`: now, or after the callback being delivered returns.
    func grant(_ deferred: Deferred<V>, _ value: V) {
        guard !isDelivering else {
            granted.append((deferred, value))
            return
        }
        isDelivering = true
        defer { isDelivering = false }
        deferred.callback(value)
        while let (next, value) = granted.popFirst() {
            next.callback(value)
        }
    }

    /// Where a cancelled Deferred was found by ``remove(_:)``.
    enum Removal {
        /// It was waiting: nothing was granted to it.
        case waiting
        /// It had been granted `V` but not fired: the primitive must pass `V` on.
        case granted(V)
        /// Not here (already fired).
        case notFound
    }

    /// Takes a cancelled Deferred out of the queue.
    func remove(_ deferred: Deferred<V>) -> Removal {
        if waiting.removeFirst(where: { $0 === deferred }) != nil {
            return .waiting
        }
        if let (_, value) = granted.removeFirst(where: { $0.0 === deferred }) {
            return .granted(value)
        }
        return .notFound
    }
}
