/// How a child process ended: the reason given to ``ProcessProtocol/processExited(reason:)`` and
/// ``ProcessProtocol/processEnded(reason:)``, a ``ProcessDone`` or a ``ProcessTerminated``.
///
/// Twisted: the `Failure` wrapping `ProcessDone` or `ProcessTerminated`, whose value has `exitCode`,
/// `signal` and `status`.
public protocol ProcessExitReason: Error {
    /// The exit code, or `nil` if a signal ended the process.
    var exitCode: Int32? { get }
    /// The signal that ended the process, or `nil` if it exited.
    var signal: Int32? { get }
    /// The raw wait status (`waitpid`), -1 when it could not be read.
    var status: Int32 { get }
}

/// The reason for a raw wait status: ``ProcessDone`` for a clean exit with code 0, ``ProcessTerminated``
/// otherwise (a status of -1 means unknown).
///
/// Twisted: `_BaseProcess._getReason(status)`.
package func makeProcessExitReason(status: Int32) -> any ProcessExitReason {
    guard status >= 0 else { return ProcessTerminated(exitCode: nil, signal: nil, status: status) }
    let termination = status & 0x7f
    if termination == 0 {
        let code = (status >> 8) & 0xff
        return code == 0 ? ProcessDone(status: status) : ProcessTerminated(exitCode: code, signal: nil, status: status)
    }
    return ProcessTerminated(exitCode: nil, signal: termination, status: status)
}

/// The child exited with code 0.
///
/// Twisted: `twisted.internet.error.ProcessDone`.
public struct ProcessDone: ProcessExitReason, CustomStringConvertible, Equatable {
    /// Always 0.
    public var exitCode: Int32? { 0 }
    /// Always `nil`.
    public var signal: Int32? { nil }
    /// The raw wait status.
    public let status: Int32

    /// Creates the reason.
    public init(status: Int32 = 0) {
        self.status = status
    }

    /// "A process has ended without apparent errors: process finished with exit code 0."
    public var description: String {
        "A process has ended without apparent errors: process finished with exit code 0."
    }
}

/// The child exited with a non-zero code or was killed by a signal.
///
/// Twisted: `twisted.internet.error.ProcessTerminated`.
public struct ProcessTerminated: ProcessExitReason, CustomStringConvertible, Equatable {
    /// The exit code, or `nil` if a signal ended it.
    public let exitCode: Int32?
    /// The signal, or `nil` if it exited.
    public let signal: Int32?
    /// The raw wait status (-1: unknown, because something else reaped the child).
    public let status: Int32

    /// Creates the reason.
    public init(exitCode: Int32?, signal: Int32?, status: Int32) {
        self.exitCode = exitCode
        self.signal = signal
        self.status = status
    }

    /// "A process has ended with a probable error condition: process ended with exit code 3." (or "by
    /// signal 9").
    public var description: String {
        let how: String
        if let exitCode {
            how = "process ended with exit code \(exitCode)"
        } else if let signal {
            how = "process ended by signal \(signal) (\(SignalNames.name(of: signal).map { "SIG" + $0 } ?? "unknown"))"
        } else {
            how = "process ended with an unknown status (reaped elsewhere)"
        }
        return "A process has ended with a probable error condition: \(how)."
    }
}

/// ``ProcessTransport/signalProcess(_:)-(Int32)`` on a child that has already been reaped.
///
/// Twisted: `twisted.internet.error.ProcessExitedAlready`.
public struct ProcessExitedAlready: Error, CustomStringConvertible, Equatable {
    /// Creates the error.
    public init() {}
    /// A fixed message.
    public var description: String { "The process has already exited" }
}

/// ``ProcessTransport/writeToChild(_:_:)`` for a descriptor with no open pipe for writing.
///
/// Twisted: the `KeyError` of `Process.writeToChild`.
public struct UnknownChildFD: Error, CustomStringConvertible, Equatable {
    /// The child descriptor asked for.
    public let childFD: Int32
    /// Creates the error.
    public init(childFD: Int32) {
        self.childFD = childFD
    }
    /// "No pipe for writing to child descriptor <n>".
    public var description: String { "No pipe for writing to child descriptor \(childFD)" }
}

/// `spawnProcess` could not start the child: no such executable, not executable, a bad descriptor in
/// `childFDs`, no working directory, out of processes or memory.
///
/// Twisted: the `OSError` raised by `spawnProcess` (`posix_spawnp`).
public struct ProcessSpawnError: Error, CustomStringConvertible, Equatable {
    /// The executable asked for.
    public let executable: String
    /// What failed, e.g. "posix_spawnp: No such file or directory (errno 2)".
    public let detail: String
    /// The errno, if a system call failed.
    public let errno: Int32?

    /// Creates the error.
    public init(executable: String, detail: String, errno: Int32? = nil) {
        self.executable = executable
        self.detail = detail
        self.errno = errno
    }

    /// "Cannot spawn <executable>: <detail>".
    public var description: String { "Cannot spawn \(executable): \(detail)" }
}
