/// The pending ``DelayedCall``s of one reactor or ``Clock``, as a binary min-heap.
///
/// Calls are ordered by (``DelayedCall/time``, scheduling sequence number), so calls due at the same
/// time run in the order they were scheduled (FIFO), in the fake clock and the real reactor alike.
/// Scheduling, ``DelayedCall/cancel()``, ``DelayedCall/reset(_:)`` and ``DelayedCall/delay(_:)`` are
/// O(log n): each call stores its heap index, so nothing is found by a linear scan.
///
/// Reactor loop contract: wait until ``nextDeadline`` (or for I/O), then call ``runDue(now:)``. A call
/// scheduled (or reset) while ``runDue(now:)`` is running never runs in that same pass, even with delay
/// zero: it waits for the next pass. A callback that keeps rescheduling itself with delay zero
/// therefore runs once per reactor iteration instead of starving I/O in an endless loop.
///
/// Threading: not Sendable; owned by one reactor and used on its thread only.
///
/// Twisted: the `_pendingTimedCalls` heap of `ReactorBase` and the `calls` list of `task.Clock`.
public final class TimerQueue {
    private var heap: [DelayedCall] = []
    private var nextSequence: UInt64 = 0

    /// Reads the owner's current time; ``DelayedCall/reset(_:)`` and ``schedule(after:_:)`` use it.
    let now: () -> Duration

    /// Creates an empty queue whose relative delays count from `now()`.
    ///
    /// - Parameter now: The owner's current time. It must not move backwards. Capture the owner
    ///   `unowned` or `weak` to avoid a reference cycle.
    public init(now: @escaping () -> Duration) {
        self.now = now
    }

    /// Schedules `body` to run `delay` from now.
    ///
    /// - Precondition: `delay >= .zero` (as Twisted's reactor asserts).
    public func schedule(after delay: Duration, _ body: @escaping () -> Void) -> DelayedCall {
        precondition(delay >= .zero, "callLater: delay must not be negative (got \(delay))")
        return schedule(at: now() + delay, body)
    }

    /// Schedules `body` to run at `time` on the owner's time line.
    public func schedule(at time: Duration, _ body: @escaping () -> Void) -> DelayedCall {
        let call = DelayedCall(time: time, sequence: takeSequence(), body: body, queue: self)
        call.heapIndex = heap.count
        heap.append(call)
        siftUp(heap.count - 1)
        return call
    }

    /// When the earliest pending call is due, or `nil` when nothing is pending.
    public var nextDeadline: Duration? { heap.first?.time }

    /// How many calls are pending.
    public var count: Int { heap.count }

    /// Whether no call is pending.
    public var isEmpty: Bool { heap.isEmpty }

    /// The pending calls, earliest first (ties in scheduling order). O(n log n).
    ///
    /// Twisted: `getDelayedCalls()`.
    public var pendingCalls: [DelayedCall] {
        heap.sorted(by: Self.runsBefore)
    }

    /// Runs, earliest first, every call due at or before `now` that was pending when the pass started.
    ///
    /// Calls scheduled or reset by the bodies wait for the next pass, whatever their time; calls
    /// cancelled by an earlier body in the pass do not run.
    ///
    /// - Returns: How many calls ran.
    @discardableResult
    public func runDue(now: Duration) -> Int {
        let limit = nextSequence
        var ran = 0
        // A call numbered during this pass (scheduled or reset, both with delay >= 0) has a time of at
        // least the owner's `now()`, which is at least `now`, so it sorts after every call of this pass
        // that is still due: stopping at the first such call leaves no due call of this pass behind.
        while let first = heap.first, first.time <= now, first.sequence < limit {
            removeFirst()
            ran += 1
            first.takeForRunning()?()
        }
        return ran
    }

    // MARK: - Heap maintenance (called by DelayedCall)

    func remove(_ call: DelayedCall) {
        let index = call.heapIndex
        guard index >= 0, index < heap.count, heap[index] === call else { return }
        let last = heap.removeLast()
        call.heapIndex = -1
        if index < heap.count {
            heap[index] = last
            last.heapIndex = index
            restore(index)
        }
    }

    func move(_ call: DelayedCall, to time: Duration, renumber: Bool) {
        call.time = time
        if renumber {
            call.sequence = takeSequence()
        }
        if call.heapIndex >= 0 {
            restore(call.heapIndex)
        }
    }

    private func takeSequence() -> UInt64 {
        defer { nextSequence += 1 }
        return nextSequence
    }

    private func removeFirst() {
        remove(heap[0])
    }

    private static func runsBefore(_ a: DelayedCall, _ b: DelayedCall) -> Bool {
        a.time != b.time ? a.time < b.time : a.sequence < b.sequence
    }

    /// Moves the element at `index` up or down to its place.
    private func restore(_ index: Int) {
        if index > 0, Self.runsBefore(heap[index], heap[(index - 1) / 2]) {
            siftUp(index)
        } else {
            siftDown(index)
        }
    }

    private func siftUp(_ start: Int) {
        var index = start
        let item = heap[index]
        while index > 0 {
            let parent = (index - 1) / 2
            guard Self.runsBefore(item, heap[parent]) else { break }
            heap[index] = heap[parent]
            heap[index].heapIndex = index
            index = parent
        }
        heap[index] = item
        item.heapIndex = index
    }

    private func siftDown(_ start: Int) {
        var index = start
        let item = heap[index]
        let count = heap.count
        while true {
            let left = 2 * index + 1
            guard left < count else { break }
            let right = left + 1
            let child = right < count && Self.runsBefore(heap[right], heap[left]) ? right : left
            guard Self.runsBefore(heap[child], item) else { break }
            heap[index] = heap[child]
            heap[index].heapIndex = index
            index = child
        }
        heap[index] = item
        item.heapIndex = index
    }
}

@available(*, unavailable)
extension TimerQueue: Sendable {}
