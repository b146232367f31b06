import Deferred
import Reactor
import WebClient

/// A request body written in pieces spread over time: the head and the first piece go out at once, the
/// rest follow one piece per `interval`, so a server can answer before the body is complete
/// (``Fault/earlyResponse``). Replayable (``rewind()`` starts again from the first piece).
///
/// Threading: reactor thread only.
public final class TricklingBodyProducer: BodyProducer {
    private let pieces: [[UInt8]]
    private let interval: Duration
    private let clock: any ReactorTime
    private var timer: DelayedCall?
    private var next = 0
    private var consumer: (any Consumer)?
    private var finished: Deferred<Void>?

    /// A body of `bytes` in `pieces` pieces (at least 1), `interval` apart.
    public init(_ bytes: [UInt8], pieces: Int, interval: Duration, clock: any ReactorTime) {
        let size = max(1, (bytes.count + max(pieces, 1) - 1) / max(pieces, 1))
        self.pieces = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
        self.interval = interval
        self.clock = clock
        length = bytes.count
    }

    /// The whole body's length.
    public let length: Int?
    /// Always true.
    public var isReplayable: Bool { true }

    /// Writes the first piece now and the others later; fires when the last is written.
    public func startProducing(_ consumer: any Consumer) -> Deferred<Void> {
        self.consumer = consumer
        let finished = Deferred<Void>()
        self.finished = finished
        writeNext()
        return finished
    }

    private func writeNext() {
        timer = nil
        guard let consumer, let finished else { return }
        guard next < pieces.count else {
            self.consumer = nil
            self.finished = nil
            finished.callback(())
            return
        }
        consumer.write(pieces[next])
        next += 1
        timer = clock.callLater(interval) { [weak self] in self?.writeNext() }
    }

    /// Starts again from the first piece.
    public func rewind() {
        next = 0
    }

    /// Nothing to do: pieces are small and paced already.
    public func pauseProducing() {}
    /// Nothing to do.
    public func resumeProducing() {}

    /// Stops writing; the Deferred of ``startProducing(_:)`` never fires (the writer has given up on it).
    public func stopProducing() {
        if let timer, timer.isActive { try? timer.cancel() }
        timer = nil
        consumer = nil
        finished = nil
    }
}

@available(*, unavailable)
extension TricklingBodyProducer: Sendable {}
