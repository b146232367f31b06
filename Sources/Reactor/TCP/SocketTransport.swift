import CTorsion
import Deferred
import Glibc

/// The transport of one connected stream socket (TCP or UNIX) on the epoll reactor.
///
/// Reads go into the reactor's shared buffer and reach the protocol as one exact-size array per read;
/// while reads keep filling that buffer they go straight into the array handed to the protocol instead.
/// Writes are queued (no copy) and flushed by the reactor before it next sleeps, with one gathered
/// `sendmsg` per batch; `EPOLLOUT` interest is added only while the kernel buffer is full. Connection
/// loss is reported once, never from inside a call the protocol made (it comes in a later iteration).
///
/// Threading: reactor-confined, not Sendable.
///
/// Twisted: `twisted.internet.tcp.Connection` (with `abstract.FileDescriptor`).
final class SocketTransport: TCPTransport, EpollHandler {
    unowned let reactor: EpollReactor
    let socket: SocketDescriptor
    let fd: Int32
    /// The protocol, held until `connectionLost` has been delivered.
    var connectedProtocol: (any ConnectionProtocol)?
    /// Told after `connectionLost` (the connector's `clientConnectionLost`, or a port's bookkeeping).
    var onClose: ((any Error) -> Void)?
    let peer: Address
    let host: Address

    var pending = PendingWrites()
    /// Waiting for `EPOLLOUT` because the kernel's send buffer was full.
    var waitingForWritable = false
    /// Registered with the reactor's flush list for the next flush.
    var flushScheduled = false
    var producer: (any Producer)?
    var producerIsStreaming = false
    var producerPaused = false

    /// `loseConnection()` was called: close once the queue is empty and no producer is registered.
    private(set) var isDisconnecting = false
    /// `loseWriteConnection()` was called: shut down the send side once the queue is empty.
    var writeShutdownRequested = false
    /// The send side has been shut down (`SHUT_WR`).
    var writeShut = false
    /// The peer closed its send side and the protocol accepted a half-close.
    var readEOF = false
    /// Reading paused by `pauseProducing()`.
    var readPaused = false
    /// The last read filled at least half the reactor's buffer: read the next one straight into a new array.
    private var readsDirectly = false
    /// The connection is over (the socket may be closed already, `connectionLost` maybe still queued).
    var isClosed = false

    init(reactor: EpollReactor, socket: SocketDescriptor, peer: Address, host: Address) {
        self.reactor = reactor
        self.socket = socket
        self.fd = socket.fd
        self.peer = peer
        self.host = host
    }

    /// Registers for reading and hands the transport to `protocol` (`makeConnection`).
    func start(with connectionProtocol: any ConnectionProtocol) throws {
        connectedProtocol = connectionProtocol
        try reactor.selector.register(fd, interest: CTORSION_EPOLLIN, handler: self)
        connectionProtocol.makeConnection(self)
    }

    // MARK: - Events

    func handleEvent(_ events: UInt32) {
        if events & (CTORSION_EPOLLIN | CTORSION_EPOLLHUP) != 0, !isClosed {
            readAvailable()
        }
        if events & CTORSION_EPOLLOUT != 0, !isClosed {
            flush()
        }
        if events & CTORSION_EPOLLERR != 0, !isClosed {
            let code = socket.pendingError()
            let error = SystemCallError(call: "socket", errno: code == 0 ? EIO : code)
            close(ConnectionLost(error.description, errno: error.errno))
        }
    }

    /// Reads what is available: up to four full buffers per wake-up, stopping at a short read.
    ///
    /// A read that fills at least half the buffer says a stream is arriving (a large body): the next
    /// reads then go straight into the array handed to the protocol, which saves copying every byte
    /// once. A shorter read ends that; reads are then copied out of the reactor's shared buffer into an
    /// exact-size array, so small messages never hold buffer-sized allocations.
    private func readAvailable() {
        let buffer = reactor.readBuffer
        for _ in 0..<4 {
            guard !isClosed, !readPaused, !readEOF else { return }
            var data: [UInt8] = []
            let count: Int
            do {
                if readsDirectly {
                    count = try readIntoArray(&data, capacity: buffer.count)
                } else {
                    switch try socket.read(into: buffer) {
                    case .wouldBlock: count = -1
                    case .processed(let n): count = n
                    }
                    if count > 0 { data = [UInt8](UnsafeRawBufferPointer(rebasing: buffer[..<count])) }
                }
            } catch {
                close(ConnectionLost(error.description, errno: error.errno))
                return
            }
            if count < 0 { return }
            if count == 0 {
                peerClosedSendSide()
                return
            }
            readsDirectly = count >= buffer.count / 2
            connectedProtocol?.dataReceived(data)
            if count < buffer.count { return }
        }
    }

