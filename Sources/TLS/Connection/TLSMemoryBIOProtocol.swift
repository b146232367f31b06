import Deferred
import Reactor

/// TLS over any transport: a ``ConnectionProtocol`` to the transport below (an epoll socket, a
/// `StringTransport`, one side of an `IOPump`) and a ``Transport`` to the protocol it wraps.
///
/// Bytes from below go into OpenSSL through a memory BIO; decrypted bytes reach the wrapped protocol's
/// `dataReceived`; what the wrapped protocol writes is encrypted and written below. So TLS behaves the
/// same on every transport, and tests drive it in memory.
///
/// Behaviour, all on the reactor thread:
/// - The wrapped protocol is connected (`makeConnection`) at once, before the handshake; what it writes
///   before the handshake finishes is held and sent after it, and a streaming producer it registers is
///   paused until then.
/// - ``loseConnection()`` waits for the handshake, held writes and an unregistered producer, then sends
///   `close_notify` and closes the transport below; the wrapped protocol gets `ConnectionDone`.
///   ``abortConnection()`` aborts below at once (``ConnectionLost/aborted``).
/// - A `close_notify` from the peer ends the connection cleanly (`ConnectionDone`); a
///   ``HalfCloseableProtocol`` gets `readConnectionLost()` instead and may still write.
///   ``loseWriteConnection()`` sends `close_notify` and half-closes below.
/// - The wrapped protocol's `connectionLost` gets a ``TLSError`` for a failed handshake (certificate
///   errors named), ``TLSError/peerClosedDuringHandshake``, or ``TLSError/truncated`` when the peer closed
///   without `close_notify`, so a cut-short stream is never taken for a complete one.
/// - Flow control passes through: pausing this transport pauses the one below (after the handshake), and
///   a producer registered here is paused and resumed by the transport below.
///
/// Ownership: holds the wrapped protocol until its `connectionLost`, then lets it go (breaking the cycle
/// with its `transport`). The OpenSSL state is freed when this object is.
///
/// Twisted: `twisted.protocols.tls.TLSMemoryBIOProtocol`.
public final class TLSMemoryBIOProtocol: HalfCloseableProtocol {
    /// The transport below (the socket, or another wrapper).
    public var transport: (any Transport)?
    /// The protocol that speaks through TLS; `nil` once it has been told the connection is lost.
    ///
    /// Twisted: `ProtocolWrapper.wrappedProtocol`.
    public private(set) var wrappedProtocol: (any ConnectionProtocol)?

    let context: TLSContext
    let peerName: String?
    var connection: TLSConnection?

    /// Whether the handshake finished.
    public private(set) var isHandshakeDone = false
    var heldWrites: [[UInt8]] = []
    var handshakeWaiters: [Deferred<Void>] = []

    /// The wrapped protocol called `loseConnection()`.
    var isDisconnectingRequested = false
    /// The wrapped protocol called `loseWriteConnection()`.
    var isWriteCloseRequested = false
    /// This side sent `close_notify`.
    var sentCloseNotify = false
    /// The peer's `close_notify` arrived.
    var receivedCloseNotify = false
    /// The wrapped protocol paused reading.
    var isReadingPaused = false
    /// The transport below was paused by us.
    var isLowerPaused = false
    /// The transport below was asked to close or abort.
    var isLowerClosing = false
    /// The reason decided here (a TLS failure) for the wrapped protocol's `connectionLost`.
    var failure: TLSError?
    /// `connectionLost` has come from below.
    var isLost = false
    var isDelivering = false

    /// The producer the wrapped protocol registered, and the membrane registered below for it.
    var producer: (any Producer)?
    var membrane: TLSProducerMembrane?

    /// The most plaintext handed to the wrapped protocol in one `dataReceived`.
    static let deliveryLimit = 64 * 1024

    /// The client side of a TLS connection to `hostname` (SNI unless an IP literal; checked against the
    /// server's certificate unless the options say not to), wrapping `protocol`.
    ///
    /// Twisted: `TLSMemoryBIOFactory(optionsForClientTLS(hostname), isClient=True, ...)`'s protocols.
    public init(clientOptions: TLSClientOptions, hostname: String?, wrapping wrapped: any ConnectionProtocol) {
        context = clientOptions.context
        peerName = hostname
        wrappedProtocol = wrapped
    }

