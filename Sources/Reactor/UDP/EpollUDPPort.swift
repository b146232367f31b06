import CTorsion
import Deferred
import Glibc

/// A bound UDP socket on the epoll reactor: the ``UDPPort`` (and ``MulticastPort``) that `listenUDP`,
/// `listenMulticast` and `adoptDatagramPort` return.
///
/// Reading: on each readiness event the port reads batches of datagrams (``DatagramReceiver``,
/// `recvmmsg`) until the socket is empty, a batch comes back short, or ``maxThroughput`` bytes have been
/// delivered (Twisted's bound, so one busy port cannot starve the loop). Writing: `sendto`/`send` at once;
/// nothing is queued (see ``DatagramTransport/write(_:to:)``).
///
/// Threading: reactor-confined, not Sendable.
///
/// Twisted: `twisted.internet.udp.Port` and `MulticastPort`.
final class EpollUDPPort: MulticastPort, EpollHandler {
    /// Most bytes delivered per readiness event (Twisted's `Port.maxThroughput`).
    static let maxThroughput = 256 * 1024

    unowned let reactor: EpollReactor
    let socket: SocketDescriptor
    let fd: Int32
    /// `AF_INET` or `AF_INET6`.
    let family: Int32
    private var datagramProtocol: (any DatagramProtocol)?
    private var receiver: DatagramReceiver
    /// The peer in connected mode.
    private var peer: SocketAddress?
    private var stopped: Deferred<Void>?
    private var boundAddress: Address
    /// The last destination of an unconnected write, in kernel form.
    private var lastTarget: (address: Address, storage: sockaddr_storage, length: socklen_t)?

    /// Takes a bound datagram socket of `family`; call ``start(with:)`` next.
    init(reactor: EpollReactor, socket: SocketDescriptor, family: Int32, maxPacketSize: Int) throws(SystemCallError) {
        self.reactor = reactor
        self.socket = socket
        self.fd = socket.fd
        self.family = family
        let slotSize = min(max(1, maxPacketSize), EpollReactor.readBufferSize)
        receiver = DatagramReceiver(slotSize: slotSize, bufferSize: EpollReactor.readBufferSize)
        boundAddress = try socket.localAddress().address
    }

    /// Registers for reading and attaches `protocol` (its `startProtocol` runs now).
    func start(with datagramProtocol: any DatagramProtocol) throws(SystemCallError) {
        self.datagramProtocol = datagramProtocol
        try reactor.selector.register(fd, interest: CTORSION_EPOLLIN, handler: self)
        datagramProtocol.makeConnection(self)
    }

    /// Whether the port is still listening.
    var isListening: Bool { stopped == nil }

    // MARK: - Reading

    func handleEvent(_ events: UInt32) {
        let buffer = reactor.readBuffer
        var delivered = 0
        while delivered < Self.maxThroughput {
            guard stopped == nil else { return }
            let count: Int32
            do {
                guard case .processed(let n) = try receiver.receive(fd, into: buffer) else { return }
                count = n
            } catch {
                readFailed(error)
                return
            }
            for index in 0..<count {
                guard stopped == nil, let datagramProtocol else { return }
                let (datagram, source) = receiver.datagram(index, in: buffer)
                delivered += datagram.count
                datagramProtocol.datagramReceived(datagram, from: source)
            }
            if Int(count) < receiver.slots { return }
        }
    }

    /// A receive failed: an ICMP error reported on the socket, or something worse.
    private func readFailed(_ error: SystemCallError) {
        switch error.errno {
        case ECONNREFUSED:
            if peer != nil { datagramProtocol?.connectionRefused() }
        case EHOSTUNREACH, ENETUNREACH, EHOSTDOWN, ENETDOWN, EMSGSIZE, ECONNRESET, ETIMEDOUT, ENOBUFS, ENOMEM,
            EPROTO:
            // Reported by an ICMP error or a transient shortage; reading it cleared it. Twisted drops these too
            // (only ECONNREFUSED reaches the protocol).
            break
        default:
            StandardErrorStream.write("UDP port \(boundAddress): \(error); stopping it\n")
            _ = stopListening()
        }
    }

    func closeForShutdown() {
        guard stopped == nil else { return }
        let deferred = Deferred<Void>()
        stopped = deferred
        reactor.selector.unregister(fd)
        finishStopping(deferred)
    }

    // MARK: - DatagramTransport

