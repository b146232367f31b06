extension Deferred {
    /// A Deferred of the first member to succeed, with its index; the other members are cancelled.
    ///
    /// Fires with `(index, value)` for the first member that succeeds, after cancelling every other member
    /// (a member that fires with a value from its canceller is then ignored). If every member fails, fails
    /// with ``FailureGroup`` holding their errors in input order. An empty list fails that way at once
    /// (Twisted's never fires). Members' errors count as handled (race consumes them, as Twisted's does);
    /// the winner keeps its value for callbacks added to it later (Twisted sets it to `None`).
    ///
    /// Call it as `Deferred.race(ds)`; `Value` is inferred as `(index: Int, value: T)`.
    ///
    /// - Returns: The combined Deferred. Cancelling it before it fires cancels every member; it then fails
    ///   with a ``FailureGroup`` of their (usually ``CancelledError``) errors, unless a canceller supplied a
    ///   value, which wins.
    ///
    /// Twisted: `defer.race`.
    public static func race<T>(
        _ deferreds: [Deferred<T>]
    ) -> Deferred<(index: Int, value: T)> where Value == (index: Int, value: T) {
        if deferreds.isEmpty {
            return .fail(FailureGroup(errors: []))
        }
        let race = Race(deferreds)
        let target = Deferred<(index: Int, value: T)>(canceller: { _ in race.cancelMembers() })
        race.start(target: target, consumeErrors: true)
        return target
    }
}

/// `race`: the first value (cancelling the rest), or every error.
final class Race<T>: Combination<T, (index: Int, value: T)> {
    private var errors: [(any Error)?]
    private var remaining: Int
    private var winner: Int?

    override init(_ members: [Deferred<T>]) {
        errors = Array(repeating: nil, count: members.count)
        remaining = members.count
        super.init(members)
    }

    override func record(_ outcome: Result<T, any Error>, at index: Int) -> Result<(index: Int, value: T), any Error>? {
        switch outcome {
        case .success(let value):
            winner = index
            errors = []
            return .success((index, value))
        case .failure(let error):
            errors[index] = error
            remaining -= 1
            guard remaining == 0 else { return nil }
            return .failure(FailureGroup(errors: errors.map { $0! }))
        }
    }

    override func willFire(members: [Deferred<T>], decidedBy index: Int) {
        guard winner == index else { return }
        for (other, member) in members.enumerated() where other != index {
            member.cancel()
        }
    }
}
