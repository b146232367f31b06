/// What the child gets at one of its descriptors, seen from the parent (the values of Twisted's
/// `childFDs`).
///
/// Twisted: the `"r"`, `"w"` and integer values of `spawnProcess(childFDs=...)`.
public enum ChildFD: Hashable, Sendable {
    /// A pipe the parent reads: the child writes (its stdout, stderr). Output reaches
    /// ``ProcessProtocol/childDataReceived(fd:data:)``. Twisted: `"r"`.
    case read
    /// A pipe the parent writes: the child reads (its stdin). Written with ``ProcessTransport/write(_:)`` (fd
    /// 0) or ``ProcessTransport/writeToChild(_:_:)``. Twisted: `"w"`.
    case write
    /// The parent's own descriptor, duplicated into the child (shell-style redirection: `2>&1` is
    /// `[2: .inherit(1)]` when the parent's 1 is the destination). The parent keeps its copy. Twisted: an `int`.
    case inherit(Int32)

    /// Twisted's default: stdin written by the parent, stdout and stderr read by it.
    public static let standard: [Int32: ChildFD] = [0: .write, 1: .read, 2: .read]
}

/// Starting child processes.
///
/// Threading: reactor-confined.
///
/// Twisted: `twisted.internet.interfaces.IReactorProcess`.
public protocol ReactorProcess: AnyObject {
    /// Starts `executable` as a child process driven by `protocol`, and returns its transport.
    ///
    /// The child has exactly the descriptors named in `childFDs` (every other descriptor of the parent is
    /// closed in it, whether or not it is close-on-exec), the default signal dispositions and an empty
    /// signal mask. `protocol` gets ``ProcessProtocol/makeConnection(_:)`` before this returns.
    ///
    /// - Parameters:
    ///   - protocol: Receives the child's output and end.
    ///   - executable: The program; a name without `/` is searched in the parent's `PATH` (`posix_spawnp`).
    ///   - args: The argument vector, `args[0]` being the program's name (as in Twisted). Empty: `[executable]`.
    ///   - env: The complete environment; `nil` passes the parent's own. Twisted's default, kept here, is
    ///     an empty environment.
    ///   - path: The working directory; `nil` keeps the parent's.
    ///   - childFDs: The child's descriptors; `nil` means ``ChildFD/standard``.
    /// - Throws: ``ProcessSpawnError``.
    ///
    /// Twisted: `IReactorProcess.spawnProcess` (without `uid`, `gid` and `usePTY`).
    @discardableResult
    func spawnProcess(
        protocol: any ProcessProtocol, executable: String, args: [String], env: [String: String]?, path: String?,
        childFDs: [Int32: ChildFD]?
    ) throws -> any ProcessTransport
}

extension ReactorProcess {
    /// ``spawnProcess(protocol:executable:args:env:path:childFDs:)`` with Twisted's defaults: an empty
    /// environment, the current directory, the standard pipes.
    @discardableResult
    public func spawnProcess(
        protocol processProtocol: any ProcessProtocol, executable: String, args: [String] = [],
        env: [String: String]? = [:], path: String? = nil, childFDs: [Int32: ChildFD]? = nil
    ) throws -> any ProcessTransport {
        try spawnProcess(
            protocol: processProtocol, executable: executable, args: args, env: env, path: path, childFDs: childFDs)
    }
}
