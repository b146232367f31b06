/// The state of the epoll reactor's optional subsystems (descriptor readers and writers, signal handling,
/// child-process reaping), kept out of `EpollReactor` itself so each lives in its own folder.
///
/// Everything is created on first use. Reactor-confined.
final class ReactorSubsystems {
    /// Registrations of `addReader`/`addWriter`, by descriptor (see `Descriptors/`).
    var descriptors: [Int32: DescriptorRegistration] = [:]
    /// Readers and writers of descriptors epoll refuses (regular files), polled every iteration.
    var continuousPolling: ContinuousPolling?
    /// The signalfd behind `addSignalHandler` (see `Signals/`).
    var signalWatcher: SignalWatcher?
    /// The handlers `run()` installed for SIGINT and SIGTERM, removed when it returns.
    var stopSignalHandlers: [SignalHandlerID] = []
    /// The signal that made `run()` stop, if one did.
    var stopSignal: Int32?
    /// The SIGCHLD-driven reaper, used when `pidfd_open` is unavailable (see `Process/`).
    var childWatcher: ChildWatcher?
    /// Reap children through SIGCHLD even where pidfds work (tests of the fallback).
    var forceSignalReaping = false
    /// Children spawned and not yet reaped, handed to a background reaper when `run()` returns.
    var unreapedChildren: [Int32: EpollProcess] = [:]

    init() {}

    deinit {
        // A reactor that never ran (or was dropped without running again) still reaps its children.
        ChildReaperOfLastResort.adopt(Array(unreapedChildren.values))
    }
}

@available(*, unavailable)
extension ReactorSubsystems: Sendable {}
