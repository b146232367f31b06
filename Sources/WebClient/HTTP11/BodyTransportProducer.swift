import Deferred
import Reactor

/// The producer a body consumer gets: pausing it pauses reading from the connection, stopping it
/// abandons the body.
///
/// Reading is paused while a response has no consumer yet (so unread bodies are not buffered without
/// bound), and resumes when a consumer is attached unless the consumer paused it. After the response
/// is over, the producer is detached and does nothing.
///
/// Twisted: `twisted.web._newclient.TransportProxyProducer`.
final class BodyTransportProducer: PushProducer {
    private weak var connection: HTTP11ClientProtocol?
    private var pausedByConsumer = false
    private var waitingForConsumer = false

    init(connection: HTTP11ClientProtocol) {
        self.connection = connection
    }

    /// Detaches from the connection: later calls do nothing.
    func detach() {
        if waitingForConsumer || pausedByConsumer {
            resumeTransport()
        }
        connection = nil
    }

    /// Pauses reading until a consumer is attached.
    func awaitConsumer() {
        guard let connection, !waitingForConsumer else { return }
        waitingForConsumer = true
        connection.transport?.pauseProducing()
    }

    /// A consumer is attached: reading resumes unless the consumer paused it.
    func consumerAttached() {
        guard waitingForConsumer else { return }
        waitingForConsumer = false
        if !pausedByConsumer {
            resumeTransport()
        }
    }

    func pauseProducing() {
        guard let connection, !pausedByConsumer else { return }
        pausedByConsumer = true
        if !waitingForConsumer {
            connection.transport?.pauseProducing()
        }
    }

    func resumeProducing() {
        guard let connection, pausedByConsumer else { return }
        pausedByConsumer = false
        if !waitingForConsumer {
            _ = connection
            resumeTransport()
        }
    }

    /// Resumes reading unless the connection is already closing.
    private func resumeTransport() {
        guard let transport = connection?.transport, !transport.isDisconnecting else { return }
        transport.resumeProducing()
    }

    /// Abandons the body: the connection is aborted (never reused) and the body fails.
    func stopProducing() {
        abandon(reason: CancelledError())
    }

    /// Abandons the body as ``stopProducing()`` does, failing it with `reason` (a timeout's error).
    func abandon(reason: any Error) {
        guard let connection else { return }
        self.connection = nil
        connection.bodyAbandoned(reason: reason)
    }
}

@available(*, unavailable)
extension BodyTransportProducer: Sendable {}
