/// A UDP port could not send a datagram or change mode.
///
/// One error type for Twisted's UDP exceptions: test ``code`` to tell them apart.
///
/// Twisted: `MessageLengthError`, `InvalidAddressError`, the `EWOULDBLOCK` `OSError` of a full send buffer,
/// and the `RuntimeError` of a second `connect`.
public struct DatagramError: Error, CustomStringConvertible, Equatable {
    /// Which kind of failure this is. Compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case messageTooLong, sendBufferFull, invalidAddress, alreadyConnected, notListening, other
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The datagram is larger than the socket can send (`EMSGSIZE`). Twisted: `MessageLengthError`.
        public static let messageTooLong = Code(.messageTooLong)
        /// The kernel's send buffer is full (`EAGAIN`, `ENOBUFS`): the datagram was dropped, not queued.
        /// Twisted: the `OSError(EWOULDBLOCK)` that `Port.write` lets through.
        public static let sendBufferFull = Code(.sendBufferFull)
        /// Not a numeric address of the port's family, or no address in unconnected mode, or an address
        /// other than the peer in connected mode. Twisted: `InvalidAddressError`.
        public static let invalidAddress = Code(.invalidAddress)
        /// `connect(host:port:)` on a port that is already connected. Twisted: `RuntimeError`.
        public static let alreadyConnected = Code(.alreadyConnected)
        /// The port has stopped listening.
        public static let notListening = Code(.notListening)
        /// Any other failure; see ``DatagramError/errno``.
        public static let other = Code(.other)

        /// The case name.
        public var description: String { "\(base)" }
    }

    /// The kind of failure.
    public let code: Code
    /// What failed: the address, or the failing call and its errno text.
    public let detail: String
    /// The errno, if a system call failed.
    public let errno: Int32?

    /// Creates the error.
    public init(_ code: Code, _ detail: String = "", errno: Int32? = nil) {
        self.code = code
        self.detail = detail
        self.errno = errno
    }

    /// "UDP <code>: <detail>".
    public var description: String {
        detail.isEmpty ? "UDP \(code)" : "UDP \(code): \(detail)"
    }
}

/// Joining or leaving a multicast group (or setting the outgoing interface) failed.
///
/// Twisted: `twisted.internet.error.MulticastJoinError`.
public struct MulticastJoinError: Error, CustomStringConvertible, Equatable {
    /// The group address asked for (empty for `setOutgoingInterface`).
    public let group: String
    /// The interface asked for.
    public let interface: String
    /// What failed.
    public let detail: String
    /// The errno, if a system call failed.
    public let errno: Int32?

    /// Creates the error.
    public init(group: String, interface: String, detail: String, errno: Int32? = nil) {
        self.group = group
        self.interface = interface
        self.detail = detail
        self.errno = errno
    }

    /// "Could not join multicast group <group> on <interface>: <detail>".
    public var description: String {
        "Could not join multicast group \(group) on \(interface.isEmpty ? "any interface" : interface): \(detail)"
    }
}
