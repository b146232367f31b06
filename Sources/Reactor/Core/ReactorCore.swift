import Deferred

/// Running and stopping a reactor, and hooks around startup and shutdown.
///
/// Threading: reactor-confined; ``run()`` blocks the calling thread, which becomes the reactor thread.
///
/// Twisted: `twisted.internet.interfaces.IReactorCore`.
public protocol ReactorCore: AnyObject {
    /// Whether ``run()`` has started and shutdown has not finished.
    ///
    /// Twisted: `IReactorCore.running`.
    var isRunning: Bool { get }

    /// Runs the event loop until ``stop()`` has been called and the shutdown triggers have finished.
    ///
    /// Startup triggers and ``callWhenRunning(_:)`` hooks run first, from inside the loop.
    ///
    /// - Throws: ``ReactorAlreadyRunning`` if called while running, ``ReactorNotRestartable`` after the
    ///   reactor has stopped.
    ///
    /// Twisted: `IReactorCore.run`.
    func run() throws

    /// Asks the loop to stop: the shutdown triggers run (``SystemEventPhase/before`` first, waiting for
    /// the Deferreds they return), then ``run()`` returns.
    ///
    /// - Throws: ``ReactorNotRunning`` if the reactor is not running or is already stopping.
    ///
    /// Twisted: `IReactorCore.stop`.
    func stop() throws

    /// Runs `body` once the reactor is running: at startup (after the `during` startup phase), or at once if
    /// it is already running.
    ///
    /// Twisted: `IReactorCore.callWhenRunning`.
    func callWhenRunning(_ body: @escaping () -> Void)

    /// Adds a hook that runs in a phase of startup or shutdown.
    ///
    /// - Parameters:
    ///   - phase: ``SystemEventPhase/before``, ``SystemEventPhase/during`` or ``SystemEventPhase/after``.
    ///   - event: ``SystemEvent/startup`` or ``SystemEvent/shutdown``.
    ///   - body: The hook. A Deferred it returns from the `before` phase delays the next phase until it
    ///     fires (an error is logged and does not stop shutdown); other phases ignore returned Deferreds.
    /// - Returns: An identifier for ``removeSystemEventTrigger(_:)``.
    ///
    /// Twisted: `IReactorCore.addSystemEventTrigger`.
    @discardableResult
    func addSystemEventTrigger(
        _ phase: SystemEventPhase, _ event: SystemEvent, _ body: @escaping () -> Deferred<Void>?
    ) -> SystemEventTriggerID

    /// Removes a trigger added with ``addSystemEventTrigger(_:_:_:)``; unknown identifiers are ignored.
    ///
    /// Twisted: `IReactorCore.removeSystemEventTrigger`.
    func removeSystemEventTrigger(_ id: SystemEventTriggerID)
}

extension ReactorCore {
    /// Adds a shutdown hook; a Deferred returned from the `before` phase is waited for.
    ///
    /// Twisted: `addSystemEventTrigger(phase, "shutdown", f)`.
    @discardableResult
    public func addShutdownTrigger(
        phase: SystemEventPhase = .before, _ body: @escaping () -> Deferred<Void>?
    ) -> SystemEventTriggerID {
        addSystemEventTrigger(phase, .shutdown, body)
    }

    /// Adds a shutdown hook that needs no waiting.
    ///
    /// Twisted: `addSystemEventTrigger(phase, "shutdown", f)`.
    @discardableResult
    public func addShutdownTrigger(
        phase: SystemEventPhase = .before, _ body: @escaping () -> Void
    ) -> SystemEventTriggerID {
        addSystemEventTrigger(phase, .shutdown) {
            body()
            return nil
        }
    }
}

/// The reactor-wide events that triggers attach to.
///
/// Twisted: the `eventType` strings `"startup"` and `"shutdown"`.
public enum SystemEvent: Hashable, Sendable {
    /// The reactor starting to run.
    case startup
    /// The reactor stopping.
    case shutdown
}

/// The three phases of a ``SystemEvent``, run in this order.
///
/// Twisted: the `phase` strings of `addSystemEventTrigger`.
public enum SystemEventPhase: Hashable, Sendable, CaseIterable {
    /// Runs first; returned Deferreds are waited for before `during` starts.
    case before
    /// The event itself (for shutdown: closing ports and connections).
    case during
    /// Runs last.
    case after
}

/// Identifies a trigger for ``ReactorCore/removeSystemEventTrigger(_:)``.
public struct SystemEventTriggerID: Hashable, Sendable {
    /// The event the trigger belongs to.
    public let event: SystemEvent
    /// The phase the trigger belongs to.
    public let phase: SystemEventPhase
    /// A number unique within the reactor.
    public let number: Int

    /// Creates an identifier (for reactor implementations).
    public init(event: SystemEvent, phase: SystemEventPhase, number: Int) {
        self.event = event
        self.phase = phase
        self.number = number
    }
}
