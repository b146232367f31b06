import Reactor

/// One side of an in-memory connection moved by an ``IOPump``.
///
/// Writes collect in ``outgoing`` until the pump delivers them to the other side. ``loseConnection()``
/// closes after the pump has delivered what was written before; writes after it are dropped. A protocol
/// that calls ``pauseProducing()`` on its transport stops receiving until ``resumeProducing()``: the
/// other side's bytes wait in the pump. A registered pull producer is asked for more on each pump turn
/// when ``outgoing`` is empty; a streaming producer is paused while more than
/// ``WriteBufferWaterMarks/high`` bytes wait and resumed when they have been delivered.
///
/// Threading: not Sendable; use from the test's thread.
///
/// Twisted: `twisted.test.iosim.FakeTransport`.
public final class FakeTransport: TCPTransport {
    /// Which side of the connection this is.
    public let isServer: Bool
    /// The protocol connected to this transport.
    ///
    /// Weak: the ``IOPump`` (or the test) owns the protocols, so no reference cycle outlives a test.
    public internal(set) weak var protocolInstance: (any ConnectionProtocol)?
    /// Bytes written and not yet delivered to the other side.
    public internal(set) var outgoing: [UInt8] = []
    /// Whether ``loseConnection()`` or ``abortConnection()`` was called (or the other side closed).
    public internal(set) var isDisconnecting = false
    /// Whether connection loss has been reported to this side's protocol.
    public internal(set) var isDisconnected = false
    /// Whether ``abortConnection()`` was called.
    public private(set) var isAborting = false
    /// Whether ``loseWriteConnection()`` was called.
    public private(set) var isWriteClosed = false
    var writeCloseReported = false
    /// Whether the protocol paused reading with ``pauseProducing()``.
    public private(set) var isReadingPaused = false
    /// The registered producer.
    public private(set) var producer: (any Producer)?
    /// Whether the registered producer is streaming.
    public private(set) var streaming = false
    var producerPausedByUs = false
    /// This side's address.
    public let hostAddress: Address
    /// The other side's address.
    public let peerAddress: Address
    /// The value of ``setTcpNoDelay(_:)``.
    public private(set) var tcpNoDelay = false
    /// The value of ``setTcpKeepAlive(_:)``.
    public private(set) var tcpKeepAlive = false

    /// Creates a transport for one side of an in-memory connection.
    public init(isServer: Bool, hostAddress: Address, peerAddress: Address) {
        self.isServer = isServer
        self.hostAddress = hostAddress
        self.peerAddress = peerAddress
    }

    /// Queues bytes for the other side (dropped once disconnecting or write-closed).
    public func write(_ bytes: [UInt8]) {
        guard !isDisconnecting, !isWriteClosed else { return }
        outgoing.append(contentsOf: bytes)
        checkHighWaterMark()
    }

    /// Closes after queued bytes are delivered.
    public func loseConnection() {
        isDisconnecting = true
    }

    /// Closes now, dropping queued bytes.
    public func abortConnection() {
        isAborting = true
        isDisconnecting = true
        outgoing.removeAll()
    }

    /// Half-closes after queued bytes are delivered.
    public func loseWriteConnection() {
        isWriteClosed = true
    }

    /// This side's address.
    public func getHost() -> Address { hostAddress }
    /// The other side's address.
    public func getPeer() -> Address { peerAddress }

    /// Records the producer; a stopped connection stops it at once.
    public func registerProducer(_ producer: any Producer, streaming: Bool) {
        precondition(self.producer == nil, "FakeTransport: cannot register two producers")
        self.producer = producer
        self.streaming = streaming
        if isDisconnected {
            producer.stopProducing()
        }
    }

    /// Forgets the producer.
    public func unregisterProducer() {
        producer = nil
        streaming = false
        producerPausedByUs = false
    }

    /// Stops delivering the other side's bytes to this protocol.
    public func pauseProducing() { isReadingPaused = true }
    /// Resumes delivery.
    public func resumeProducing() { isReadingPaused = false }
    /// Closes the connection.
    public func stopProducing() { loseConnection() }

    /// Records the option.
    public func setTcpNoDelay(_ enabled: Bool) { tcpNoDelay = enabled }
    /// Records the option.
    public func setTcpKeepAlive(_ enabled: Bool) { tcpKeepAlive = enabled }

    private func checkHighWaterMark() {
        if streaming, !producerPausedByUs, outgoing.count > WriteBufferWaterMarks.high,
            let push = producer as? any PushProducer
        {
            producerPausedByUs = true
            push.pauseProducing()
        }
    }

    /// Called by the pump after delivering ``outgoing``: wakes producers.
    func drained() {
        guard let producer, outgoing.count <= WriteBufferWaterMarks.low, !isDisconnecting else { return }
        if streaming {
            if producerPausedByUs, let push = producer as? any PushProducer {
                producerPausedByUs = false
                push.resumeProducing()
            }
        } else if let pull = producer as? any PullProducer {
            pull.resumeProducing()
        }
    }
}

@available(*, unavailable)
extension FakeTransport: Sendable {}
