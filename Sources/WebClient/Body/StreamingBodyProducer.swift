import Deferred
import Reactor

/// A request body the caller writes piece by piece while the request is under way (sent chunked unless
/// a length is given).
///
/// Call ``write(_:)`` as data becomes available and ``finish()`` at the end, or ``fail(_:)`` to abort the
/// request. Respect backpressure with ``isPaused`` and ``onResume``; bytes written while paused are
/// still accepted and queued by the connection. Data written before the request starts is buffered.
/// Not replayable. If the connection is lost mid-body, ``onStop`` is called and later writes are dropped.
///
/// Threading: reactor thread only.
public final class StreamingBodyProducer: BodyProducer {
    /// The declared length, or `nil` to send the body chunked.
    public let length: Int?
    /// Whether the connection asked to pause (its write buffer is full).
    public private(set) var isPaused = false
    /// Whether the connection stopped the body for good.
    public private(set) var isStopped = false
    /// Called when the connection can take more data after a pause.
    public var onResume: (() -> Void)?
    /// Called once if the connection stops the body (lost connection, cancelled request).
    public var onStop: (() -> Void)?

    private var consumer: (any Consumer)?
    private var pending: [[UInt8]] = []
    private var done: Deferred<Void>?
    private var finished: Result<Void, any Error>?

    /// A producer of a body of `length` bytes, or of unknown length when `nil`.
    public init(length: Int? = nil) {
        self.length = length
    }

    /// Sends `bytes` as the next part of the body.
    public func write(_ bytes: [UInt8]) {
        guard !isStopped, finished == nil, !bytes.isEmpty else { return }
        if let consumer {
            consumer.write(bytes)
        } else {
            pending.append(bytes)
        }
    }

    /// Ends the body successfully.
    public func finish() {
        settle(.success(()))
    }

    /// Ends the body with an error: the request fails with ``RequestGenerationFailed``.
    public func fail(_ error: any Error) {
        settle(.failure(error))
    }

    private func settle(_ result: Result<Void, any Error>) {
        guard finished == nil, !isStopped else { return }
        finished = result
        if let done {
            self.done = nil
            switch result {
            case .success: done.callback(())
            case .failure(let error): done.errback(error)
            }
        }
    }

    /// Starts sending: buffered writes go out, and the Deferred fires at ``finish()``.
    public func startProducing(_ consumer: any Consumer) -> Deferred<Void> {
        self.consumer = consumer
        for chunk in pending { consumer.write(chunk) }
        pending = []
        switch finished {
        case .success?: return .succeed(())
        case .failure(let error)?: return .fail(error)
        case nil: break
        }
        let done = Deferred<Void>()
        self.done = done
        return done
    }

    /// Records the pause.
    public func pauseProducing() { isPaused = true }

    /// Records the resume and calls ``onResume``.
    public func resumeProducing() {
        guard isPaused else { return }
        isPaused = false
        onResume?()
    }

    /// Stops for good and calls ``onStop``.
    public func stopProducing() {
        guard !isStopped else { return }
        isStopped = true
        consumer = nil
        done = nil
        onStop?()
    }
}

@available(*, unavailable)
extension StreamingBodyProducer: Sendable {}
