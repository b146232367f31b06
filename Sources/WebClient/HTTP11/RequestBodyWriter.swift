import Deferred
import Reactor

/// Writes a request body to the transport with the framing the head announced.
///
/// It is the consumer the ``BodyProducer`` writes to, and the producer registered on the transport,
/// so the transport's backpressure reaches the body producer. With `Content-Length` it counts bytes
/// and fails with ``WrongBodyLength`` on too many (the excess is not written) or too few; with chunked
/// framing each write becomes one chunk and the end writes the last chunk. The head is held back and
/// sent with the first body write in one gathered write.
///
/// Twisted: `Request._writeToBodyProducerContentLength` / `_writeToBodyProducerChunked`,
/// `LengthEnforcingConsumer` and `ChunkedEncoder`.
final class RequestBodyWriter: Consumer, PushProducer {
    private let transport: any Transport
    private let framing: RequestBodyFraming
    private let producer: any BodyProducer
    private var pendingHead: [UInt8]?
    private var written = 0
    private var isStopped = false
    private var done = Deferred<Void>()
    private var isDone = false

    init(transport: any Transport, framing: RequestBodyFraming, producer: any BodyProducer, head: [UInt8]) {
        self.transport = transport
        self.framing = framing
        self.producer = producer
        self.pendingHead = head
    }

    /// Starts the producer; the Deferred fires when the whole body is written, or fails.
    func start() -> Deferred<Void> {
        transport.registerProducer(self, streaming: true)
        let produced = producer.startProducing(self)
        produced.addCallbacks(
            { [self] in self.producerFinished(nil) },
            errback: { [self] error in self.producerFinished(error) })
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
            finish(.failure(WrongBodyLength("too few bytes written: \(written) of \(expected)")))
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
    func stop() {
        guard !isStopped else { return }
        isStopped = true
        if !isDone {
            transport.unregisterProducer()
        }
        producer.stopProducing()
    }

    // MARK: Consumer (the body producer writes here)

    func write(_ bytes: [UInt8]) {
        guard !isStopped, !isDone, !bytes.isEmpty else { return }
        switch framing {
        case .contentLength(let expected):
            guard written + bytes.count <= expected else {
                producer.stopProducing()
                isStopped = true
                finish(.failure(WrongBodyLength("too many bytes written: more than \(expected)")))
                return
            }
            written += bytes.count
            send([bytes])
        case .chunked:
            written += bytes.count
            send([ChunkFraming.chunkHeader(length: bytes.count), bytes, ChunkFraming.chunkEnd])
        case .none:
            producer.stopProducing()
            isStopped = true
            finish(.failure(WrongBodyLength("too many bytes written: the request has no body")))
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

    func registerProducer(_ producer: any Producer, streaming: Bool) {
        // The body producer is already known; nothing else may register here.
    }

    func unregisterProducer() {}

    // MARK: PushProducer (the transport throttles the body through here)

    func pauseProducing() {
        producer.pauseProducing()
    }

    func resumeProducing() {
        producer.resumeProducing()
    }

    func stopProducing() {
        stop()
    }
}

@available(*, unavailable)
extension RequestBodyWriter: Sendable {}
