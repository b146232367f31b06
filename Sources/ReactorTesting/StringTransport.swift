import Reactor

/// An in-memory transport that records what a protocol writes, for unit tests.
///
/// Bytes written are appended to ``value`` (even after ``loseConnection()``, so a test can see a protocol
/// writing too late). ``loseConnection()`` only sets ``isDisconnecting`` and ``abortConnection()`` also
/// sets ``isDisconnected``: nothing is delivered to the protocol (use ``StringTransportWithDisconnection``
/// for that). As a producer (the protocol pausing its reads), the transport tracks ``producerState``.
///
/// Checks, as in Twisted: pausing or resuming a stopped transport, or resuming one that is disconnecting
/// (unless ``isLenient``), and registering a second producer, are programming errors that stop the process
/// with a message.
///
/// Threading: not Sendable; use from the test's thread.
///
/// Twisted: `twisted.internet.testing.StringTransport`.
open class StringTransport: TCPTransport {
    /// The transport's state as a producer, changed by the protocol's pause/resume/stop calls.
    public enum ProducerState: Hashable, Sendable {
        /// Reading normally (the initial state).
        case producing
        /// Paused by ``StringTransport/pauseProducing()``.
        case paused
        /// Stopped by ``StringTransport/stopProducing()``; final.
        case stopped
    }

    /// Every byte written so far (since the last ``clear()``).
    ///
    /// Twisted: `StringTransport.value()`.
    public private(set) var value: [UInt8] = []

    /// Whether ``loseConnection()`` or ``abortConnection()`` was called.
    public private(set) var isDisconnecting = false

    /// Whether ``abortConnection()`` was called.
    ///
    /// Twisted: `StringTransport.disconnected`.
    public private(set) var isDisconnected = false

    /// Whether ``loseWriteConnection()`` was called.
    public private(set) var isWriteConnectionLost = false

    /// The registered producer, if any.
    ///
    /// Twisted: `StringTransport.producer`.
    public private(set) var producer: (any Producer)?

    /// Whether the registered producer is streaming (`nil` when none is registered).
    ///
    /// Twisted: `StringTransport.streaming`.
    public private(set) var streaming: Bool?

    /// Producing, paused or stopped.
    ///
    /// Twisted: `StringTransport.producerState`.
    public private(set) var producerState = ProducerState.producing

    /// Allow resuming after ``loseConnection()`` without stopping the process.
    ///
    /// Twisted: `StringTransport(lenient=True)`.
    public var isLenient: Bool

    /// The address ``getHost()`` returns.
    public var hostAddress: Address
    /// The address ``getPeer()`` returns.
    public var peerAddress: Address

    /// The value of ``setTcpNoDelay(_:)``.
    public private(set) var tcpNoDelay = false
    /// The value of ``setTcpKeepAlive(_:)``.
    public private(set) var tcpKeepAlive = false

    /// Creates an empty transport.
    ///
    /// - Parameters:
    ///   - hostAddress: The local address (default `10.0.0.1:12345`).
    ///   - peerAddress: The remote address (default `192.168.1.1:54321`).
    ///   - isLenient: See ``isLenient``.
    public init(
        hostAddress: Address = .ipv4(host: "10.0.0.1", port: 12345),
        peerAddress: Address = .ipv4(host: "192.168.1.1", port: 54321),
        isLenient: Bool = false
    ) {
        self.hostAddress = hostAddress
        self.peerAddress = peerAddress
        self.isLenient = isLenient
    }

    /// ``value`` decoded as UTF-8 (invalid bytes replaced).
    public var text: String { String(decoding: value, as: UTF8.self) }

    /// Empties ``value``.
    ///
    /// Twisted: `StringTransport.clear`.
    public func clear() {
        value.removeAll()
    }

    /// Appends to ``value``.
    open func write(_ bytes: [UInt8]) {
        value.append(contentsOf: bytes)
    }

