import Deferred

extension ReactorCore {
    /// Runs the reactor until the Deferred returned by `main` fires, then stops it; returns an exit status.
    ///
    /// `main` is called before the reactor starts. When its Deferred fires, the reactor is stopped (once it
    /// is running, if it fired early); if the reactor is stopped by something else first, `react` just
    /// records the outcome. The status is 0 on success, 1 if the Deferred failed (the error is written to
    /// standard error as "main function encountered error: …") or if ``run()`` threw. Unlike Twisted, it
    /// returns the status instead of exiting; write `exit(reactor.react { … })`.
    ///
    /// Twisted: `twisted.internet.task.react`.
    public func react(_ main: () -> Deferred<Void>) -> Int32 {
        var status: Int32 = 0
        var stopping = false
        addShutdownTrigger(phase: .before) { stopping = true }
        let finish: (Result<Void, any Error>) -> Void = { [self] result in
            let record = {
                if case .failure(let error) = result {
                    StandardErrorStream.write("main function encountered error: \(error)\n")
                    status = 1
                }
            }
            if stopping {
                record()
            } else {
                callWhenRunning { [self] in
                    record()
                    try? stop()
                }
            }
        }
        main().addBoth(finish)
        do {
            try run()
        } catch {
            StandardErrorStream.write("react: \(error)\n")
            return 1
        }
        return status
    }
}
