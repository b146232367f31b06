extension Deferred {
    /// A Deferred of every member's value, in input order, that fails as soon as one member fails.
    ///
    /// Fires when every member has a value, with those values in the order of `deferreds` (an empty list
    /// fires `[]` at once), or, at the first member error, with ``FirstError`` carrying that error and the
    /// member's index. Members that fire later are ignored by the returned Deferred.
    ///
    /// Each member's result is observed at the point of its chain where it is when this is called: callbacks
    /// added to a member before `gatherResults` shape the value gathered, callbacks added after it see the
    /// member's own result unchanged. Call it as `Deferred.gatherResults(ds)`; `Value` is inferred as `[T]`.
    ///
    /// - Parameters:
    ///   - deferreds: The member Deferreds.
    ///   - consumeErrors: Whether a member's error counts as handled once it has been seen here, so it is
    ///     not also reported as unhandled when that member is released. Without it, each failed member
    ///     reports its own error unless something else handles it (as in Twisted, where it is logged).
    /// - Returns: The combined Deferred. Cancelling it before it fires cancels every member (the first
    ///   member's ``CancelledError`` then arrives wrapped in ``FirstError``); cancelling it later does nothing.
    ///
    /// Twisted: `defer.gatherResults`.
    public static func gatherResults<T>(
        _ deferreds: [Deferred<T>], consumeErrors: Bool = false
    ) -> Deferred<[T]> where Value == [T] {
        if deferreds.isEmpty {
            return .succeed([])
        }
        let gather = Gather(deferreds)
        let target = Deferred<[T]>(canceller: { _ in gather.cancelMembers() })
        gather.start(target: target, consumeErrors: consumeErrors)
        return target
    }
}

/// `gatherResults`: all values in order, or the first error.
final class Gather<T>: Combination<T, [T]> {
    private var values: [T?]
    private var remaining: Int

    override init(_ members: [Deferred<T>]) {
        values = Array(repeating: nil, count: members.count)
        remaining = members.count
        super.init(members)
    }

    override func record(_ outcome: Result<T, any Error>, at index: Int) -> Result<[T], any Error>? {
        switch outcome {
        case .failure(let error):
            values = []
            return .failure(FirstError(error: error, index: index))
        case .success(let value):
            values[index] = value
            remaining -= 1
            guard remaining == 0 else { return nil }
            let all = values.map { $0! }
            values = []
            return .success(all)
        }
    }
}