    func write(_ datagram: [UInt8], to address: Address?) throws(DatagramError) {
        guard stopped == nil else { throw DatagramError(.notListening, "the port has stopped listening") }
        var code: Int32 = EINTR
        if let peer {
            if let address, SocketAddress(address) != peer {
                throw DatagramError(.invalidAddress, "\(address) is not the connected peer \(peer)")
            }
            while code == EINTR {
                let result = datagram.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
                code = result < 0 ? ctorsion_errno() : 0
            }
        } else {
            guard let address else {
                throw DatagramError(.invalidAddress, "no address given and the port is not connected")
            }
            var target = try kernelAddress(address)
            while code == EINTR {
                let result = datagram.withUnsafeBytes { bytes in
                    withUnsafePointer(to: &target.storage) { storage in
                        storage.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            Glibc.sendto(fd, bytes.baseAddress, bytes.count, 0, $0, target.length)
                        }
                    }
                }
                code = result < 0 ? ctorsion_errno() : 0
            }
        }
        if code != 0 {
            try writeFailed(errno: code, datagramSize: datagram.count)
        }
    }

    func writeSequence(_ chunks: [[UInt8]], to address: Address?) throws(DatagramError) {
        try write(Array(chunks.joined()), to: address)
    }

    /// The kernel form of `address`, cached for the next write to the same destination.
    private func kernelAddress(_ address: Address) throws(DatagramError) -> (storage: sockaddr_storage, length: socklen_t) {
        if let lastTarget, lastTarget.address == address { return (lastTarget.storage, lastTarget.length) }
        guard let target = SocketAddress(address), target.family == family else {
            throw DatagramError(.invalidAddress, "\(address) is not an address of this port's family")
        }
        var storage = sockaddr_storage()
        var length: socklen_t = 0
        do {
            try target.withSockAddr { pointer, size in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: Int(size))) }
                length = size
            }
        } catch {
            throw DatagramError(.invalidAddress, "\(address) is not a numeric IP address (write takes no host names)")
        }
        lastTarget = (address, storage, length)
        return (storage, length)
    }

    /// Maps a failed send to the error Twisted raises, or to a later `connectionRefused`.
    private func writeFailed(errno code: Int32, datagramSize: Int) throws(DatagramError) {
        switch code {
        case EAGAIN, ENOBUFS:
            throw DatagramError(.sendBufferFull, "the send buffer is full; \(datagramSize) bytes dropped", errno: code)
        case EMSGSIZE:
            throw DatagramError(.messageTooLong, "message too long (\(datagramSize) bytes)", errno: code)
        case ECONNREFUSED:
            // An ICMP error for an earlier datagram. Twisted calls connectionRefused from inside write; here it
            // comes from the loop, so a protocol never re-enters itself.
            if peer != nil {
                reactor.callSoon { [weak self] in
                    guard let self, self.stopped == nil else { return }
                    self.datagramProtocol?.connectionRefused()
                }
            }
        default:
            throw DatagramError(.other, SystemCallError(call: "sendto", errno: code).description, errno: code)
        }
    }

    func connect(host: String, port: Int) throws(DatagramError) {
        guard stopped == nil else { throw DatagramError(.notListening, "the port has stopped listening") }
        guard peer == nil else {
            throw DatagramError(.alreadyConnected, "already connected, reconnecting is not supported")
        }
        guard let port16 = UInt16(exactly: port), let address = SocketAddress.numeric(host: host, port: port16),
            address.family == family
        else {
            throw DatagramError(.invalidAddress, "\(host) is not a numeric address of this port's family")
        }
        do {
            _ = try socket.connect(to: address)
        } catch let error as SystemCallError {
            throw DatagramError(.other, error.description, errno: error.errno)
        } catch {
            throw DatagramError(.other, "\(error)")
        }
        peer = address
    }

    func getHost() -> Address {
        if stopped == nil, let current = try? socket.localAddress().address {
            boundAddress = current
        }
        return boundAddress
    }

    func stopListening() -> Deferred<Void> {
        reactor.preconditionInReactorThread()
        if let stopped { return stopped }
        let deferred = Deferred<Void>()
        stopped = deferred
        reactor.selector.unregister(fd)
        reactor.callSoon { [self] in self.finishStopping(deferred) }
        return deferred
    }

    /// The protocol's `doStop`, then the socket closes and the Deferred fires (Twisted's `connectionLost`).
    private func finishStopping(_ deferred: Deferred<Void>) {
        let datagramProtocol = self.datagramProtocol
        self.datagramProtocol = nil
        datagramProtocol?.doStop()
        socket.close()
        deferred.callback(())
    }

    func setBroadcastAllowed(_ enabled: Bool) {
        try? socket.setOption(level: SOL_SOCKET, name: SO_BROADCAST, value: enabled ? 1 : 0)
    }

    func getBroadcastAllowed() -> Bool {
        ((try? socket.option(level: SOL_SOCKET, name: SO_BROADCAST)) ?? 0) != 0
    }
}

@available(*, unavailable)
extension EpollUDPPort: Sendable {}
