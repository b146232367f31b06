import Deferred
import Reactor
import WebClient

/// The response body was not the length its head announced.
struct WrongResponseBodyLength: Error, CustomStringConvertible {
    let description: String
}

/// Writes a streamed response body with the framing the head announced.
///
/// It is the consumer the ``BodyProducer`` writes to, and the producer registered on the transport, so
/// the transport's water marks (64 KiB / 16 KiB) pause and resume the body producer: a slow client
/// slows the producer down. With `Content-Length` it counts bytes and fails on too many (the excess is
/// not written) or too few; with chunked coding each write becomes one chunk and the end writes the
/// last chunk. The head goes out with the first body write if the producer writes at once (one
/// gathered write), otherwise right after the producer started.
///
/// Twisted: `twisted.web.http.Request.write` with `_ChunkedTransferEncoder` / length checks, and the
/// producer registration of `Request.registerProducer`.
final class ResponseBodyWriter: Consumer, PushProducer {
    private let transport: any Transport
    private let framing: ResponseFraming
    private let producer: any BodyProducer
    private var pendingHead: [UInt8]?
    private var written = 0
    private var isStopped = false
    private var isDone = false
    private let done = Deferred<Void>()

    init(transport: any Transport, framing: ResponseFraming, producer: any BodyProducer, head: [UInt8]) {
        self.transport = transport
        self.framing = framing
        self.producer = producer
        self.pendingHead = head
    }

    /// Starts the producer; the Deferred fires when the whole body is written, or fails.
    func start() -> Deferred<Void> {
        transport.registerProducer(self, streaming: true)
        _ = producer.startProducing(self).addCallbacks(
            { [self] in self.producerFinished(nil) },
            errback: { [self] error in self.producerFinished(error) })
        if !isDone, !isStopped, let head = pendingHead {
            // The producer wrote nothing yet: send the head now, so the client sees the status early.
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
            finish(.failure(WrongResponseBodyLength(description: "body producer wrote \(written) of \(expected) bytes")))
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

    /// Stops the body for good (connection lost).
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
                isStopped = true
                producer.stopProducing()
                finish(.failure(WrongResponseBodyLength(description: "body producer wrote more than \(expected) bytes")))
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

    func registerProducer(_ producer: any Producer, streaming: Bool) {}

    func unregisterProducer() {}

    // MARK: PushProducer (the transport throttles the body through here)

    func pauseProducing() { producer.pauseProducing() }

    func resumeProducing() { producer.resumeProducing() }

    func stopProducing() { stop() }
}

@available(*, unavailable)
extension ResponseBodyWriter: Sendable {}
