/// Handling POSIX signals on the reactor thread.
///
/// A handler runs on the reactor thread, from the loop, after the signal arrived: never inside the signal
/// handler itself, so it may do anything (stop the reactor, reload a configuration, write to a transport).
/// Signals of the same number that arrive before the loop reads them are merged into one call, as the
/// kernel merges standard signals.
///
/// Threading: reactor-confined.
///
/// Twisted: no interface; Twisted's reactors install SIGINT/SIGTERM/SIGBREAK handlers themselves
/// (`_SignalReactorMixin`, `installSignalHandlers`) and applications call `signal.signal`, which Python runs
/// on the main thread between bytecodes.
public protocol ReactorSignals: AnyObject {
    /// Calls `handler` with the signal number each time `signal` arrives, until
    /// ``removeSignalHandler(_:)`` (or, on the epoll reactor, until `run()` returns). Several handlers for
    /// one signal run in the order they were added.
    ///
    /// - Throws: ``SignalHandlingError`` when the signal cannot be caught (`SIGKILL`, `SIGSTOP`, the
    ///   synchronous fault signals) or another reactor in this process already handles it.
    ///
    /// Twisted: `signal.signal(signum, handler)` with `reactor.callFromThread` inside the handler.
    @discardableResult
    func addSignalHandler(_ signal: Int32, _ handler: @escaping (Int32) -> Void) throws -> SignalHandlerID

    /// Removes a handler; when a signal has no handler left, its previous disposition is restored.
    /// Unknown identifiers are ignored.
    func removeSignalHandler(_ id: SignalHandlerID)
}

/// Identifies a handler added with ``ReactorSignals/addSignalHandler(_:_:)``.
public struct SignalHandlerID: Hashable, Sendable {
    /// The signal the handler is for.
    public let signal: Int32
    /// A number unique within the reactor.
    public let number: Int

    /// Creates an identifier (for reactor implementations).
    public init(signal: Int32, number: Int) {
        self.signal = signal
        self.number = number
    }
}

/// A signal handler could not be installed.
///
/// Twisted: the `ValueError`/`OSError` of `signal.signal`.
public struct SignalHandlingError: Error, CustomStringConvertible, Equatable {
    /// The signal number.
    public let signal: Int32
    /// Why: "cannot be caught", "handled by another reactor", or the failing call.
    public let detail: String
    /// The errno, if a system call failed.
    public let errno: Int32?

    /// Creates the error.
    public init(signal: Int32, detail: String, errno: Int32? = nil) {
        self.signal = signal
        self.detail = detail
        self.errno = errno
    }

    /// "Cannot handle signal <name>: <detail>".
    public var description: String {
        "Cannot handle signal \(SignalNames.name(of: signal) ?? String(signal)): \(detail)"
    }
}
