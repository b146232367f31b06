/// Something that produces data for a ``Consumer``; it can be asked to stop for good.
///
/// Register producers with ``Consumer/registerProducer(_:streaming:)``: a ``PushProducer`` with
/// `streaming: true`, a ``PullProducer`` with `streaming: false`. All methods are called on the reactor
/// thread.
///
/// Twisted: `twisted.internet.interfaces.IProducer`.
public protocol Producer: AnyObject {
    /// Stops producing for good; called when the consumer goes away (for a transport: when the connection
    /// is lost). The producer must not write to the consumer afterwards.
    ///
    /// Twisted: `IProducer.stopProducing`.
    func stopProducing()
}

/// A producer that writes on its own schedule until told to pause (`streaming: true`).
///
/// The consumer calls ``pauseProducing()`` when its buffer passes the high water mark and
/// ``resumeProducing()`` when it has drained below the low water mark (see ``WriteBufferWaterMarks``).
/// Pause and resume may each be called more than once in a row; treat them as idempotent.
///
/// Twisted: `twisted.internet.interfaces.IPushProducer`.
public protocol PushProducer: Producer {
    /// Stops writing to the consumer until ``resumeProducing()``.
    ///
    /// Twisted: `IPushProducer.pauseProducing`.
    func pauseProducing()
    /// Starts writing to the consumer again after ``pauseProducing()``.
    ///
    /// Twisted: `IPushProducer.resumeProducing`.
    func resumeProducing()
}

/// A producer that writes one chunk each time the consumer asks (`streaming: false`).
///
/// The consumer calls ``resumeProducing()`` when it wants more data: once at registration and again each
/// time its buffer has drained.
///
/// Twisted: `twisted.internet.interfaces.IPullProducer`.
public protocol PullProducer: Producer {
    /// Writes (at least) one chunk to the consumer now.
    ///
    /// Twisted: `IPullProducer.resumeProducing`.
    func resumeProducing()
}

/// Something that accepts bytes and can throttle a registered ``Producer``.
///
/// Every ``Transport`` is a consumer. Reactor-confined: call only on the reactor thread.
///
/// Twisted: `twisted.internet.interfaces.IConsumer`.
public protocol Consumer: AnyObject {
    /// Registers the producer that feeds this consumer.
    ///
    /// - Parameters:
    ///   - producer: A ``PushProducer`` when `streaming` is true, a ``PullProducer`` otherwise.
    ///   - streaming: Whether the producer pushes data until paused (true) or writes when asked (false).
    ///
    /// Registering a second producer without unregistering the first is a programming error (the process
    /// stops; Twisted raises `RuntimeError`). A transport that is already disconnected calls
    /// ``Producer/stopProducing()`` at once.
    ///
    /// Twisted: `IConsumer.registerProducer`.
    func registerProducer(_ producer: any Producer, streaming: Bool)

    /// Forgets the registered producer (no-op when none is registered).
    ///
    /// Twisted: `IConsumer.unregisterProducer`.
    func unregisterProducer()

    /// Accepts bytes. Never blocks; a transport buffers what it cannot send yet.
    ///
    /// Twisted: `IConsumer.write`.
    func write(_ bytes: [UInt8])
}

/// The flow-control thresholds transports apply to their write buffers.
///
/// A transport with a registered streaming producer calls ``PushProducer/pauseProducing()`` when its
/// unsent bytes exceed ``high`` (64 KiB) and ``PushProducer/resumeProducing()`` once they fall to ``low``
/// (16 KiB) or below; a registered pull producer gets ``PullProducer/resumeProducing()`` whenever the buffer
/// falls to ``low``. Writes are never refused: the marks only signal the producer. The transport's own
/// read side is paused the same way when a protocol calls ``PushProducer/pauseProducing()`` on it.
///
/// Twisted: `abstract.FileDescriptor.bufferSize` (one 64 KiB threshold; Torsion adds a low mark, as NIO
/// does, to avoid pause/resume flapping).
public enum WriteBufferWaterMarks {
    /// Pause a streaming producer above this many unsent bytes: 64 KiB.
    public static let high = 64 * 1024
    /// Resume it at or below this many unsent bytes: 16 KiB.
    public static let low = 16 * 1024
}
