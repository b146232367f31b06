import Deferred
import Reactor

/// Writes a message body (a request's or a response's) to the transport with the framing its head
/// announced. Shared by the client and the server.
///
/// It is the consumer the ``BodyProducer`` writes to, and the producer registered on the transport,
/// so the transport's backpressure reaches the body producer. With `Content-Length` it counts bytes
/// and fails on too many (the excess is not written) or too few; with chunked framing each write
/// becomes one chunk and the end writes the last chunk; close-delimited bodies pass through. The head
/// is held back and sent with the first body write in one gathered write (or, if `sendsHeadAtStart`,
/// right after the producer started when it wrote nothing at once).
///
/// Twisted: `Request._writeToBodyProducerContentLength` / `_writeToBodyProducerChunked`,
/// `LengthEnforcingConsumer` and `ChunkedEncoder`.
package final class FramedBodyWriter: Consumer, PushProducer {
    /// How the body is delimited on the wire.
    package enum Framing: Equatable {
        /// No body: writes are ignored.
        case none
        /// Exactly this many bytes.
        case contentLength(Int)
        /// Chunked transfer coding.
        case chunked
        /// The body ends when the connection closes.
        case closeDelimited
    }

    private let transport: any Transport
    private let framing: Framing
    private let producer: any BodyProducer
    private let lengthError: (String) -> any Error
    private let sendsHeadAtStart: Bool
    private var pendingHead: [UInt8]?
    private var written = 0
    private var isStopped = false
    private var done = Deferred<Void>()
    private var isDone = false

    /// A writer of `producer`'s body after `head`; `lengthError` makes the error for a wrong length.
    package init(
        transport: any Transport, framing: Framing, producer: any BodyProducer, head: [UInt8],
        sendsHeadAtStart: Bool = false, lengthError: @escaping (String) -> any Error
    ) {
        self.transport = transport
        self.framing = framing
        self.producer = producer
        self.pendingHead = head
        self.sendsHeadAtStart = sendsHeadAtStart
        self.lengthError = lengthError
    }

    /// Starts the producer; the Deferred fires when the whole body is written, or fails.
    package func start() -> Deferred<Void> {
        transport.registerProducer(self, streaming: true)
        producer.startProducing(self).addCallbacks(
            { [self] in self.producerFinished(nil) },
            errback: { [self] error in self.producerFinished(error) })
        if sendsHeadAtStart, !isDone, !isStopped, let head = pendingHead {
            // The producer wrote nothing yet: send the head now, so the peer sees it early.
            pendingHead = nil
            transport.write(head)
        }
        return done
    }

    private func producerFinished(_ error: (any Error)?) {
        guard !isDone, !isStopped else { return }
        if let error {
            finish(.failure(error))
            return
        }
        switch framing {
        case .contentLength(let expected) where written < expected:
            finish(.failure(lengthError("too few bytes written: \(written) of \(expected)")))
        case .chunked:
            send([ChunkFraming.lastChunk])
            finish(.success(()))
        default:
            send([])
            finish(.success(()))
        }
    }

    private func finish(_ result: Result<Void, any Error>) {
        isDone = true
        transport.unregisterProducer()
        switch result {
        case .success: done.callback(())
        case .failure(let error): done.errback(error)
        }
    }

    /// Stops the body for good (connection lost, request cancelled or answered early).
    package func stop() {
        guard !isStopped else { return }
        isStopped = true
        if !isDone {
            transport.unregisterProducer()
        }
        producer.stopProducing()
    }

    // MARK: Consumer (the body producer writes here)

    package func write(_ bytes: [UInt8]) {
        guard !isStopped, !isDone, !bytes.isEmpty else { return }
        switch framing {
        case .contentLength(let expected):
            guard written + bytes.count <= expected else {
                producer.stopProducing()
                isStopped = true
                finish(.failure(lengthError("too many bytes written: more than \(expected)")))
                return
            }
            written += bytes.count
            send([bytes])
        case .chunked:
            written += bytes.count
            send([ChunkFraming.chunkHeader(length: bytes.count), bytes, ChunkFraming.chunkEnd])
        case .closeDelimited:
            written += bytes.count
            send([bytes])
        case .none:
            break
        }
    }

    private func send(_ parts: [[UInt8]]) {
        if let head = pendingHead {
            pendingHead = nil
            transport.writeSequence([head] + parts)
        } else if !parts.isEmpty {
            transport.writeSequence(parts)
        }
    }

    /// Ignored: the body producer is already known.
    package func registerProducer(_ producer: any Producer, streaming: Bool) {}

    /// Ignored.
    package func unregisterProducer() {}

    // MARK: PushProducer (the transport throttles the body through here)

    /// Pauses the body producer (the transport's buffer is full).
    package func pauseProducing() {
        producer.pauseProducing()
    }

    /// Resumes the body producer.
    package func resumeProducing() {
        producer.resumeProducing()
    }

    /// Stops the body for good.
    package func stopProducing() {
        stop()
    }
}

@available(*, unavailable)
extension FramedBodyWriter: Sendable {}
