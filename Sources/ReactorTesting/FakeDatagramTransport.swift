import Deferred
import Reactor

/// A UDP port in memory: records what the protocol writes and lets the test deliver datagrams, refusals
/// and write failures, so a ``DatagramProtocol`` is tested without sockets (on the fake clock).
///
/// ``MemoryReactorClock/listenUDP(port:protocol:interface:maxPacketSize:)`` returns one; a test can also
/// make one and ``attach(_:)`` a protocol itself. The checks of the real port apply: writing after
/// ``stopListening()`` throws ``DatagramError/Code/notListening``; unconnected writes need an address; in
/// connected mode the address must be `nil` or the peer. Calls into the protocol happen synchronously, from
/// the test's calls (``deliver(_:from:)``, ``refuse()``, ``stopListening()``).
///
/// Threading: not Sendable; use from the test's thread.
///
/// Twisted: no equivalent (tests use a real port on `localhost`, or `twisted.test.proto_helpers`' ad hoc
/// fakes).
public final class FakeDatagramTransport: MulticastPort {
    /// One recorded ``write(_:to:)``.
    public struct Write: Equatable, Sendable {
        /// The datagram.
        public let datagram: [UInt8]
        /// The address given (`nil` in connected mode).
        public let address: Address?

        /// Creates a record (for comparing with ``FakeDatagramTransport/writes``).
        public init(datagram: [UInt8], address: Address?) {
            self.datagram = datagram
            self.address = address
        }
    }

    /// Every datagram written, in order.
    public private(set) var writes: [Write] = []
    /// Thrown (once) by the next write, e.g. `DatagramError(.sendBufferFull)`; that datagram is not recorded.
    public var nextWriteError: DatagramError?
    /// The address ``getHost()`` returns.
    public let address: Address
    /// The peer given to ``connect(host:port:)``.
    public private(set) var connectedPeer: Address?
    /// Whether ``stopListening()`` has not been called.
    public private(set) var isListening = true
    /// The attached protocol.
    public private(set) var datagramProtocol: (any DatagramProtocol)?
    /// The multicast groups joined and not left.
    public private(set) var groups: Set<String> = []
    /// The value of the broadcast option.
    public private(set) var broadcastAllowed = false
    /// The multicast loopback option (on by default, as on a socket).
    public private(set) var loopbackMode = true
    /// The multicast time to live (1 by default).
    public private(set) var ttl = 1
    /// The outgoing multicast interface.
    public private(set) var outgoingInterface = "0.0.0.0"

    /// Creates a port with the local address `address`.
    public init(address: Address = .ipv4(host: "0.0.0.0", port: 1234)) {
        self.address = address
    }

    /// Attaches `protocol`: its ``DatagramProtocol/makeConnection(_:)`` (and so `startProtocol`) runs now.
    public func attach(_ datagramProtocol: any DatagramProtocol) {
        self.datagramProtocol = datagramProtocol
        datagramProtocol.makeConnection(self)
    }

    /// Delivers a datagram to the protocol, as if it arrived from `source`. In connected mode datagrams
    /// from anyone but the peer are dropped, as the kernel drops them. Returns whether it was delivered.
    @discardableResult
    public func deliver(_ datagram: [UInt8], from source: Address) -> Bool {
        precondition(isListening, "FakeDatagramTransport.deliver: the port has stopped listening")
        if let connectedPeer, connectedPeer != source { return false }
        datagramProtocol?.datagramReceived(datagram, from: source)
        return true
    }

    /// Tells the protocol the peer refused an earlier datagram (``DatagramProtocol/connectionRefused()``).
    public func refuse() {
        datagramProtocol?.connectionRefused()
    }

    /// The recorded datagrams, without their addresses.
    public var writtenDatagrams: [[UInt8]] { writes.map(\.datagram) }

    /// Forgets the recorded writes.
    public func clearWrites() {
        writes.removeAll()
    }

    // MARK: - DatagramTransport

    /// Records the datagram (or throws ``nextWriteError``, or the real port's errors).
    public func write(_ datagram: [UInt8], to address: Address?) throws(DatagramError) {
        guard isListening else { throw DatagramError(.notListening, "the port has stopped listening") }
        if let error = nextWriteError {
            nextWriteError = nil
            throw error
        }
        if let connectedPeer {
            if let address, address != connectedPeer {
                throw DatagramError(.invalidAddress, "\(address) is not the connected peer \(connectedPeer)")
            }
        } else if address == nil {
            throw DatagramError(.invalidAddress, "no address given and the port is not connected")
        }
        writes.append(Write(datagram: datagram, address: address))
    }

    /// Records the peer; a second call throws ``DatagramError/Code/alreadyConnected``.
    public func connect(host: String, port: Int) throws(DatagramError) {
        guard connectedPeer == nil else {
            throw DatagramError(.alreadyConnected, "already connected, reconnecting is not supported")
        }
        connectedPeer = host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
    }

    /// The local address.
    public func getHost() -> Address { address }

    /// Stops listening: the protocol's ``DatagramProtocol/doStop()`` runs now (once) and the returned
    /// Deferred has already fired.
    public func stopListening() -> Deferred<Void> {
        if isListening {
            isListening = false
            let datagramProtocol = self.datagramProtocol
            self.datagramProtocol = nil
            datagramProtocol?.doStop()
        }
        return .succeed()
    }

    /// Records the option.
    public func setBroadcastAllowed(_ enabled: Bool) { broadcastAllowed = enabled }
    /// The recorded option.
    public func getBroadcastAllowed() -> Bool { broadcastAllowed }

    // MARK: - MulticastPort

    /// The recorded interface.
    public func getOutgoingInterface() -> String { outgoingInterface }
    /// Records the interface; an already-fired Deferred.
    public func setOutgoingInterface(_ interface: String) -> Deferred<Void> {
        outgoingInterface = interface
        return .succeed()
    }
    /// The recorded option.
    public func getLoopbackMode() -> Bool { loopbackMode }
    /// Records the option.
    public func setLoopbackMode(_ enabled: Bool) { loopbackMode = enabled }
    /// The recorded option.
    public func getTTL() -> Int { ttl }
    /// Records the option.
    public func setTTL(_ ttl: Int) { self.ttl = ttl }
    /// Adds the group to ``groups``; an already-fired Deferred.
    public func joinGroup(_ address: String, interface: String) -> Deferred<Void> {
        groups.insert(address)
        return .succeed()
    }
    /// Removes the group from ``groups``; fails with ``MulticastJoinError`` if it was not joined.
    public func leaveGroup(_ address: String, interface: String) -> Deferred<Void> {
        guard groups.remove(address) != nil else {
            return .fail(MulticastJoinError(group: address, interface: interface, detail: "not a member"))
        }
        return .succeed()
    }
}

@available(*, unavailable)
extension FakeDatagramTransport: Sendable {}
