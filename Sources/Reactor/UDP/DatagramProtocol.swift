/// The handler of a UDP port's datagrams: Twisted's `DatagramProtocol`.
///
/// Lifecycle, all on the reactor thread: ``makeConnection(_:)`` once when the port starts listening (the
/// default stores the transport and calls ``startProtocol()``), then ``datagramReceived(_:from:)`` for each
/// datagram and ``connectionRefused()`` after an ICMP error in connected mode, then ``doStop()`` once when
/// the port has stopped (the default clears ``transport`` and calls ``stopProtocol()``). A protocol serves
/// one port at a time (Twisted asserts the same: `makeConnection` requires `transport` to be `None`).
/// Every method except ``transport`` has a default implementation.
///
/// Twisted: `twisted.internet.protocol.DatagramProtocol` (`AbstractDatagramProtocol`).
public protocol DatagramProtocol: AnyObject {
    /// The port this protocol is attached to; `nil` before ``makeConnection(_:)`` and after ``doStop()``.
    ///
    /// Twisted: `DatagramProtocol.transport`.
    var transport: (any DatagramTransport)? { get set }

    /// Attaches the protocol to its port: stores it in ``transport`` and calls ``startProtocol()``.
    /// Called by the port (or a test double) once.
    ///
    /// Twisted: `AbstractDatagramProtocol.makeConnection` (with `doStart`).
    func makeConnection(_ transport: any DatagramTransport)

    /// Detaches the protocol after its port stopped: clears ``transport`` and calls ``stopProtocol()``.
    /// Called by the port once, in a later reactor iteration than `stopListening()`.
    ///
    /// Twisted: `AbstractDatagramProtocol.doStop`.
    func doStop()

    /// Called when the port starts listening; ``transport`` is set.
    ///
    /// Twisted: `AbstractDatagramProtocol.startProtocol`.
    func startProtocol()

    /// Called once the port has stopped listening and closed its socket.
    ///
    /// Twisted: `AbstractDatagramProtocol.stopProtocol`.
    func stopProtocol()

    /// Called with each datagram read, and the numeric address it came from. A datagram longer than the
    /// port's `maxPacketSize` arrives cut to that size, as in Twisted.
    ///
    /// Twisted: `DatagramProtocol.datagramReceived(datagram, addr)`.
    func datagramReceived(_ datagram: [UInt8], from address: Address)

    /// In connected mode (``DatagramTransport/connect(host:port:)``): the peer answered an earlier datagram
    /// with an ICMP "port unreachable" (`ECONNREFUSED`). Delivered from the reactor loop, never from inside
    /// a `write`.
    ///
    /// Twisted: `DatagramProtocol.connectionRefused`.
    func connectionRefused()
}

extension DatagramProtocol {
    /// Stores `transport` and calls ``startProtocol()``.
    public func makeConnection(_ transport: any DatagramTransport) {
        self.transport = transport
        startProtocol()
    }

    /// Clears ``transport`` and calls ``stopProtocol()``.
    public func doStop() {
        transport = nil
        stopProtocol()
    }

    /// Does nothing.
    public func startProtocol() {}

    /// Does nothing.
    public func stopProtocol() {}

    /// Does nothing (the datagram is dropped).
    public func datagramReceived(_ datagram: [UInt8], from address: Address) {}

    /// Does nothing.
    public func connectionRefused() {}
}