    /// Appends to ``value`` without an intermediate array.
    open func write(_ bytes: ArraySlice<UInt8>) {
        value.append(contentsOf: bytes)
    }

    /// Appends each chunk to ``value``.
    open func writeSequence(_ chunks: [[UInt8]]) {
        for chunk in chunks {
            value.append(contentsOf: chunk)
        }
    }

    /// Sets ``isDisconnecting``.
    open func loseConnection() {
        isDisconnecting = true
    }

    /// Sets ``isDisconnecting`` and ``isDisconnected``.
    open func abortConnection() {
        isDisconnecting = true
        isDisconnected = true
    }

    /// Sets ``isWriteConnectionLost``.
    open func loseWriteConnection() {
        isWriteConnectionLost = true
    }

    /// Returns ``peerAddress``.
    open func getPeer() -> Address { peerAddress }

    /// Returns ``hostAddress``.
    open func getHost() -> Address { hostAddress }

    /// Records the producer and the streaming flag.
    open func registerProducer(_ producer: any Producer, streaming: Bool) {
        precondition(self.producer == nil, "StringTransport: cannot register two producers")
        self.producer = producer
        self.streaming = streaming
    }

    /// Forgets the producer.
    open func unregisterProducer() {
        producer = nil
        streaming = nil
    }

    /// Sets ``producerState`` to paused.
    open func pauseProducing() {
        checkState()
        producerState = .paused
    }

    /// Sets ``producerState`` to producing.
    open func resumeProducing() {
        checkState()
        producerState = .producing
    }

    /// Sets ``producerState`` to stopped.
    open func stopProducing() {
        producerState = .stopped
    }

    /// Records the option.
    open func setTcpNoDelay(_ enabled: Bool) {
        tcpNoDelay = enabled
    }

    /// Records the option.
    open func setTcpKeepAlive(_ enabled: Bool) {
        tcpKeepAlive = enabled
    }

    private func checkState() {
        precondition(!isDisconnecting || isLenient, "StringTransport: cannot resume producing after loseConnection")
        precondition(producerState != .stopped, "StringTransport: cannot resume a stopped producer")
    }
}

@available(*, unavailable)
extension StringTransport: Sendable {}

/// A ``StringTransport`` that tells its protocol when the connection closes.
///
/// The first ``loseConnection()`` delivers ``ConnectionDone`` (`"Bye."`) to ``protocolInstance``'s
/// ``ConnectionProtocol/connectionLost(reason:)`` synchronously; the first ``abortConnection()`` delivers
/// ``ConnectionLost/aborted``. Later calls deliver nothing.
///
/// Twisted: `twisted.internet.testing.StringTransportWithDisconnection`.
open class StringTransportWithDisconnection: StringTransport {
    /// The protocol to notify; usually set by ``connect(_:)``.
    ///
    /// Twisted: `StringTransportWithDisconnection.protocol`.
    public var protocolInstance: (any ConnectionProtocol)?

    /// Whether the connection is still up (no close delivered yet).
    public private(set) var isConnected = true

    /// Sets ``protocolInstance`` and calls its ``ConnectionProtocol/makeConnection(_:)`` with this transport.
    public func connect(_ protocolInstance: any ConnectionProtocol) {
        self.protocolInstance = protocolInstance
        protocolInstance.makeConnection(self)
    }

    /// Marks the transport disconnecting and delivers ``ConnectionDone`` once.
    open override func loseConnection() {
        super.loseConnection()
        deliverLoss(ConnectionDone("Bye."))
    }

    /// Marks the transport disconnected and delivers ``ConnectionLost/aborted`` once.
    open override func abortConnection() {
        super.abortConnection()
        deliverLoss(ConnectionLost.aborted)
    }

    private func deliverLoss(_ reason: any Error) {
        guard isConnected else { return }
        isConnected = false
        let lost = protocolInstance
        protocolInstance = nil  // break the protocol <-> transport cycle, as real transports do
        lost?.connectionLost(reason: reason)
    }
}
