import Deferred
import Reactor

/// Produces a request body into a consumer (the connection), with flow control.
///
/// The protocol calls ``startProducing(_:)`` once the head is written; the producer writes the body with
/// `consumer.write(_:)` and fires the returned Deferred when done (or fails it). The connection may call
/// ``PushProducer/pauseProducing()`` and ``PushProducer/resumeProducing()`` for backpressure, and
/// ``Producer/stopProducing()`` when the connection is lost or the request is cancelled; after that the
/// Deferred never needs to fire and nothing may be written.
///
/// Threading: reactor thread only.
///
/// Twisted: `twisted.web.iweb.IBodyProducer`.
public protocol BodyProducer: PushProducer {
    /// The body's length in bytes, or `nil` when unknown (the body is then sent chunked).
    ///
    /// Twisted: `IBodyProducer.length` (`UNKNOWN_LENGTH` is `nil`).
    var length: Int? { get }

    /// Starts writing the body to `consumer`; the Deferred fires when all of it has been written.
    func startProducing(_ consumer: any Consumer) -> Deferred<Void>

    /// Whether ``rewind()`` can make the producer produce the same body again, so a failed request can
    /// be retried on a fresh connection. False unless the producer says otherwise.
    var isReplayable: Bool { get }

    /// Prepares to produce the same body again from the start. Only called when ``isReplayable``.
    func rewind()
}

extension BodyProducer {
    /// Not replayable by default.
    public var isReplayable: Bool { false }
    /// Does nothing by default.
    public func rewind() {}
}

/// A body held in memory: written in one piece, replayable.
///
/// Twisted: `FileBodyProducer(BytesIO(data))`.
public final class BytesBodyProducer: BodyProducer {
    /// The body.
    public let bytes: [UInt8]
    private var stopped = false

    /// A producer of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A producer of the UTF-8 bytes of `text`.
    public convenience init(_ text: String) {
        self.init(Array(text.utf8))
    }

    /// The byte count.
    public var length: Int? { bytes.count }
    /// Always true: the bytes can be sent again.
    public var isReplayable: Bool { true }

    /// Writes the bytes and fires at once.
    public func startProducing(_ consumer: any Consumer) -> Deferred<Void> {
        if !stopped, !bytes.isEmpty {
            consumer.write(bytes)
        }
        return .succeed(())
    }

    /// Allows producing again after a stop.
    public func rewind() { stopped = false }
    /// Nothing to pause: the bytes are written in one call.
    public func pauseProducing() {}
    /// Nothing to resume.
    public func resumeProducing() {}
    /// Marks the producer stopped.
    public func stopProducing() { stopped = true }
}

@available(*, unavailable)
extension BytesBodyProducer: Sendable {}
