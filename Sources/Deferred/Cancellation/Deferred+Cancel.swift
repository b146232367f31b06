extension Deferred {
    /// Cancels the work this Deferred stands for.
    ///
    /// - If the Deferred has not fired: calls the canceller given at creation (once); if the canceller did
    ///   not fire the Deferred, fails it with ``CancelledError``. Without a canceller the Deferred fails with
    ///   ``CancelledError`` and the producer's one later fire is ignored (Twisted does the same).
    /// - If it waits on an inner Deferred returned by a callback: cancels that inner Deferred (whose result,
    ///   usually ``CancelledError``, then flows into this chain).
    /// - Otherwise: does nothing.
    ///
    /// Twisted: `Deferred.cancel`.
    public func cancel() {
        if let inner = waitingOn {
            inner.cancel()
            return
        }
        guard result == nil else { return }
        if let canceller {
            self.canceller = nil
            canceller(self)
            if result == nil {
                errback(CancelledError())
            }
        } else {
            errback(CancelledError())
            suppressAlreadyCalled = true
        }
    }
}
