import Reactor

/// The body of one request between the channel (which feeds it) and the handler (which reads it).
///
/// Until a consumer attaches, arriving bytes are kept, up to `bufferLimit`; past that the channel is
/// asked to pause reading. With a consumer attached, bytes go straight to it and pausing follows the
/// consumer's pause/resume. Once abandoned (the response finished without the body being read, or the
/// consumer stopped it), bytes are dropped and reading is never paused for this body.
final class RequestBodyStream: PushProducer {
    /// Called with `true` when reading should pause for this body, `false` when it may go on.
    var onPauseChange: ((Bool) -> Void)?
    /// Called once when the handler first asks for the body (for `100 Continue`).
    var onDemand: (() -> Void)?

    let bufferLimit: Int
    private var buffered: [ArraySlice<UInt8>] = []
    private var bufferedCount = 0
    private var consumer: (any RequestBodyProtocol)?
    private var endReason: (any Error)?
    private var endDelivered = false
    private var consumerPaused = false
    private var isPausing = false
    private(set) var isAbandoned = false
    /// Whether a consumer was attached (or the body abandoned): the handler looked at the body.
    private(set) var isDemanded = false
    /// Trailers of a chunked body, set when it completes.
    var trailers = Headers()

    init(bufferLimit: Int, complete: Bool) {
        self.bufferLimit = bufferLimit
        if complete { endReason = RequestBodyDone() }
    }

    /// Whether the body has ended (completely or not).
    var isEnded: Bool { endReason != nil }

    /// Whether the body arrived completely.
    var isComplete: Bool { endReason is RequestBodyDone }

    // MARK: From the channel

    func receive(_ data: ArraySlice<UInt8>) {
        guard !isAbandoned, endReason == nil else { return }
        if let consumer {
            consumer.dataReceived(data)
        } else {
            buffered.append(data)
            bufferedCount += data.count
            updatePause()
        }
    }

    func finish(_ reason: any Error) {
        guard endReason == nil else { return }
        endReason = reason
        updatePause()
        deliverEnd()
    }

    /// Drops the body: buffered bytes go, later bytes are dropped, reading is not paused for it.
    func abandon() {
        guard !isAbandoned else { return }
        isAbandoned = true
        buffered = []
        bufferedCount = 0
        updatePause()
    }

    // MARK: From the handler

    func attach(_ newConsumer: any RequestBodyProtocol) {
        precondition(consumer == nil && !isDemanded, "ServerRequest: the body can be read only once")
        isDemanded = true
        onDemand?()
        onDemand = nil
        consumer = newConsumer
        newConsumer.makeConnection(self)
        let pending = buffered
        buffered = []
        bufferedCount = 0
        for chunk in pending where consumer != nil {
            newConsumer.dataReceived(chunk)
        }
        updatePause()
        deliverEnd()
    }

    private func deliverEnd() {
        guard let endReason, let consumer, !endDelivered else { return }
        endDelivered = true
        self.consumer = nil
        consumer.connectionLost(reason: endReason)
    }

    private func updatePause() {
        let shouldPause: Bool
        if isAbandoned || endReason != nil {
            shouldPause = false
        } else if consumer != nil {
            shouldPause = consumerPaused
        } else {
            shouldPause = bufferedCount >= bufferLimit
        }
        guard shouldPause != isPausing else { return }
        isPausing = shouldPause
        onPauseChange?(shouldPause)
    }

    // MARK: PushProducer (given to the consumer)

    func pauseProducing() {
        consumerPaused = true
        updatePause()
    }

    func resumeProducing() {
        consumerPaused = false
        updatePause()
    }

    func stopProducing() {
        consumer = nil
        endDelivered = true
        abandon()
    }
}

@available(*, unavailable)
extension RequestBodyStream: Sendable {}
