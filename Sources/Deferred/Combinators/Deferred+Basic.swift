extension Deferred {
    /// A Deferred that has already fired with `value`.
    ///
    /// Twisted: `defer.succeed`.
    @inlinable
    public static func succeed(_ value: Value) -> Deferred<Value> {
        Deferred(result: .success(value))
    }

    /// A Deferred that has already failed with `error`.
    ///
    /// Twisted: `defer.fail`.
    @inlinable
    public static func fail(_ error: any Error) -> Deferred<Value> {
        Deferred(result: .failure(error))
    }

    /// Calls `body` now and wraps its outcome: a value becomes a fired Deferred, a thrown error a failed one.
    ///
    /// A closure returning a `Deferred` selects the other overload, which passes that Deferred through, also
    /// in `Deferred.maybeDeferred { d }` where `Value` is not spelled out (this one is disfavoured for that).
    ///
    /// Twisted: `defer.maybeDeferred` (and `defer.execute`).
    @_disfavoredOverload
    public static func maybeDeferred(_ body: () throws -> Value) -> Deferred<Value> {
        Deferred(result: Result { try body() })
    }

    /// Calls `body` now and returns the Deferred it returns, or a failed Deferred if it throws.
    ///
    /// Twisted: `defer.maybeDeferred` with a function returning a Deferred.
    public static func maybeDeferred(_ body: () throws -> Deferred<Value>) -> Deferred<Value> {
        do {
            return try body()
        } catch {
            return .fail(error)
        }
    }
}

extension Deferred where Value == Void {
    /// Fires a `Deferred<Void>`.
    public func callback() {
        callback(())
    }

    /// A `Deferred<Void>` that has already fired.
    public static func succeed() -> Deferred<Void> {
        .succeed(())
    }
}
