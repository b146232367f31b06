import CTorsion
import Glibc

/// One reactor's signal handling: a signalfd registered with the epoll set, reading the signals that this
/// reactor's handlers claimed.
///
/// How a signal reaches it, whatever thread the kernel picks: claiming a signal (1) blocks it in the
/// reactor thread, (2) adds it to the signalfd's mask and (3) installs a process-wide forwarding handler
/// (`ctorsion_signal_claim`, in C) that re-sends it with `tgkill` to the reactor thread. A signal delivered
/// to another thread is forwarded; one delivered while every thread blocks it stays pending for the
/// process, which the signalfd reads as well. Either way the handlers run from the loop. A signal is
/// claimed by one thread of the process at a time; releasing it restores its previous disposition and
/// unblocks it (unless it was blocked before).
///
/// Threading: reactor-confined (claims are made and released on the reactor thread).
final class SignalWatcher: EpollHandler {
    private typealias Entry = (number: Int, body: (Int32) -> Void)

    /// The signals no handler may claim: they cannot be caught, or they are faults of the thread that
    /// raised them and cannot be forwarded.
    static let uncatchable: Set<Int32> = [SIGKILL, SIGSTOP, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP]

    let fd: Int32
    private let thread: pid_t
    private var mask = sigset_t()
    private var handlers: [Int32: [Entry]] = [:]
    /// Signals that were blocked in the reactor thread before they were claimed (left blocked on release).
    private var blockedBefore: Set<Int32> = []
    private var nextNumber = 0

    init() throws(SystemCallError) {
        var empty = sigset_t()
        sigemptyset(&empty)
        fd = try systemCallValue("signalfd") { ctorsion_signalfd(-1, &empty) }
        mask = empty
        thread = ctorsion_gettid()
    }

    deinit {
        for signal in handlers.keys {
            release(signal)
        }
        _ = Glibc.close(fd)
    }

    /// The signals with at least one handler.
    var claimedSignals: Set<Int32> { Set(handlers.keys) }

    /// Adds a handler, claiming the signal if it is the first one.
    func add(_ signal: Int32, _ body: @escaping (Int32) -> Void) throws(SignalHandlingError) -> SignalHandlerID {
        if handlers[signal] == nil {
            try claim(signal)
            handlers[signal] = []
        }
        nextNumber += 1
        handlers[signal]!.append((nextNumber, body))
        return SignalHandlerID(signal: signal, number: nextNumber)
    }

    /// Removes a handler, releasing the signal if it was the last one.
    func remove(_ id: SignalHandlerID) {
        guard var entries = handlers[id.signal] else { return }
        entries.removeAll { $0.number == id.number }
        if entries.isEmpty {
            handlers[id.signal] = nil
            release(id.signal)
        } else {
            handlers[id.signal] = entries
        }
    }

    /// Removes every handler and releases every signal.
    func removeAll() {
        for signal in handlers.keys.sorted() {
            handlers[signal] = nil
            release(signal)
        }
    }

    private func claim(_ signal: Int32) throws(SignalHandlingError) {
        guard signal > 0, signal < 65, !Self.uncatchable.contains(signal) else {
            throw SignalHandlingError(signal: signal, detail: "it cannot be caught")
        }
        var one = sigset_t()
        sigemptyset(&one)
        sigaddset(&one, signal)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &one, &previous)
        let wasBlocked = sigismember(&previous, signal) == 1
        if ctorsion_signal_claim(signal, thread) != 0 {
            let code = ctorsion_errno()
            if !wasBlocked { pthread_sigmask(SIG_UNBLOCK, &one, nil) }
            throw SignalHandlingError(
                signal: signal,
                detail: code == EBUSY ? "another reactor in this process handles it" : "sigaction failed",
                errno: code)
        }
        if wasBlocked { blockedBefore.insert(signal) }
        sigaddset(&mask, signal)
        _ = ctorsion_signalfd(fd, &mask)
    }

    private func release(_ signal: Int32) {
        _ = ctorsion_signal_release(signal, thread)
        sigdelset(&mask, signal)
        _ = ctorsion_signalfd(fd, &mask)
        if blockedBefore.remove(signal) == nil, ctorsion_gettid() == thread {
            var one = sigset_t()
            sigemptyset(&one)
            sigaddset(&one, signal)
            pthread_sigmask(SIG_UNBLOCK, &one, nil)
        }
    }

    /// Reads every pending signal and runs its handlers (a snapshot: handlers added meanwhile wait for the
    /// next arrival).
    func handleEvent(_ events: UInt32) {
        while true {
            let signal = ctorsion_signalfd_read(fd)
            guard signal > 0 else { return }
            for entry in handlers[signal] ?? [] {
                entry.body(signal)
            }
        }
    }

    /// Signal handlers outlive the shutdown (the reactor removes its own stop handlers after `run`).
    func closeForShutdown() {}
}

@available(*, unavailable)
extension SignalWatcher: Sendable {}
