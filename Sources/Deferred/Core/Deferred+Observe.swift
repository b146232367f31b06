extension Deferred {
    /// The result that reaches the current end of the chain now, if any; an error in it counts as handled.
    ///
    /// Only a chain that can run now is observed (fired, not paused, not running), so no step is left
    /// behind on an unfired Deferred. `package`: DeferredTesting's `successResultOf`, `failureResultOf` and
    /// `assertNoResult` read results through it.
    package func observeResultNow() -> Result<Value, any Error>? {
        guard isCalled, !isPaused, !isRunning else { return nil }
        var seen: Result<Value, any Error>?
        append(
            .handOff { result in
                seen = result
                return nil
            })
        return seen
    }
}
