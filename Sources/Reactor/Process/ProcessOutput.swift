import Deferred

/// What ``getProcessOutputAndValue(reactor:executable:args:env:path:stdinBytes:)`` gives back for a child
/// that exited.
///
/// Twisted: the `(out, err, code)` tuple.
public struct ProcessOutputAndValue: Sendable, Equatable {
    /// Everything the child wrote to standard output.
    public let out: [UInt8]
    /// Everything the child wrote to standard error.
    public let err: [UInt8]
    /// Its exit code.
    public let code: Int32

    /// Creates the value (for tests comparing results).
    public init(out: [UInt8], err: [UInt8], code: Int32) {
        self.out = out
        self.err = err
        self.code = code
    }
}

/// The failure of ``getProcessOutputAndValue(reactor:executable:args:env:path:stdinBytes:)`` when a signal
/// ended the child, with the output up to then.
///
/// Twisted: the `(out, err, signalNum)` tuple the Deferred errbacks with.
public struct ProcessOutputSignal: Error, Equatable, CustomStringConvertible {
    /// Standard output up to the end.
    public let out: [UInt8]
    /// Standard error up to the end.
    public let err: [UInt8]
    /// The signal that ended the child.
    public let signal: Int32

    /// Creates the error.
    public init(out: [UInt8], err: [UInt8], signal: Int32) {
        self.out = out
        self.err = err
        self.signal = signal
    }

    /// "process ended by signal <n>".
    public var description: String { "process ended by signal \(signal)" }
}

/// The failure of ``getProcessOutput(reactor:executable:args:env:path:errortoo:)`` when the child wrote to
/// standard error and `errortoo` is false. Its pipes are then closed; the process is left to end.
///
/// Twisted: `_UnexpectedErrorOutput` (an `IOError`; its `processEnded` Deferred is not kept here, since
/// errors must be Sendable).
public struct UnexpectedErrorOutput: Error, Equatable, CustomStringConvertible {
    /// The first bytes the child wrote to standard error.
    public let text: [UInt8]

    /// Creates the error.
    public init(text: [UInt8]) {
        self.text = text
    }

    /// "got stderr: <text>".
    public var description: String { "got stderr: \(String(decoding: text, as: UTF8.self))" }
}

/// Runs `executable` with `args` (not including the program name) and fires with its standard output once
/// it has ended.
///
/// - Parameters:
///   - errortoo: Include standard error in the result. When false, any byte on standard error fails the
///     Deferred with ``UnexpectedErrorOutput`` at once (Twisted's behaviour).
/// - Returns: A Deferred that fires with the output whatever the exit code, or fails with
///   ``ProcessSpawnError`` or ``UnexpectedErrorOutput``.
///
/// The child's standard input is a pipe left open, as in Twisted.
///
/// Twisted: `twisted.internet.utils.getProcessOutput`.
public func getProcessOutput(
    reactor: any ReactorProcess, executable: String, args: [String] = [], env: [String: String]? = [:],
    path: String? = nil, errortoo: Bool = false
) -> Deferred<[UInt8]> {
    let relay = BackRelay(errortoo: errortoo)
    return spawn(relay, relay.deferred, reactor, executable, args, env, path)
}

/// Runs `executable` and fires with its exit code (`nil` when a signal ended it) once it has ended.
///
/// Twisted: `twisted.internet.utils.getProcessValue`.
public func getProcessValue(
    reactor: any ReactorProcess, executable: String, args: [String] = [], env: [String: String]? = [:],
    path: String? = nil
) -> Deferred<Int32?> {
    let getter = ValueGetter()
    return spawn(getter, getter.deferred, reactor, executable, args, env, path)
}

/// Runs `executable`, optionally feeding `stdinBytes` to its standard input (then closed), and fires with
/// its standard output, standard error and exit code once it has ended.
///
/// - Returns: A Deferred that fails with ``ProcessOutputSignal`` (the output so far and the signal) if a
///   signal ended the child, or with ``ProcessSpawnError``.
///
/// Twisted: `twisted.internet.utils.getProcessOutputAndValue`.
public func getProcessOutputAndValue(
    reactor: any ReactorProcess, executable: String, args: [String] = [], env: [String: String]? = [:],
    path: String? = nil, stdinBytes: [UInt8]? = nil
) -> Deferred<ProcessOutputAndValue> {
    let getter = EverythingGetter(stdinBytes: stdinBytes)
    return spawn(getter, getter.deferred, reactor, executable, args, env, path)
}

private func spawn<T>(
    _ processProtocol: any ProcessProtocol, _ deferred: Deferred<T>, _ reactor: any ReactorProcess,
    _ executable: String, _ args: [String], _ env: [String: String]?, _ path: String?
) -> Deferred<T> {
    do {
        try reactor.spawnProcess(
            protocol: processProtocol, executable: executable, args: [executable] + args, env: env, path: path,
            childFDs: nil)
    } catch {
        return .fail(error)
    }
    return deferred
}

/// Collects standard output (and standard error with `errortoo`). Twisted: `utils._BackRelay`.
private final class BackRelay: ProcessProtocol {
    var transport: (any ProcessTransport)?
    let deferred = Deferred<[UInt8]>()
    private let errortoo: Bool
    private var output: [UInt8] = []

    init(errortoo: Bool) {
        self.errortoo = errortoo
    }

    func outReceived(_ data: [UInt8]) {
        output += data
    }

    func errReceived(_ data: [UInt8]) {
        if errortoo {
            output += data
        } else if !deferred.isCalled {
            deferred.errback(UnexpectedErrorOutput(text: data))
            transport?.loseConnection()
        }
    }

    func processEnded(reason: any ProcessExitReason) {
        if !deferred.isCalled { deferred.callback(output) }
    }
}

/// Fires with the exit code. Twisted: `utils._ValueGetter`.
private final class ValueGetter: ProcessProtocol {
    var transport: (any ProcessTransport)?
    let deferred = Deferred<Int32?>()

    func processEnded(reason: any ProcessExitReason) {
        deferred.callback(reason.exitCode)
    }
}

/// Collects both outputs and the exit code. Twisted: `utils._EverythingGetter`.
private final class EverythingGetter: ProcessProtocol {
    var transport: (any ProcessTransport)?
    let deferred = Deferred<ProcessOutputAndValue>()
    private let stdinBytes: [UInt8]?
    private var out: [UInt8] = []
    private var err: [UInt8] = []

    init(stdinBytes: [UInt8]?) {
        self.stdinBytes = stdinBytes
    }

    func connectionMade() {
        if let stdinBytes {
            transport?.write(stdinBytes)
            transport?.closeStdin()
        }
    }

    func outReceived(_ data: [UInt8]) {
        out += data
    }

    func errReceived(_ data: [UInt8]) {
        err += data
    }

    func processEnded(reason: any ProcessExitReason) {
        if let signal = reason.signal {
            deferred.errback(ProcessOutputSignal(out: out, err: err, signal: signal))
        } else {
            deferred.callback(ProcessOutputAndValue(out: out, err: err, code: reason.exitCode ?? -1))
        }
    }
}
