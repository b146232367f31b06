/// The connection was closed cleanly: the normal reason passed to ``ConnectionProtocol/connectionLost(reason:)``.
///
/// Delivered after ``Transport/loseConnection()`` has flushed the write buffer, or when the peer closed its
/// side and the protocol did not opt in to half-close.
///
/// Twisted: `twisted.internet.error.ConnectionDone`.
public struct ConnectionDone: Error, CustomStringConvertible, Equatable {
    /// Extra detail, for example `"Bye."` from ``StringTransportWithDisconnection``.
    public let detail: String

    /// Creates the error.
    public init(_ detail: String = "") {
        self.detail = detail
    }

    /// "Connection was closed cleanly", with the detail if any.
    public var description: String {
        detail.isEmpty ? "Connection was closed cleanly" : "Connection was closed cleanly: \(detail)"
    }
}

/// The connection was lost in a non-clean way: a reset, a read or write error, or an abort.
///
/// ``ConnectionProtocol/connectionLost(reason:)`` receives it. ``isAborted`` is true when this side called
/// ``Transport/abortConnection()`` (Twisted's `ConnectionAborted` subclass).
///
/// Twisted: `twisted.internet.error.ConnectionLost` (and `ConnectionAborted`).
public struct ConnectionLost: Error, CustomStringConvertible, Equatable {
    /// What happened, e.g. `"Connection reset by peer"` or the failing call and errno text.
    public let detail: String
    /// The errno that ended the connection, if a system call reported one.
    public let errno: Int32?
    /// Whether the connection ended because this side aborted it.
    public let isAborted: Bool

    /// Creates the error.
    public init(_ detail: String = "", errno: Int32? = nil, isAborted: Bool = false) {
        self.detail = detail
        self.errno = errno
        self.isAborted = isAborted
    }

    /// The connection aborted by ``Transport/abortConnection()``.
    ///
    /// Twisted: `twisted.internet.error.ConnectionAborted`.
    public static let aborted = ConnectionLost("Connection was aborted locally", isAborted: true)

    /// "Connection was closed in a non-clean fashion", with the detail if any.
    public var description: String {
        detail.isEmpty
            ? "Connection to the other side was lost in a non-clean fashion"
            : "Connection to the other side was lost in a non-clean fashion: \(detail)"
    }
}

/// A listening socket could not be created, bound or put in listening state.
///
/// Thrown by ``ReactorTCP/listenTCP(port:factory:backlog:interface:)`` and
/// ``ReactorUNIX/listenUNIX(path:factory:backlog:)``.
///
/// Twisted: `twisted.internet.error.CannotListenError`.
public struct CannotListenError: Error, CustomStringConvertible, Equatable {
    /// The interface (host) or UNIX path the listener was for; empty means all interfaces.
    public let interface: String
    /// The port (0 for UNIX sockets).
    public let port: Int
    /// What failed, e.g. `"bind: Address already in use"`.
    public let detail: String
    /// The errno, if a system call failed.
    public let errno: Int32?

    /// Creates the error.
    public init(interface: String, port: Int, detail: String, errno: Int32? = nil) {
        self.interface = interface
        self.port = port
        self.detail = detail
        self.errno = errno
    }

    /// "Couldn't listen on <interface>:<port>: <detail>".
    public var description: String {
        "Couldn't listen on \(interface.isEmpty ? "any" : interface):\(port): \(detail)"
    }
}
