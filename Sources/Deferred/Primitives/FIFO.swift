/// A first-in, first-out queue on a growable ring buffer, for the waiters and pending values of the
/// concurrency primitives.
///
/// `append`, `prepend` and `popFirst` are O(1) (amortised when the buffer grows). Popped slots are cleared
/// at once, so the queue never keeps a popped element alive, and a buffer that has grown large shrinks again
/// as it empties. Removing an element from the middle (a cancelled waiter) is O(n), which is fine for the
/// rare cancellation.
struct FIFO<Element> {
    /// The ring; its count is zero or a power of two.
    private var slots: [Element?] = []
    /// The index of the first element in `slots`.
    private var head = 0
    /// The number of queued elements.
    private(set) var count = 0

    /// Whether nothing is queued.
    var isEmpty: Bool { count == 0 }

    private var mask: Int { slots.count - 1 }

    /// Queues `element` last.
    mutating func append(_ element: Element) {
        if count == slots.count {
            resize(to: Swift.max(8, slots.count * 2))
        }
        slots[(head + count) & mask] = element
        count += 1
    }

    /// Queues `element` first.
    mutating func prepend(_ element: Element) {
        if count == slots.count {
            resize(to: Swift.max(8, slots.count * 2))
        }
        head = (head - 1) & mask
        slots[head] = element
        count += 1
    }

    /// Removes and returns the first element, or returns `nil` if the queue is empty.
    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = slots[head].take()
        head = (head + 1) & mask
        count -= 1
        if slots.count > 1024, count < slots.count / 4 {
            resize(to: slots.count / 2)
        }
        return element
    }

    /// Removes and returns the first element for which `predicate` holds, if any; later elements move up.
    mutating func removeFirst(where predicate: (Element) -> Bool) -> Element? {
        for offset in 0..<count {
            let index = (head + offset) & mask
            guard let element = slots[index], predicate(element) else { continue }
            for later in offset..<(count - 1) {
                slots[(head + later) & mask] = slots[(head + later + 1) & mask].take()
            }
            count -= 1
            return element
        }
        return nil
    }

    private mutating func resize(to capacity: Int) {
        var resized = [Element?](repeating: nil, count: capacity)
        for offset in 0..<count {
            resized[offset] = slots[(head + offset) & mask].take()
        }
        slots = resized
        head = 0
    }
}
