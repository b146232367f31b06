import Glibc

/// The address family of an adopted socket.
///
/// Twisted: the `socket.AF_INET`, `AF_INET6` and `AF_UNIX` values passed as `addressFamily`.
public enum AddressFamily: Hashable, Sendable, CustomStringConvertible {
    /// `AF_INET`.
    case ipv4
    /// `AF_INET6`.
    case ipv6
    /// `AF_UNIX`.
    case unix

    /// The C constant.
    public var rawValue: Int32 {
        switch self {
        case .ipv4: return AF_INET
        case .ipv6: return AF_INET6
        case .unix: return AF_UNIX
        }
    }

    /// `AF_INET`, `AF_INET6` or `AF_UNIX`.
    public var description: String {
        switch self {
        case .ipv4: return "AF_INET"
        case .ipv6: return "AF_INET6"
        case .unix: return "AF_UNIX"
        }
    }
}

/// Using sockets created outside the reactor: inherited from systemd (see ``ListenFDs``) or a parent
/// process, received over a UNIX socket, or set up by other code.
///
/// The reactor duplicates the descriptor (close-on-exec) and works on its copy, so the caller may close
/// its own as soon as the call returns, as in Twisted. The copy is made non-blocking, which also makes the
/// caller's descriptor non-blocking (the flag belongs to the shared open file).
///
/// Threading: reactor-confined.
///
/// Twisted: `twisted.internet.interfaces.IReactorSocket`.
public protocol ReactorSocket: AnyObject {
    /// Accepts connections on an already bound and listening stream socket, building a protocol for each
    /// with `factory` (whose `doStart()` is called now and `doStop()` when the port stops).
    ///
    /// - Throws: ``UnsupportedAddressFamily`` or ``UnsupportedSocketType`` when the socket is not a stream
    ///   socket of `addressFamily`; ``CannotListenError`` if it is not listening or cannot be watched.
    ///
    /// Twisted: `IReactorSocket.adoptStreamPort`.
    func adoptStreamPort(fd: Int32, addressFamily: AddressFamily, factory: any Factory) throws -> any ListeningPort

    /// Runs a protocol built by `factory` over an already connected stream socket. The factory's
    /// `doStart`/`doStop` are not called (there is no sensible time, says Twisted).
    ///
    /// - Throws: ``UnsupportedAddressFamily``, ``UnsupportedSocketType``, ``SystemCallError``.
    ///
    /// Twisted: `IReactorSocket.adoptStreamConnection`.
    func adoptStreamConnection(fd: Int32, addressFamily: AddressFamily, factory: any Factory) throws

    /// Reads datagrams for `protocol` from an already bound UDP socket (IPv4 or IPv6).
    ///
    /// - Throws: ``UnsupportedAddressFamily``, ``UnsupportedSocketType``, ``CannotListenError``.
    ///
    /// Twisted: `IReactorSocket.adoptDatagramPort`.
    func adoptDatagramPort(
        fd: Int32, addressFamily: AddressFamily, protocol: any DatagramProtocol, maxPacketSize: Int
    ) throws -> any UDPPort
}

extension ReactorSocket {
    /// ``adoptDatagramPort(fd:addressFamily:protocol:maxPacketSize:)`` with 8192-byte datagrams.
    public func adoptDatagramPort(
        fd: Int32, addressFamily: AddressFamily, protocol datagramProtocol: any DatagramProtocol
    ) throws -> any UDPPort {
        try adoptDatagramPort(fd: fd, addressFamily: addressFamily, protocol: datagramProtocol, maxPacketSize: 8192)
    }
}

/// The adopted socket's family is not the one given, or not supported for this kind of socket (datagram
/// ports are IPv4 or IPv6).
///
/// Twisted: `twisted.internet.error.UnsupportedAddressFamily`.
public struct UnsupportedAddressFamily: Error, CustomStringConvertible, Equatable {
    /// The family asked for.
    public let family: AddressFamily
    /// What the socket is, or why the family is refused.
    public let detail: String

    /// Creates the error.
    public init(family: AddressFamily, detail: String) {
        self.family = family
        self.detail = detail
    }

    /// "Unsupported address family AF_…: <detail>".
    public var description: String { "Unsupported address family \(family): \(detail)" }
}

/// The adopted socket is not of the expected type (a stream socket for `adoptStreamPort`, a datagram socket
/// for `adoptDatagramPort`), or not a socket at all.
///
/// Twisted: `twisted.internet.error.UnsupportedSocketType`.
public struct UnsupportedSocketType: Error, CustomStringConvertible, Equatable {
    /// The descriptor given.
    public let fd: Int32
    /// What was expected and found.
    public let detail: String

    /// Creates the error.
    public init(fd: Int32, detail: String) {
        self.fd = fd
        self.detail = detail
    }

    /// "Unsupported socket type for descriptor <fd>: <detail>".
    public var description: String { "Unsupported socket type for descriptor \(fd): \(detail)" }
}
