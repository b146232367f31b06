/// A Deferred of every member's result, success or error, in input order: Twisted's `DeferredList`.
///
/// `DeferredList<T>` is `Deferred<[Result<T, any Error>]>`, so every Deferred method applies to it, and
/// `DeferredList(ds)` builds one (see ``Deferred/init(_:fireOnOneErrback:consumeErrors:)``). Twisted's
/// `fireOnOneCallback=True`, whose result is a `(value, index)` pair instead of a list, is
/// ``Deferred/firstSuccess(_:fireOnOneErrback:consumeErrors:)``.
///
/// Twisted: `defer.DeferredList`.
public typealias DeferredList<T> = Deferred<[Result<T, any Error>]>

extension Deferred {
    /// Creates a Deferred that fires with every member's result, in the order of `deferreds`, once all have
    /// fired; write it `DeferredList(ds)`.
    ///
    /// An empty list fires `[]` at once. Each member's result is observed at the point of its chain where it
    /// is now; the member keeps that result for callbacks added to it later (in Twisted a consumed error
    /// becomes `None`; here it stays, marked handled).
    ///
    /// - Parameters:
    ///   - deferreds: The member Deferreds.
    ///   - fireOnOneErrback: Fail with ``FirstError`` (the error and the member's index) as soon as one member
    ///     fails, instead of waiting for all.
    ///   - consumeErrors: Whether a member's error counts as handled once seen here, so it is not also
    ///     reported as unhandled when that member is released. Without it, a failed member reports its error
    ///     unless something else handles it, even though the list carries it as a `.failure`.
    ///
    /// Cancelling the list before it fires cancels every member (their ``CancelledError``s become the
    /// list's entries); cancelling it after it fired does nothing.
    ///
    /// Twisted: `defer.DeferredList(deferredList, fireOnOneErrback=, consumeErrors=)`.
    public convenience init<T>(
        _ deferreds: [Deferred<T>], fireOnOneErrback: Bool = false, consumeErrors: Bool = false
    ) where Value == [Result<T, any Error>] {
        if deferreds.isEmpty {
            self.init(result: .success([]))
            return
        }
        let list = ResultList(deferreds, fireOnOneErrback: fireOnOneErrback)
        self.init(canceller: { _ in list.cancelMembers() })
        list.start(target: self, consumeErrors: consumeErrors)
    }

    /// A Deferred of the first member value, with that member's index: `DeferredList` with
    /// `fireOnOneCallback`.
    ///
    /// Fires with `(value, index)` when a member first succeeds. The other members are left running (use
    /// ``race(_:)`` to cancel them). If every member fails (or the list is empty), fails with
    /// ``FailureGroup`` holding the errors in input order; Twisted fires its result list instead, and never
    /// fires for an empty list.
    ///
    /// - Parameters:
    ///   - deferreds: The member Deferreds.
    ///   - fireOnOneErrback: Fail with ``FirstError`` at the first member error instead.
    ///   - consumeErrors: Whether members' errors count as handled once seen here (see
    ///     ``init(_:fireOnOneErrback:consumeErrors:)``).
    /// - Returns: The combined Deferred; cancelling it before it fires cancels every member.
    ///
    /// Twisted: `defer.DeferredList(deferredList, fireOnOneCallback=True)`.
    public static func firstSuccess<T>(
        _ deferreds: [Deferred<T>], fireOnOneErrback: Bool = false, consumeErrors: Bool = false
    ) -> Deferred<(value: T, index: Int)> where Value == (value: T, index: Int) {
        if deferreds.isEmpty {
            return .fail(FailureGroup(errors: []))
        }
        let first = FirstSuccess(deferreds, fireOnOneErrback: fireOnOneErrback)
        let target = Deferred<(value: T, index: Int)>(canceller: { _ in first.cancelMembers() })
        first.start(target: target, consumeErrors: consumeErrors)
        return target
    }
}

/// `DeferredList`: every result in order, or the first error with `fireOnOneErrback`.
final class ResultList<T>: Combination<T, [Result<T, any Error>]> {
    private var results: [Result<T, any Error>?]
    private var remaining: Int
    private let fireOnOneErrback: Bool

    init(_ members: [Deferred<T>], fireOnOneErrback: Bool) {
        results = Array(repeating: nil, count: members.count)
        remaining = members.count
        self.fireOnOneErrback = fireOnOneErrback
        super.init(members)
    }

    override func record(
        _ outcome: Result<T, any Error>, at index: Int
    ) -> Result<[Result<T, any Error>], any Error>? {
        if fireOnOneErrback, case .failure(let error) = outcome {
            results = []
            return .failure(FirstError(error: error, index: index))
        }
        results[index] = outcome
        remaining -= 1
        guard remaining == 0 else { return nil }
        let all = results.map { $0! }
        results = []
        return .success(all)
    }
}

/// `DeferredList(fireOnOneCallback=True)`: the first value, or every error.
final class FirstSuccess<T>: Combination<T, (value: T, index: Int)> {
    private var errors: [(any Error)?]
    private var remaining: Int
    private let fireOnOneErrback: Bool

    init(_ members: [Deferred<T>], fireOnOneErrback: Bool) {
        errors = Array(repeating: nil, count: members.count)
        remaining = members.count
        self.fireOnOneErrback = fireOnOneErrback
        super.init(members)
    }

    override func record(_ outcome: Result<T, any Error>, at index: Int) -> Result<(value: T, index: Int), any Error>? {
        switch outcome {
        case .success(let value):
            errors = []
            return .success((value, index))
        case .failure(let error):
            if fireOnOneErrback {
                errors = []
                return .failure(FirstError(error: error, index: index))
            }
            errors[index] = error
            remaining -= 1
            guard remaining == 0 else { return nil }
            return .failure(FailureGroup(errors: errors.map { $0! }))
        }
    }
}
