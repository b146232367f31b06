import CTorsion
import Glibc

extension EpollReactor: ReactorSignals {
    /// Calls `handler` on the reactor thread each time `signal` arrives (through a signalfd; see
    /// ``ReactorSignals/addSignalHandler(_:_:)``), until ``removeSignalHandler(_:)`` or until ``run()``
    /// returns (a stopped reactor runs no handler; its signals go back to their previous disposition).
    ///
    /// - Throws: ``SignalHandlingError``.
    @discardableResult
    public func addSignalHandler(_ signal: Int32, _ handler: @escaping (Int32) -> Void) throws -> SignalHandlerID {
        preconditionInReactorThread()
        return try signalWatcher().add(signal, handler)
    }

    /// Removes a handler added with ``addSignalHandler(_:_:)``.
    public func removeSignalHandler(_ id: SignalHandlerID) {
        preconditionInReactorThread()
        subsystems.signalWatcher?.remove(id)
    }

    /// The signal (SIGINT or SIGTERM) that stopped ``run(installSignalHandlers:)``, or `nil`.
    ///
    /// Twisted: `ReactorBase._exitSignal`.
    public var stopSignal: Int32? {
        preconditionInReactorThread()
        return subsystems.stopSignal
    }

    /// Whether the caller runs on the process's main thread (its thread id is the process id).
    public static var isMainThread: Bool {
        ctorsion_gettid() == getpid()
    }

    /// The signal watcher, created and registered on first use.
    func signalWatcher() throws(SignalHandlingError) -> SignalWatcher {
        if let watcher = subsystems.signalWatcher { return watcher }
        do {
            let watcher = try SignalWatcher()
            try selector.register(watcher.fd, interest: CTORSION_EPOLLIN, handler: watcher)
            subsystems.signalWatcher = watcher
            return watcher
        } catch {
            throw SignalHandlingError(signal: 0, detail: error.description, errno: error.errno)
        }
    }

    /// Makes SIGINT and SIGTERM stop the reactor cleanly (``stop()``: shutdown triggers run, connections
    /// close), as Twisted's `installSignalHandlers` does. A signal whose disposition is not the default
    /// (ignored, as `nohup` leaves SIGINT, or handled by the program or another reactor) is left alone, as
    /// Twisted leaves a SIGINT handler it did not install. ``run(installSignalHandlers:)`` calls this and
    /// removes the handlers when it returns.
    ///
    /// Twisted: `_SignalReactorMixin._handleSignals` (`sigInt`, `sigTerm`).
    func installStopSignalHandlers() {
        for signal in [SIGINT, SIGTERM] where Self.hasDefaultDisposition(signal) {
            let id = try? addSignalHandler(signal) { [unowned self] number in
                self.subsystems.stopSignal = number
                try? self.stop()
            }
            if let id { subsystems.stopSignalHandlers.append(id) }
        }
    }

    /// Removes every signal handler, the stop handlers and the program's own, restoring the previous
    /// dispositions: `run()` calls this as it returns, since a stopped reactor never runs a handler again.
    func removeSignalHandlers() {
        subsystems.stopSignalHandlers.removeAll()
        subsystems.signalWatcher?.removeAll()
    }

    private static func hasDefaultDisposition(_ signal: Int32) -> Bool {
        var current = sigaction()
        guard sigaction(signal, nil, &current) == 0 else { return false }
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 0  // SIG_DFL
    }
}
