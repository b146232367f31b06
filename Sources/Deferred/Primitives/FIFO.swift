/// A first-in, first-out queue with amortised O(1) `append` and `popFirst`, for the waiters and pending
/// values of the concurrency primitives.
///
/// Popped slots are cleared at once, so the queue never keeps a popped element alive. Removing an element
/// from the middle (a cancelled waiter) is O(n), which is fine for the rare cancellation.
struct FIFO<Element> {
    private var slots: [Element?] = []
    private var head = 0

    /// The number of queued elements.
    var count: Int { slots.count - head }

    /// Whether nothing is queued.
    var isEmpty: Bool { head == slots.count }

    /// Queues `element` last.
    mutating func append(_ element: Element) {
        slots.append(element)
    }

    /// Queues `element` first.
    mutating func prepend(_ element: Element) {
        if head > 0 {
            head -= 1
            slots[head] = element
        } else {
            slots.insert(element, at: 0)
        }
    }

    /// Removes and returns the first element, or returns `nil` if the queue is empty.
    mutating func popFirst() -> Element? {
        guard head < slots.count else { return nil }
        let element = slots[head]
        slots[head] = nil
        head += 1
        if head == slots.count {
            slots.removeAll(keepingCapacity: slots.count <= 1024)
            head = 0
        } else if head >= 64, head * 2 >= slots.count {
            slots.removeFirst(head)
            head = 0
        }
        return element
    }

    /// Removes and returns the first element for which `predicate` holds, if any.
    mutating func removeFirst(where predicate: (Element) -> Bool) -> Element? {
        guard let index = slots[head...].firstIndex(where: { $0.map(predicate) ?? false }) else { return nil }
        if index == head {
            return popFirst()
        }
        return slots.remove(at: index)
    }
}