    /// Reads up to `capacity` bytes into a new array (`data`); the byte count, or -1 when nothing was
    /// ready. A read that came back less than a quarter full is copied to an exact-size array, so the
    /// protocol never holds more than four times what it was given.
    private func readIntoArray(_ data: inout [UInt8], capacity: Int) throws(SystemCallError) -> Int {
        var outcome: IOResult<Int> = .wouldBlock
        var failure: SystemCallError?
        data = [UInt8](unsafeUninitializedCapacity: capacity) { storage, initialized in
            do throws(SystemCallError) {
                outcome = try socket.read(into: UnsafeMutableRawBufferPointer(storage))
            } catch {
                failure = error
            }
            if case .processed(let n) = outcome { initialized = n } else { initialized = 0 }
        }
        if let failure { throw failure }
        guard case .processed(let count) = outcome else { return -1 }
        if count < capacity / 4 { data = Array(data) }
        return count
    }

    /// End of stream from the peer: a half-close for protocols that accept one, otherwise the end.
    private func peerClosedSendSide() {
        if let halfCloseable = connectedProtocol as? any HalfCloseableProtocol {
            readEOF = true
            updateInterest()
            halfCloseable.readConnectionLost()
            if writeShut, !isClosed {
                close(ConnectionDone())
            }
        } else {
            close(ConnectionDone())
        }
    }

    /// Sets the epoll interest from the read and write state.
    func updateInterest() {
        guard !isClosed else { return }
        var interest: UInt32 = 0
        if !readPaused && !readEOF { interest |= CTORSION_EPOLLIN }
        if waitingForWritable { interest |= CTORSION_EPOLLOUT }
        try? reactor.selector.modify(fd, interest: interest)
    }

    // MARK: - Closing

    /// Ends the connection now: unregisters and closes the socket, stops the producer and delivers
    /// `connectionLost(reason:)`. Called from the loop (events, flushes, next-iteration calls) only.
    func close(_ reason: any Error) {
        guard !isClosed else { return }
        closeSocket()
        deliverConnectionLost(reason)
    }

    private func closeSocket() {
        isClosed = true
        pending.removeAll()
        reactor.selector.unregister(fd)
        socket.close()
    }

    private func deliverConnectionLost(_ reason: any Error) {
        if let producer {
            self.producer = nil
            producer.stopProducing()
        }
        let connectionProtocol = connectedProtocol
        connectedProtocol = nil
        connectionProtocol?.connectionLost(reason: reason)
        onClose?(reason)
        onClose = nil
    }

    func closeForShutdown() {
        close(ConnectionLost("the reactor shut down"))
    }

    // MARK: - Transport

    func loseConnection() {
        guard !isDisconnecting, !isClosed else { return }
        isDisconnecting = true
        readPaused = true
        updateInterest()
        closeIfDrained()
    }

    /// Closes cleanly (in the next iteration) once nothing is queued and no producer is registered.
    func closeIfDrained() {
        guard isDisconnecting, pending.isEmpty, producer == nil, !isClosed else { return }
        reactor.callSoon { [self] in self.close(ConnectionDone()) }
    }

    func abortConnection() {
        guard !isClosed else { return }
        isDisconnecting = true
        // The socket closes now with a reset (RST, as Twisted's non-orderly close does), not a FIN, so the
        // peer cannot mistake an abort for a clean end; the protocol hears about it in the next iteration.
        socket.lingerZeroOnClose()
        closeSocket()
        reactor.callSoon { [self] in self.deliverConnectionLost(ConnectionLost.aborted) }
    }

    func loseWriteConnection() {
        guard !writeShutdownRequested, !isDisconnecting, !isClosed else { return }
        writeShutdownRequested = true
        scheduleFlush()
    }

    func getPeer() -> Address { peer }

    func getHost() -> Address { host }

    // MARK: - PushProducer (reading)

    func pauseProducing() {
        guard !readPaused else { return }
        readPaused = true
        updateInterest()
    }

    func resumeProducing() {
        guard readPaused, !isDisconnecting else { return }
        readPaused = false
        updateInterest()
    }

    func stopProducing() {
        loseConnection()
    }

    // MARK: - TCP options

    var tcpNoDelay: Bool { ((try? socket.option(level: Int32(IPPROTO_TCP), name: TCP_NODELAY)) ?? 0) != 0 }

    func setTcpNoDelay(_ enabled: Bool) {
        try? socket.setOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: enabled ? 1 : 0)
    }

    var tcpKeepAlive: Bool { ((try? socket.option(level: SOL_SOCKET, name: SO_KEEPALIVE)) ?? 0) != 0 }

    func setTcpKeepAlive(_ enabled: Bool) {
        try? socket.setOption(level: SOL_SOCKET, name: SO_KEEPALIVE, value: enabled ? 1 : 0)
    }
}

@available(*, unavailable)
extension SocketTransport: Sendable {}
