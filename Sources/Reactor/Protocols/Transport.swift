/// One end of a connection, as seen by its ``ConnectionProtocol``.
///
/// A transport is a ``Consumer`` (the protocol writes to it and may register a producer for flow control)
/// and a ``PushProducer`` (the protocol may pause reading with ``PushProducer/pauseProducing()`` and
/// resume it with ``PushProducer/resumeProducing()``; ``Producer/stopProducing()`` closes the connection).
///
/// Ownership: the transport holds its protocol strongly until it has delivered
/// ``ConnectionProtocol/connectionLost(reason:)``, then lets it go; a protocol may keep a strong reference
/// to its transport. That breaks the reference cycle once the connection is over.
///
/// Threading: not Sendable; every method is called on the reactor thread. Methods never block and never
/// call back into the protocol synchronously (connection loss is reported from a later reactor
/// iteration), except the in-memory test transports, which document their own timing.
///
/// Twisted: `twisted.internet.interfaces.ITransport` (with `IConsumer`, `IPushProducer` and
/// `IHalfCloseableDescriptor.loseWriteConnection`).
public protocol Transport: Consumer, PushProducer {
    /// Queues bytes for sending. Empty writes are ignored; writes after ``loseConnection()`` or
    /// ``abortConnection()`` are dropped.
    ///
    /// Twisted: `ITransport.write`.
    func write(_ bytes: [UInt8])

    /// Queues a slice of bytes for sending; the default implementation copies it into an array.
    func write(_ bytes: ArraySlice<UInt8>)

    /// Queues several buffers for sending, in order (one `writev` where the transport can).
    ///
    /// Twisted: `ITransport.writeSequence`.
    func writeSequence(_ chunks: [[UInt8]])

    /// Closes the connection once every queued byte has been sent (and a registered producer has been
    /// unregistered); the protocol then gets ``ConnectionDone``. Calling it again does nothing.
    ///
    /// Twisted: `ITransport.loseConnection`.
    func loseConnection()

    /// Closes the connection now, dropping unsent bytes; the protocol gets ``ConnectionLost/aborted``.
    /// Over TCP the peer gets a reset (RST), not a FIN.
    ///
    /// Twisted: `ITCPTransport.abortConnection`.
    func abortConnection()

    /// Shuts down the sending side after queued bytes are sent (TCP half-close); reading continues.
    ///
    /// The protocol's ``HalfCloseableProtocol/writeConnectionLost()`` is called when done, if it
    /// conforms. Transports that cannot half-close treat this as ``loseConnection()``.
    ///
    /// Twisted: `IHalfCloseableDescriptor.loseWriteConnection`.
    func loseWriteConnection()

    /// The remote address.
    ///
    /// Twisted: `ITransport.getPeer`.
    func getPeer() -> Address

    /// The local address.
    ///
    /// Twisted: `ITransport.getHost`.
    func getHost() -> Address

    /// Whether ``loseConnection()`` (or ``abortConnection()``) has been called.
    ///
    /// Twisted: `FileDescriptor.disconnecting`.
    var isDisconnecting: Bool { get }
}

extension Transport {
    /// Copies the slice and calls ``write(_:)-([UInt8])``.
    public func write(_ bytes: ArraySlice<UInt8>) {
        write(Array(bytes))
    }

    /// Calls ``write(_:)-([UInt8])`` for each chunk.
    public func writeSequence(_ chunks: [[UInt8]]) {
        for chunk in chunks {
            write(chunk)
        }
    }
}

/// A transport over a TCP socket, with its socket options.
///
/// Twisted: `twisted.internet.interfaces.ITCPTransport`.
public protocol TCPTransport: Transport {
    /// Whether Nagle's algorithm is disabled (`TCP_NODELAY`).
    ///
    /// Twisted: `ITCPTransport.getTcpNoDelay` / `setTcpNoDelay`.
    var tcpNoDelay: Bool { get }

    /// Enables or disables `TCP_NODELAY` (the HTTP client enables it when it connects).
    ///
    /// Twisted: `ITCPTransport.setTcpNoDelay`.
    func setTcpNoDelay(_ enabled: Bool)

    /// Whether `SO_KEEPALIVE` is enabled.
    ///
    /// Twisted: `ITCPTransport.getTcpKeepAlive`.
    var tcpKeepAlive: Bool { get }

    /// Enables or disables `SO_KEEPALIVE`.
    ///
    /// Twisted: `ITCPTransport.setTcpKeepAlive`.
    func setTcpKeepAlive(_ enabled: Bool)
}
