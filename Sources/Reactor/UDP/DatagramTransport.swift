import Deferred

/// The transport of a ``DatagramProtocol``: a bound UDP socket that sends datagrams.
///
/// Writes never block and are never queued: a datagram is handed to the kernel at once or the write throws
/// (a full send buffer is ``DatagramError/Code/sendBufferFull``, as Twisted raises `EWOULDBLOCK`).
///
/// Threading: reactor-confined, not Sendable.
///
/// Twisted: `twisted.internet.interfaces.IUDPTransport`.
public protocol DatagramTransport: AnyObject {
    /// Sends one datagram to `address` (a numeric IPv4 address on an IPv4 port, IPv6 on an IPv6 port), or,
    /// in connected mode, to the connected peer (`address` must then be `nil` or that peer).
    ///
    /// - Throws: ``DatagramError`` with code ``DatagramError/Code/messageTooLong`` (Twisted's
    ///   `MessageLengthError`), ``DatagramError/Code/sendBufferFull`` (the kernel's buffer is full: the
    ///   datagram was not sent), ``DatagramError/Code/invalidAddress`` (a host name, the wrong family, no
    ///   address when not connected), ``DatagramError/Code/notListening`` (after `stopListening`).
    ///   `ECONNREFUSED` in connected mode is not thrown: the protocol gets
    ///   ``DatagramProtocol/connectionRefused()`` in a later iteration.
    ///
    /// Twisted: `IUDPTransport.write(packet, addr)`.
    func write(_ datagram: [UInt8], to address: Address?) throws(DatagramError)

    /// Sends the concatenation of `chunks` as one datagram; see ``write(_:to:)``.
    ///
    /// Twisted: `Port.writeSequence(seq, addr)`.
    func writeSequence(_ chunks: [[UInt8]], to address: Address?) throws(DatagramError)

    /// Switches to connected mode: datagrams go only to `host`:`port` and only that peer's datagrams are
    /// received; ICMP errors then reach ``DatagramProtocol/connectionRefused()``.
    ///
    /// - Throws: ``DatagramError`` with code ``DatagramError/Code/invalidAddress`` (not a numeric address
    ///   of the port's family) or ``DatagramError/Code/alreadyConnected`` (Twisted raises `RuntimeError`:
    ///   reconnecting is not supported).
    ///
    /// Twisted: `IUDPTransport.connect(host, port)`.
    func connect(host: String, port: Int) throws(DatagramError)

    /// The local address, with the port the kernel chose when listening on port 0.
    ///
    /// Twisted: `IUDPTransport.getHost`.
    func getHost() -> Address

    /// Stops reading at once; in a later iteration the protocol gets ``DatagramProtocol/doStop()``, the
    /// socket is closed and the Deferred fires. Calling it again returns the same Deferred.
    ///
    /// Twisted: `IUDPTransport.stopListening`.
    func stopListening() -> Deferred<Void>

    /// Allows or forbids sending to broadcast addresses (`SO_BROADCAST`; off by default).
    ///
    /// Twisted: `IUDPTransport.setBroadcastAllowed`.
    func setBroadcastAllowed(_ enabled: Bool)

    /// Whether broadcast is allowed.
    ///
    /// Twisted: `IUDPTransport.getBroadcastAllowed`.
    func getBroadcastAllowed() -> Bool
}

extension DatagramTransport {
    /// Sends `datagram` to the connected peer; see ``write(_:to:)``.
    ///
    /// Twisted: `IUDPTransport.write(packet)` in connected mode.
    public func write(_ datagram: [UInt8]) throws(DatagramError) {
        try write(datagram, to: nil)
    }

    /// Joins `chunks` and sends them as one datagram (the default for transports without gathered sends).
    public func writeSequence(_ chunks: [[UInt8]], to address: Address?) throws(DatagramError) {
        try write(Array(chunks.joined()), to: address)
    }
}

/// A UDP port as returned by `listenUDP`: a listening port and the protocol's transport in one object.
///
/// Twisted: `twisted.internet.udp.Port` (`IListeningPort` and `IUDPTransport`).
public protocol UDPPort: ListeningPort, DatagramTransport {}

/// A UDP port that can join multicast groups, as returned by `listenMulticast`.
///
/// Options are read and set on the socket at once (IPv4: `IP_MULTICAST_*`; IPv6 ports use the
/// `IPV6_MULTICAST_*` equivalents). Group membership takes numeric addresses only.
///
/// Twisted: `twisted.internet.interfaces.IMulticastTransport` (`udp.MulticastPort`).
public protocol MulticastPort: UDPPort {
    /// The interface address outgoing multicast datagrams leave from (`"0.0.0.0"`: the kernel's choice).
    ///
    /// Twisted: `IMulticastTransport.getOutgoingInterface`.
    func getOutgoingInterface() -> String

    /// Sets the outgoing interface by its numeric address (IPv4) or name or index (IPv6).
    ///
    /// - Returns: A Deferred that has already fired, or failed with ``MulticastJoinError``.
    ///
    /// Twisted: `IMulticastTransport.setOutgoingInterface`.
    func setOutgoingInterface(_ interface: String) -> Deferred<Void>

    /// Whether this host's own sockets receive the multicast datagrams it sends (on by default).
    ///
    /// Twisted: `IMulticastTransport.getLoopbackMode`.
    func getLoopbackMode() -> Bool

    /// Turns multicast loopback on or off.
    ///
    /// Twisted: `IMulticastTransport.setLoopbackMode`.
    func setLoopbackMode(_ enabled: Bool)

    /// The time to live (hop limit) of outgoing multicast datagrams (1 by default).
    ///
    /// Twisted: `IMulticastTransport.getTTL`.
    func getTTL() -> Int

    /// Sets the time to live of outgoing multicast datagrams (0...255).
    ///
    /// Twisted: `IMulticastTransport.setTTL`.
    func setTTL(_ ttl: Int)

    /// Joins the multicast group `address` on the interface with address `interface` (empty: the
    /// kernel's choice).
    ///
    /// - Returns: A Deferred that has already fired, or failed with ``MulticastJoinError``.
    ///
    /// Twisted: `IMulticastTransport.joinGroup`.
    func joinGroup(_ address: String, interface: String) -> Deferred<Void>

    /// Leaves a group joined with ``joinGroup(_:interface:)``.
    ///
    /// - Returns: A Deferred that has already fired, or failed with ``MulticastJoinError``.
    ///
    /// Twisted: `IMulticastTransport.leaveGroup`.
    func leaveGroup(_ address: String, interface: String) -> Deferred<Void>
}

extension MulticastPort {
    /// Joins `address` on the kernel's choice of interface.
    public func joinGroup(_ address: String) -> Deferred<Void> {
        joinGroup(address, interface: "")
    }

    /// Leaves `address` on the kernel's choice of interface.
    public func leaveGroup(_ address: String) -> Deferred<Void> {
        leaveGroup(address, interface: "")
    }
}
