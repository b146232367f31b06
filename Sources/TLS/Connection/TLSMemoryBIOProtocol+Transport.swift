import Reactor

/// The TLS connection as the wrapped protocol's transport (see ``TLSMemoryBIOProtocol``).
extension TLSMemoryBIOProtocol: TCPTransport {
    /// Encrypts and sends `bytes`, or holds them until the handshake is done. Dropped after
    /// ``loseConnection()``, ``loseWriteConnection()`` or a failure.
    public func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, acceptsWrites else { return }
        if isHandshakeDone {
            encrypt(bytes)
        } else {
            heldWrites.append(bytes)
        }
    }

    /// Encrypts the chunks in order and sends the records in one write below.
    public func writeSequence(_ chunks: [[UInt8]]) {
        guard acceptsWrites else { return }
        if isHandshakeDone {
            encrypt(chunks)
        } else {
            heldWrites.append(contentsOf: chunks.filter { !$0.isEmpty })
        }
    }

    private var acceptsWrites: Bool {
        !isDisconnectingRequested && !isWriteCloseRequested && failure == nil && !isLost && !isLowerClosing
    }

    /// Sends `close_notify` and closes the transport below once the handshake is done, held writes are
    /// sent and no producer is registered; the wrapped protocol then gets `ConnectionDone`. During the
    /// handshake with nothing held, it closes below at once (there is nothing to protect; a peer that
    /// never finishes its handshake cannot hold the connection open).
    ///
    /// Twisted: `TLSMemoryBIOProtocol.loseConnection`.
    public func loseConnection() {
        guard !isDisconnectingRequested, !isLost else { return }
        isDisconnectingRequested = true
        if !isHandshakeDone, heldWrites.isEmpty, producer == nil {
            closeLower(sendingCloseNotify: false)
            return
        }
        closeIfReady()
    }

    /// Aborts the transport below now (no `close_notify`); the wrapped protocol gets
    /// ``ConnectionLost/aborted``.
    ///
    /// Twisted: `TLSMemoryBIOProtocol.abortConnection`.
    public func abortConnection() {
        guard !isLost, let transport else { return }
        isDisconnectingRequested = true
        isLowerClosing = true
        membrane = nil  // the transport below stops the registered producer when it reports the loss
        transport.abortConnection()
    }

    /// Sends `close_notify` (once the handshake is done, held writes are sent and no producer is
    /// registered) and half-closes the transport below; reading goes on.
    public func loseWriteConnection() {
        guard !isWriteCloseRequested, !isDisconnectingRequested, !isLost else { return }
        isWriteCloseRequested = true
        closeIfReady()
    }

    /// Carries out a requested close or half-close when nothing holds it back any more.
    func closeIfReady() {
        guard isHandshakeDone, producer == nil, failure == nil, !isLost, !isLowerClosing else { return }
        if isDisconnectingRequested {
            closeLower(sendingCloseNotify: true)
        } else if isWriteCloseRequested, !sentCloseNotify, let connection, let transport {
            sentCloseNotify = true
            connection.shutdown()
            flushOutput()
            transport.loseWriteConnection()
        }
    }

    /// The address of the other end (from the transport below).
    public func getPeer() -> Address { transport?.getPeer() ?? .unix(path: nil) }

    /// The address of this end (from the transport below).
    public func getHost() -> Address { transport?.getHost() ?? .unix(path: nil) }

    /// Whether ``loseConnection()`` or ``abortConnection()`` was called or the connection failed.
    public var isDisconnecting: Bool { isDisconnectingRequested || failure != nil || isLost || isLowerClosing }

    // MARK: - Consumer

    /// Registers the wrapped protocol's producer: the transport below paces it (through a membrane), and a
    /// streaming producer is paused until the handshake is done. A connection already lost stops it at once.
    public func registerProducer(_ producer: any Producer, streaming: Bool) {
        precondition(self.producer == nil, "TLSMemoryBIOProtocol: cannot register two producers")
        if isLost || isLowerClosing {
            producer.stopProducing()
            return
        }
        self.producer = producer
        let membrane = TLSProducerMembrane(producer, streaming: streaming, handshakeDone: isHandshakeDone)
        self.membrane = membrane
        transport?.registerProducer(membrane, streaming: streaming)
    }

    /// Forgets the producer (and takes the membrane off the transport below); a pending close goes ahead.
    public func unregisterProducer() {
        guard producer != nil else { return }
        producer = nil
        if membrane != nil {
            membrane = nil
            transport?.unregisterProducer()
        }
        closeIfReady()
    }

    // MARK: - PushProducer (reading)

    /// Stops handing plaintext to the wrapped protocol, and pauses the transport below once the handshake
    /// is done (the handshake itself keeps reading).
    public func pauseProducing() {
        isReadingPaused = true
        if isHandshakeDone { pauseLower() }
    }

    /// Resumes reading: delivers the plaintext already decrypted or buffered, then resumes below.
    public func resumeProducing() {
        guard isReadingPaused else { return }
        isReadingPaused = false
        resumeLower()
        deliverPlaintext()
    }

    /// Closes the connection (``loseConnection()``).
    public func stopProducing() {
        loseConnection()
    }

    // MARK: - TCP options (passed to the transport below when it is TCP)

    /// `TCP_NODELAY` of the transport below (false when it is not TCP).
    public var tcpNoDelay: Bool { (transport as? any TCPTransport)?.tcpNoDelay ?? false }

    /// Sets `TCP_NODELAY` on the transport below, if it is TCP.
    public func setTcpNoDelay(_ enabled: Bool) { (transport as? any TCPTransport)?.setTcpNoDelay(enabled) }

    /// `SO_KEEPALIVE` of the transport below (false when it is not TCP).
    public var tcpKeepAlive: Bool { (transport as? any TCPTransport)?.tcpKeepAlive ?? false }

    /// Sets `SO_KEEPALIVE` on the transport below, if it is TCP.
    public func setTcpKeepAlive(_ enabled: Bool) { (transport as? any TCPTransport)?.setTcpKeepAlive(enabled) }
}