    /// The server side of a TLS connection, wrapping `protocol`.
    public init(serverOptions: TLSServerOptions, wrapping wrapped: any ConnectionProtocol) {
        context = serverOptions.context
        peerName = nil
        wrappedProtocol = wrapped
    }

    // MARK: - Facts about the session

    /// The ALPN protocol agreed in the handshake (`"http/1.1"`), if any.
    public var negotiatedProtocol: String? { isHandshakeDone ? connection?.negotiatedProtocol : nil }

    /// The protocol version in use (`"TLSv1.3"`), once the handshake is done.
    public var protocolVersion: String? { isHandshakeDone ? connection?.protocolVersion : nil }

    /// Whether the handshake resumed an earlier session.
    public var isSessionReused: Bool { isHandshakeDone && (connection?.isSessionReused ?? false) }

    /// A Deferred that fires when the handshake finishes, or fails with the reason the connection was lost
    /// before that (a ``TLSError`` or the transport's error). Each call returns a new Deferred.
    public func whenHandshakeDone() -> Deferred<Void> {
        if isHandshakeDone { return .succeed(()) }
        if isLost { return .fail(failure ?? TLSError.peerClosedDuringHandshake) }
        let waiter = Deferred<Void>()
        handshakeWaiters.append(waiter)
        return waiter
    }

    // MARK: - ConnectionProtocol (the transport below)

    /// Sets up OpenSSL, connects the wrapped protocol to this TLS transport, and (clients) sends the
    /// ClientHello.
    public func makeConnection(_ transport: any Transport) {
        self.transport = transport
        do {
            connection = try context.makeConnection(peerName: peerName)
        } catch {
            failure = error
        }
        wrappedProtocol?.makeConnection(self)
        if let failure {
            fail(failure)
            return
        }
        if !context.isServer { advanceHandshake() }
    }

    /// Feeds the bytes to OpenSSL, advances the handshake, and delivers the plaintext.
    public func dataReceived(_ data: [UInt8]) {
        guard let connection, !isLost, failure == nil else { return }
        guard connection.feed(data) else {
            fail(.protocolError(TLSLibrary.takeErrorText(fallback: "cannot buffer received bytes")))
            return
        }
        if !isHandshakeDone {
            advanceHandshake()
            guard isHandshakeDone else { return }
        }
        deliverPlaintext()
    }

    /// The peer half-closed below (TCP FIN): after its `close_notify` that is expected; before, it is a
    /// truncation (or a close during the handshake).
    public func readConnectionLost() {
        guard !receivedCloseNotify, failure == nil, !isLost, !isLowerClosing else { return }
        fail(isHandshakeDone ? .truncated : .peerClosedDuringHandshake)
    }

    /// Our half-close below is done: tells a half-closeable wrapped protocol.
    public func writeConnectionLost() {
        (wrappedProtocol as? any HalfCloseableProtocol)?.writeConnectionLost()
    }

    /// Tells the wrapped protocol, with the TLS reason where there is one (see the type's notes).
    public func connectionLost(reason: any Error) {
        guard !isLost else { return }
        isLost = true
        let delivered = reasonForWrapped(lowerReason: reason)
        if let producer {
            // Unregistered below by us (after a failure): stop it here.
            self.producer = nil
            membrane = nil
            producer.stopProducing()
        }
        let waiters = handshakeWaiters
        handshakeWaiters = []
        for waiter in waiters { waiter.errback(delivered) }
        let wrapped = wrappedProtocol
        wrappedProtocol = nil
        wrapped?.connectionLost(reason: delivered)
    }

    private func reasonForWrapped(lowerReason: any Error) -> any Error {
        if let failure { return failure }
        if let lost = lowerReason as? ConnectionLost, lost.isAborted { return lost }
        guard lowerReason is ConnectionDone else { return lowerReason }
        if isDisconnectingRequested || receivedCloseNotify { return lowerReason }
        return isHandshakeDone ? TLSError.truncated : TLSError.peerClosedDuringHandshake
    }

    // MARK: - Engine

