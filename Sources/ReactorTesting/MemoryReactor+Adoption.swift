import Reactor
/// An `adoptStreamPort` or `adoptDatagramPort` call recorded by ``MemoryReactorClock``.
///
/// Twisted: an entry of `MemoryReactor.adoptedPorts`.
public struct AdoptedPortRecord {
    /// The descriptor given.
    public let fd: Int32
    /// The family given.
    public let addressFamily: AddressFamily
    /// The factory given (stream ports).
    public let factory: (any Factory)?
    /// The protocol given (datagram ports).
    public let datagramProtocol: (any DatagramProtocol)?
    /// The maximum packet size given (datagram ports).
    public let maxPacketSize: Int?
    /// The port returned.
    public let port: any ListeningPort
}

/// An `adoptStreamConnection` call recorded by ``MemoryReactorClock``.
///
/// Twisted: an entry of `MemoryReactor.adoptedStreamConnections`.
public struct AdoptedConnectionRecord {
    /// The descriptor given.
    public let fd: Int32
    /// The family given.
    public let addressFamily: AddressFamily
    /// The factory given.
    public let factory: any Factory
}

@available(*, unavailable)
extension AdoptedPortRecord: Sendable {}
@available(*, unavailable)
extension AdoptedConnectionRecord: Sendable {}

extension MemoryReactorClock {
    /// Recorded `adoptStreamPort`/`adoptDatagramPort` calls, in order.
    ///
    /// Twisted: `MemoryReactor.adoptedPorts`.
    public var adoptedPorts: [AdoptedPortRecord] { otherRecords.adoptedPorts }

    /// Recorded `adoptStreamConnection` calls, in order.
    ///
    /// Twisted: `MemoryReactor.adoptedStreamConnections`.
    public var adoptedStreamConnections: [AdoptedConnectionRecord] { otherRecords.adoptedStreamConnections }

    /// Records the call and returns a ``MemoryListeningPort`` on `0.0.0.0:1234` (`[::]:1234`, or a UNIX
    /// address), as Twisted's fake does; the factory's `doStart()` runs.
    public func adoptStreamPort(fd: Int32, addressFamily: AddressFamily, factory: any Factory) throws -> any ListeningPort {
        let port = MemoryListeningPort(factory: factory, address: Self.fakeAddress(addressFamily))
        factory.doStart()
        otherRecords.adoptedPorts.append(
            AdoptedPortRecord(
                fd: fd, addressFamily: addressFamily, factory: factory, datagramProtocol: nil, maxPacketSize: nil,
                port: port))
        return port
    }

    /// Records the call.
    public func adoptStreamConnection(fd: Int32, addressFamily: AddressFamily, factory: any Factory) throws {
        otherRecords.adoptedStreamConnections.append(
            AdoptedConnectionRecord(fd: fd, addressFamily: addressFamily, factory: factory))
    }

    /// Records the call and returns a ``FakeDatagramTransport`` attached to `protocol`.
    ///
    /// - Throws: ``UnsupportedAddressFamily`` for `.unix`, as the real reactor.
    public func adoptDatagramPort(
        fd: Int32, addressFamily: AddressFamily, protocol datagramProtocol: any DatagramProtocol, maxPacketSize: Int
    ) throws -> any UDPPort {
        guard addressFamily != .unix else {
            throw UnsupportedAddressFamily(family: addressFamily, detail: "datagram ports are IPv4 or IPv6")
        }
        let transport = FakeDatagramTransport(address: Self.fakeAddress(addressFamily))
        otherRecords.adoptedPorts.append(
            AdoptedPortRecord(
                fd: fd, addressFamily: addressFamily, factory: nil, datagramProtocol: datagramProtocol,
                maxPacketSize: maxPacketSize, port: transport))
        transport.attach(datagramProtocol)
        return transport
    }

    private static func fakeAddress(_ family: AddressFamily) -> Address {
        switch family {
        case .ipv4: return .ipv4(host: "0.0.0.0", port: 1234)
        case .ipv6: return .ipv6(host: "::", port: 1234)
        case .unix: return .unix(path: nil)
        }
    }
}
