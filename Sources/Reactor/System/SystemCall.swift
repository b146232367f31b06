import CTorsion
import Glibc

/// A system call failed: carries the call's name and `errno`.
///
/// Thrown by the real reactor's socket and epoll code. Connection-level failures reach protocols
/// wrapped in the reactor's error types (for example `ConnectionLost`), with this error as the cause.
///
/// Twisted: the `OSError`/`socket.error` that Twisted wraps into `twisted.internet.error` types.
public struct SystemCallError: Error, CustomStringConvertible, Equatable {
    /// The failing call, such as `"connect"`.
    public let call: String
    /// The `errno` value the call left.
    public let errno: Int32

    /// Creates the error for `call` failing with `errno`.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// `connect: Connection refused (errno 111)`.
    public var description: String {
        let message = String(cString: strerror(errno))
        return "\(call): \(message) (errno \(errno))"
    }
}

/// The outcome of a non-blocking call: done with a value, or the kernel said "try again later".
enum IOResult<Value> {
    /// The call completed with this value.
    case processed(Value)
    /// The call would have blocked (`EAGAIN`/`EWOULDBLOCK`, or `EINPROGRESS` for `connect`).
    case wouldBlock
}

/// Runs one system call: retries on `EINTR`, maps `EAGAIN`/`EWOULDBLOCK` (and `EINPROGRESS`) to
/// ``IOResult/wouldBlock``, and throws ``SystemCallError`` with `errno` and `name` for other failures.
///
/// `body` returns the raw C result; a negative value means failure with `errno` set.
@inline(__always)
func systemCall<T: FixedWidthInteger>(
    _ name: StaticString, _ body: () -> T
) throws(SystemCallError) -> IOResult<T> {
    while true {
        let result = body()
        if result >= 0 {
            return .processed(result)
        }
        let code = ctorsion_errno()
        switch code {
        case EINTR:
            continue
        case EAGAIN, EWOULDBLOCK, EINPROGRESS:
            return .wouldBlock
        default:
            throw SystemCallError(call: name.description, errno: code)
        }
    }
}

/// Runs a system call that must not report "would block" (setup calls such as `socket` or `bind`):
/// a would-block outcome is thrown as `EAGAIN`.
@inline(__always)
func systemCallValue<T: FixedWidthInteger>(
    _ name: StaticString, _ body: () -> T
) throws(SystemCallError) -> T {
    switch try systemCall(name, body) {
    case .processed(let value): return value
    case .wouldBlock: throw SystemCallError(call: name.description, errno: EAGAIN)
    }
}

/// Ignores `SIGPIPE` for the whole process, once.
///
/// Sockets are written with `MSG_NOSIGNAL` anyway; this also protects other writes to a closed pipe.
enum BrokenPipeSignal {
    /// Swift runs a `static let` initialiser exactly once, thread-safely.
    private static let ignored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    /// Makes sure `SIGPIPE` is ignored.
    static func ignore() {
        _ = ignored
    }
}
