/// A reactor-confined value carried through a `@Sendable` closure that runs back on the reactor thread.
///
/// Use it to capture a non-Sendable object (a Deferred, a protocol) in a closure passed to
/// ``ThreadCallQueue/callFromThread(_:)`` or ``ReactorThreads/callInThread(_:)``, when only the part that
/// runs on the reactor thread touches it.
///
/// Safety (why `@unchecked Sendable`): the caller guarantees that ``value`` is only read on the reactor
/// thread that created the box; other threads only move the box around. Nothing checks this at run time.
///
/// Twisted: no equivalent (Python has no data-race checking); compare NIO's `NIOLoopBound`.
public struct ReactorConfined<Value>: @unchecked Sendable {
    /// The confined value; read it on the reactor thread only.
    public let value: Value

    /// Wraps `value`; call on the reactor thread.
    public init(_ value: Value) {
        self.value = value
    }
}
