/// The state of one child process as Twisted sequences its events: which pipes are open, whether the child
/// has been reaped, whether `processEnded` was delivered. Inputs in, protocol calls out; tested as values.
///
/// Rules (Twisted's `Process.childConnectionLost`, `BaseProcess.processEnded` and
/// `maybeCallProcessEnded`): each pipe reports its loss once; reaping reports `processExited` once;
/// `processEnded` follows, once, as soon as the child has been reaped and no pipe is open.
///
/// `package` so that the test doubles (``FakeProcessTransport``) follow the same rules from another module.
package struct ProcessLifecycle: Equatable {
    /// A call to make on the protocol.
    package enum Action: Equatable {
        /// `childConnectionLost(fd:)`.
        case childConnectionLost(Int32)
        /// `processExited(reason:)` for this raw wait status.
        case processExited(status: Int32)
        /// `processEnded(reason:)` for this raw wait status.
        case processEnded(status: Int32)
    }

    /// The child descriptors whose pipes are still open.
    package private(set) var openPipes: Set<Int32>
    /// The wait status once the child has been reaped.
    package private(set) var exitStatus: Int32?
    /// Whether `processEnded` has been delivered.
    package private(set) var hasEnded = false

    /// A process with pipes open to `pipes`, not yet reaped.
    package init(pipes: Set<Int32>) {
        openPipes = pipes
    }

    /// Whether the child has been reaped.
    package var isReaped: Bool { exitStatus != nil }

    /// The pipe to `childFD` closed.
    package mutating func pipeClosed(_ childFD: Int32) -> [Action] {
        guard openPipes.remove(childFD) != nil else { return [] }
        return [.childConnectionLost(childFD)] + endIfDone()
    }

    /// The child was reaped with `status`.
    package mutating func reaped(status: Int32) -> [Action] {
        guard exitStatus == nil else { return [] }
        exitStatus = status
        return [.processExited(status: status)] + endIfDone()
    }

    private mutating func endIfDone() -> [Action] {
        guard let exitStatus, openPipes.isEmpty, !hasEnded else { return [] }
        hasEnded = true
        return [.processEnded(status: exitStatus)]
    }
}
