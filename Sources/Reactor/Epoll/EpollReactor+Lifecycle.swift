import Deferred

extension EpollReactor: ReactorCore {
    /// Whether ``run()`` has started and shutdown has not finished.
    ///
    /// Twisted: `IReactorCore.running`.
    public var isRunning: Bool {
        preconditionInReactorThread()
        return state == .running || state == .stopping
    }

    /// Asks the loop to stop: from the next iteration the shutdown triggers run (`before`, waiting for
    /// returned Deferreds; then every connection and port is closed; then `during` and `after`), then
    /// ``run()`` returns.
    ///
    /// - Throws: ``ReactorNotRunning`` if the reactor is not running or is already stopping.
    ///
    /// Twisted: `IReactorCore.stop`.
    public func stop() throws {
        preconditionInReactorThread()
        guard state == .running else { throw ReactorNotRunning() }
        state = .stopping
        callLater(.zero) { [self] in
            self.triggers.fire(.shutdown) {
                self.state = .stopped
            }
        }
    }

    /// Runs `body` once the reactor is running: at startup (in the startup event's `during` phase), or at
    /// once if it is already running.
    ///
    /// Twisted: `IReactorCore.callWhenRunning`.
    public func callWhenRunning(_ body: @escaping () -> Void) {
        preconditionInReactorThread()
        if state == .notStarted {
            _ = triggers.add(.during, .startup) {
                body()
                return nil
            }
        } else {
            body()
        }
    }

    /// Adds a startup or shutdown hook; a Deferred returned from the `before` phase is waited for.
    ///
    /// Twisted: `IReactorCore.addSystemEventTrigger`.
    @discardableResult
    public func addSystemEventTrigger(
        _ phase: SystemEventPhase, _ event: SystemEvent, _ body: @escaping () -> Deferred<Void>?
    ) -> SystemEventTriggerID {
        preconditionInReactorThread()
        return triggers.add(phase, event, body)
    }

    /// Removes a hook added with ``addSystemEventTrigger(_:_:_:)``.
    ///
    /// Twisted: `IReactorCore.removeSystemEventTrigger`.
    public func removeSystemEventTrigger(_ id: SystemEventTriggerID) {
        preconditionInReactorThread()
        triggers.remove(id)
    }

    /// Fires the startup event (run calls this as the loop starts).
    func fireStartup() {
        triggers.fire(.startup) {}
    }

    /// Closes every registered connection, connector and port: the first `during` shutdown trigger,
    /// added by the initialiser.
    ///
    /// Twisted: `PosixReactorBase.disconnectAll`.
    func disconnectAll() {
        for handler in selector.handlers where handler !== waker {
            handler.closeForShutdown()
        }
    }
}

extension EpollReactor {
    /// Runs a client program on a new reactor: creates an `EpollReactor` owned by the calling thread,
    /// calls `main` with it, runs it until the Deferred `main` returns fires, and returns the exit status
    /// (0 on success, 1 if `main` threw or its Deferred failed; the error goes to standard error). The
    /// instance method `react(_:)` of `ReactorCore` does the rest.
    ///
    /// ```swift
    /// exit(EpollReactor.react { reactor in
    ///     TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: 8000)
    ///         .connectProtocol(MyProtocol()).addCallback { _ in () }
    /// })
    /// ```
    ///
    /// Twisted: `twisted.internet.task.react`.
    public static func react(_ main: (EpollReactor) throws -> Deferred<Void>) -> Int32 {
        let reactor: EpollReactor
        do {
            reactor = try EpollReactor()
        } catch {
            StandardErrorStream.write("react: cannot create the reactor: \(error)\n")
            return 1
        }
        return reactor.react {
            do {
                return try main(reactor)
            } catch {
                return .fail(error)
            }
        }
    }
}
