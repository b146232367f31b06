import Reactor

/// What ``TLSMemoryBIOProtocol`` registers with the transport below for the wrapped protocol's producer.
///
/// It passes the transport's pause, resume and stop on, and adds one rule: before the handshake is done
/// a streaming producer stays paused and a pull producer is not asked for data (its writes would only be
/// held). Reactor-confined.
///
/// Twisted: `twisted.protocols.tls._ProducerMembrane`.
final class TLSProducerMembrane: PushProducer, PullProducer {
    private let producer: any Producer
    private let streaming: Bool
    private var pausedBelow = false
    private var handshakeDone: Bool
    private var pausedNow = false
    private var pullWanted = false

    init(_ producer: any Producer, streaming: Bool, handshakeDone: Bool) {
        self.producer = producer
        self.streaming = streaming
        self.handshakeDone = handshakeDone
        update()
    }

    /// The transport below is full.
    func pauseProducing() {
        pausedBelow = true
        update()
    }

    /// The transport below drained (streaming) or wants more (pull).
    func resumeProducing() {
        if streaming {
            pausedBelow = false
            update()
        } else if handshakeDone {
            (producer as? any PullProducer)?.resumeProducing()
        } else {
            pullWanted = true
        }
    }

    /// The connection is gone.
    func stopProducing() {
        producer.stopProducing()
    }

    /// Lets the producer go once the handshake is done.
    func handshakeFinished() {
        handshakeDone = true
        update()
        if pullWanted {
            pullWanted = false
            (producer as? any PullProducer)?.resumeProducing()
        }
    }

    private func update() {
        guard streaming, let push = producer as? any PushProducer else { return }
        let pause = pausedBelow || !handshakeDone
        guard pause != pausedNow else { return }
        pausedNow = pause
        if pause { push.pauseProducing() } else { push.resumeProducing() }
    }
}

@available(*, unavailable)
extension TLSProducerMembrane: Sendable {}
