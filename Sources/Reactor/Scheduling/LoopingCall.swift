import Deferred

/// Calls a function repeatedly, every `interval`, on a ``ReactorTime``.
///
/// ``start(_:now:)`` runs the function at once (or after one interval with `now: false`) and then at
/// `start + k × interval`. Intervals missed because the reactor (or a ``Clock/advance(_:)``) jumped past
/// them are skipped, not replayed: after `advance(3.5 s)` with a 1 s interval the function runs once, at
/// 3.5 s, and next at 4 s. ``withCount(clock:_:)`` tells the function how many intervals passed.
///
/// If the function returns a ``Deferred``, the next run is scheduled only after it fires. The Deferred
/// returned by ``start(_:now:)`` fires with the LoopingCall when ``stop()`` is called (after a pending
/// returned Deferred, if any), and fails with the error if the function throws or its Deferred fails,
/// which also stops the loop.
///
/// Threading: not Sendable; reactor thread only. While running, the scheduled call keeps the
/// LoopingCall alive.
///
/// Twisted: `twisted.internet.task.LoopingCall`.
public final class LoopingCall {
    /// The time source.
    public let clock: any ReactorTime
    private let body: (() throws -> Deferred<Void>?)?
    private let countBody: ((Int) throws -> Deferred<Void>?)?

    /// Whether the loop is running (between ``start(_:now:)`` and ``stop()`` or a failure).
    ///
    /// Twisted: `LoopingCall.running`.
    public private(set) var isRunning = false

    /// The interval given to the last ``start(_:now:)``.
    ///
    /// Twisted: `LoopingCall.interval`.
    public private(set) var interval: Duration?

    private var startTime = Duration.zero
    private var runAtStart = false
    private var lastCountTime: Duration?
    private var call: DelayedCall?
    private var deferred: Deferred<LoopingCall>?

    /// Creates a loop around `body`.
    public init(clock: any ReactorTime, _ body: @escaping () throws -> Void) {
        self.clock = clock
        self.body = {
            try body()
            return nil
        }
        self.countBody = nil
    }

    private init(
        clock: any ReactorTime, body: (() throws -> Deferred<Void>?)?, countBody: ((Int) throws -> Deferred<Void>?)?
    ) {
        self.clock = clock
        self.body = body
        self.countBody = countBody
    }

    /// Creates a loop around a function that returns a Deferred: the next run is scheduled only after it
    /// fires, and its failure fails the loop.
    ///
    /// (A separate factory rather than an `init` overload: a closure without `return` would make the two
    /// overloads ambiguous.)
    ///
    /// Twisted: `LoopingCall(f)` with `f` returning a Deferred.
    public static func returningDeferred(
        clock: any ReactorTime, _ body: @escaping () throws -> Deferred<Void>
    ) -> LoopingCall {
        LoopingCall(clock: clock, body: { try body() }, countBody: nil)
    }

    /// Creates a loop whose function receives how many intervals have passed since its last run (1
    /// normally, more when runs were skipped; always 1 for a zero interval). Runs where no whole interval
    /// has passed are skipped.
    ///
    /// Twisted: `LoopingCall.withCount`.
    public static func withCount(clock: any ReactorTime, _ body: @escaping (Int) throws -> Void) -> LoopingCall {
        LoopingCall(
            clock: clock, body: nil,
            countBody: { count in
                try body(count)
                return nil
            })
    }

    /// Starts the loop.
    ///
    /// - Parameters:
    ///   - interval: Time between runs; zero runs once per reactor iteration (per `advance`).
    ///   - now: Run the function at once (default) rather than after the first interval.
    /// - Returns: A Deferred that fires with this LoopingCall after ``stop()``, or fails with the
    ///   function's error. If the first run fails, it has already failed when returned.
    /// - Precondition: not running, and `interval >= .zero`.
    ///
    /// Twisted: `LoopingCall.start`.
    @discardableResult
    public func start(_ interval: Duration, now: Bool = true) -> Deferred<LoopingCall> {
        precondition(!isRunning, "LoopingCall.start: already running")
        precondition(interval >= .zero, "LoopingCall.start: interval must not be negative")
        isRunning = true
        let deferred = Deferred<LoopingCall>()
        self.deferred = deferred
        self.interval = interval
        startTime = clock.now
        runAtStart = now
        lastCountTime = nil
        if now {
            fire()
        } else {
            schedule(from: startTime)
        }
        return deferred
    }

    /// Stops the loop: the pending run is cancelled and the ``start(_:now:)`` Deferred fires (at once, or
    /// when a Deferred returned by the function fires).
    ///
    /// - Precondition: running.
    ///
    /// Twisted: `LoopingCall.stop`.
    public func stop() {
        precondition(isRunning, "LoopingCall.stop: not running")
        isRunning = false
        if let call {
            self.call = nil
            try? call.cancel()
            finish(.success(self))
        }
    }

    /// Restarts the schedule from now: the next run is one interval from now.
    ///
    /// Does nothing while a Deferred returned by the function is pending.
    ///
    /// - Precondition: running.
    ///
    /// Twisted: `LoopingCall.reset`.
    public func reset() {
        precondition(isRunning, "LoopingCall.reset: not running")
        guard let call else { return }
        try? call.cancel()
        self.call = nil
        startTime = clock.now
        schedule(from: startTime)
    }

    private func fire() {
        call = nil
        let outcome: Deferred<Void>
        do {
            outcome = try invoke() ?? .succeed()
        } catch {
            outcome = .fail(error)
        }
        outcome.addCallbacks(
            { [self] in
                if isRunning {
                    schedule(from: clock.now)
                } else {
                    finish(.success(self))
                }
            },
            errback: { [self] error in
                isRunning = false
                finish(.failure(error))
            })
    }

    private func invoke() throws -> Deferred<Void>? {
        if let body {
            return try body()
        }
        guard let countBody, let interval else { return nil }
        let now = clock.now
        guard interval > .zero else {
            lastCountTime = now
            return try countBody(1)
        }
        let last = lastCountTime ?? (runAtStart ? startTime - interval : startTime)
        let count = intervalNumber(at: now, interval) - intervalNumber(at: last, interval)
        guard count > 0 else { return nil }
        lastCountTime = now
        return try countBody(Int(count))
    }

    private func intervalNumber(at time: Duration, _ interval: Duration) -> Int128 {
        (time - startTime).totalAttoseconds / interval.totalAttoseconds
    }

    /// Schedules the next run at the first interval boundary after `when` (one whole interval if `when`
    /// is on a boundary).
    private func schedule(from when: Duration) {
        guard let interval else { return }
        var delay = Duration.zero
        if interval > .zero {
            let intoInterval = (when - startTime).totalAttoseconds % interval.totalAttoseconds
            delay = interval - Duration(totalAttoseconds: intoInterval)
        }
        call = clock.callLater(delay) { [self] in fire() }
    }

    private func finish(_ result: Result<LoopingCall, any Error>) {
        guard let deferred else { return }
        self.deferred = nil
        switch result {
        case .success(let value): deferred.callback(value)
        case .failure(let error): deferred.errback(error)
        }
    }
}

@available(*, unavailable)
extension LoopingCall: Sendable {}
