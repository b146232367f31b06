import Glibc

/// Signal names without the `SIG` prefix (`"TERM"`, `"KILL"`, `"HUP"`) and their numbers on Linux.
///
/// Used by ``ProcessTransport/signalProcess(_:)-(String)`` (Twisted translates `"HUP"`, `"STOP"`, `"INT"`,
/// `"KILL"`, `"TERM"`; Torsion accepts every standard name, with or without the prefix).
public enum SignalNames {
    private static let table: [(String, Int32)] = [
        ("HUP", SIGHUP), ("INT", SIGINT), ("QUIT", SIGQUIT), ("ILL", SIGILL), ("TRAP", SIGTRAP),
        ("ABRT", SIGABRT), ("BUS", SIGBUS), ("FPE", SIGFPE), ("KILL", SIGKILL), ("USR1", SIGUSR1),
        ("SEGV", SIGSEGV), ("USR2", SIGUSR2), ("PIPE", SIGPIPE), ("ALRM", SIGALRM), ("TERM", SIGTERM),
        ("CHLD", SIGCHLD), ("CONT", SIGCONT), ("STOP", SIGSTOP), ("TSTP", SIGTSTP), ("TTIN", SIGTTIN),
        ("TTOU", SIGTTOU), ("URG", SIGURG), ("XCPU", SIGXCPU), ("XFSZ", SIGXFSZ), ("VTALRM", SIGVTALRM),
        ("PROF", SIGPROF), ("WINCH", SIGWINCH), ("IO", SIGIO), ("PWR", SIGPWR), ("SYS", SIGSYS),
    ]

    /// The number of `name` (`"TERM"` or `"SIGTERM"`), or `nil` if unknown.
    public static func number(of name: String) -> Int32? {
        let bare = name.hasPrefix("SIG") ? String(name.dropFirst(3)) : name
        return table.first { $0.0 == bare }?.1
    }

    /// The name of `signal` without the prefix (`"TERM"`), or `nil` if unknown.
    public static func name(of signal: Int32) -> String? {
        table.first { $0.1 == signal }?.0
    }
}