    /// Runs the handshake as far as the bytes allow; on success sends held writes and wakes the producer.
    func advanceHandshake() {
        guard let connection, !isHandshakeDone, failure == nil, !isLowerClosing else { return }
        switch connection.handshake() {
        case .done:
            isHandshakeDone = true
            context.handshakesCompleted += 1
            flushOutput()
            handshakeFinished()
        case .wantRead:
            flushOutput()
        case .closed:
            fail(.peerClosedDuringHandshake)
        case .failed(let error):
            fail(error)
        }
    }

    private func handshakeFinished() {
        let held = heldWrites
        heldWrites = []
        if !held.isEmpty { encrypt(held) }
        if isReadingPaused { pauseLower() }
        membrane?.handshakeFinished()
        let waiters = handshakeWaiters
        handshakeWaiters = []
        for waiter in waiters { waiter.callback(()) }
        closeIfReady()
    }

    /// Hands decrypted bytes to the wrapped protocol, up to ``deliveryLimit`` per call, until OpenSSL
    /// needs more input, reading is paused, or the connection ends.
    func deliverPlaintext() {
        guard !isDelivering else { return }  // a resume from inside dataReceived: the loop below goes on
        isDelivering = true
        defer { isDelivering = false }
        while let connection, isHandshakeDone, !isReadingPaused, !isLost, failure == nil, !receivedCloseNotify {
            var chunk: [UInt8] = []
            let status = connection.read(into: &chunk, limit: Self.deliveryLimit)
            if !chunk.isEmpty { wrappedProtocol?.dataReceived(chunk) }
            switch status {
            case .done:
                continue
            case .wantRead:
                flushOutput()  // post-handshake messages may need an answer
                return
            case .closed:
                receivedCloseNotify = true
                peerSentCloseNotify()
                return
            case .failed(let error):
                fail(error)
                return
            }
        }
    }

    /// The peer ended its sending side cleanly.
    private func peerSentCloseNotify() {
        if let halfCloseable = wrappedProtocol as? any HalfCloseableProtocol, !isDisconnectingRequested {
            halfCloseable.readConnectionLost()
            return
        }
        closeLower(sendingCloseNotify: true)
    }

    /// Writes OpenSSL's waiting records below.
    func flushOutput() {
        guard let connection, let transport, !isLowerClosing, !isLost else { return }
        if let bytes = connection.takeOutput() { transport.write(bytes) }
    }

    /// Encrypts and sends `chunks` (after the handshake), in one write below.
    func encrypt(_ chunks: [[UInt8]]) {
        for chunk in chunks {
            guard encryptWithoutFlushing(chunk) else { return }
        }
        flushOutput()
    }

    /// Encrypts and sends one chunk (after the handshake).
    func encrypt(_ chunk: [UInt8]) {
        if encryptWithoutFlushing(chunk) { flushOutput() }
    }

    private func encryptWithoutFlushing(_ chunk: [UInt8]) -> Bool {
        guard let connection else { return false }
        if case .failed(let error) = chunk.withUnsafeBytes({ connection.write($0) }) {
            fail(error)
            return false
        }
        return true
    }

    /// Ends the connection for `error`: sends any alert OpenSSL queued, then closes below. The wrapped
    /// protocol gets `error` in its `connectionLost`.
    func fail(_ error: TLSError) {
        guard failure == nil, !isLost else { return }
        failure = error
        flushOutput()
        closeLower(sendingCloseNotify: false)
    }

    /// Closes the transport below (after `close_notify` if asked and possible), first taking our membrane
    /// off it so nothing holds the close back.
    func closeLower(sendingCloseNotify: Bool) {
        guard !isLowerClosing, let transport else { return }
        if sendingCloseNotify, isHandshakeDone, !sentCloseNotify, let connection {
            sentCloseNotify = true
            connection.shutdown()
            flushOutput()
        }
        isLowerClosing = true
        if membrane != nil {
            membrane = nil
            transport.unregisterProducer()
        }
        transport.loseConnection()
    }

    func pauseLower() {
        guard !isLowerPaused, !isLowerClosing, let transport else { return }
        isLowerPaused = true
        transport.pauseProducing()
    }

    func resumeLower() {
        guard isLowerPaused, !isLowerClosing, !isLost, let transport else { return }
        isLowerPaused = false
        transport.resumeProducing()
    }
}

@available(*, unavailable)
extension TLSMemoryBIOProtocol: Sendable {}
