/// An outgoing connection attempt failed.
///
/// One error type for Twisted's `ConnectError` family: test ``code`` to tell the cases apart
/// (`catch let error as ConnectError where error.code == .refused`). Delivered to
/// ``ClientFactory/clientConnectionFailed(connector:reason:)`` and as the failure of
/// ``StreamClientEndpoint/connect(_:)``. Cancelling an endpoint's attempt fails it with
/// ``ConnectingCancelledError`` instead, as in Twisted.
///
/// Twisted: `twisted.internet.error.ConnectError` and its subclasses.
public struct ConnectError: Error, CustomStringConvertible, Equatable {
    /// Which kind of connect failure this is. Extensible: compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case refused, timedOut, tcpTimedOut, unreachable, dnsLookup, bind, userCancelled, other
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The peer refused the connection (`ECONNREFUSED`). Twisted: `ConnectionRefusedError`.
        public static let refused = Code(.refused)
        /// The caller's `timeout` expired before the connection was made. Twisted: `error.TimeoutError`
        /// ("User timeout caused connection failure").
        public static let timedOut = Code(.timedOut)
        /// The kernel gave up (`ETIMEDOUT`). Twisted: `TCPTimedOutError`.
        public static let tcpTimedOut = Code(.tcpTimedOut)
        /// No route to the host or network (`EHOSTUNREACH`, `ENETUNREACH`). Twisted: `NoRouteError`.
        public static let unreachable = Code(.unreachable)
        /// The host name could not be resolved to any address. Twisted: `DNSLookupError`.
        public static let dnsLookup = Code(.dnsLookup)
        /// The `bindAddress` could not be bound. Twisted: `ConnectBindError`.
        public static let bind = Code(.bind)
        /// The attempt was stopped with ``Connector/stopConnecting()``. Twisted: `UserError`
        /// ("User aborted connection").
        public static let userCancelled = Code(.userCancelled)
        /// Any other failure; see ``ConnectError/errno`` and ``ConnectError/detail``. Twisted: `ConnectError`.
        public static let other = Code(.other)

        /// The case name.
        public var description: String { "\(base)" }
    }

    /// The kind of failure.
    public let code: Code
    /// Human-readable detail (the failing call and errno text, or the host name that did not resolve).
    public let detail: String
    /// The errno, if a system call failed.
    public let errno: Int32?

    /// Creates the error.
    public init(_ code: Code, _ detail: String = "", errno: Int32? = nil) {
        self.code = code
        self.detail = detail
        self.errno = errno
    }

    /// A ``Code/refused`` error.
    public static func refused(_ detail: String = "Connection refused") -> ConnectError {
        ConnectError(.refused, detail)
    }
    /// A ``Code/timedOut`` error.
    public static func timedOut(_ detail: String = "User timeout caused connection failure") -> ConnectError {
        ConnectError(.timedOut, detail)
    }
    /// A ``Code/dnsLookup`` error for `host`.
    public static func dnsLookup(_ host: String) -> ConnectError {
        ConnectError(.dnsLookup, "address \(host) not found")
    }

    /// "Connect failed (<code>): <detail>".
    public var description: String {
        detail.isEmpty ? "Connect failed (\(code))" : "Connect failed (\(code)): \(detail)"
    }
}

/// A connection attempt through an endpoint was cancelled before it completed.
///
/// ``StreamClientEndpoint/connect(_:)`` fails with it when its Deferred is cancelled; the attempt is stopped
/// (``Connector/stopConnecting()``).
///
/// Twisted: `twisted.internet.error.ConnectingCancelledError`.
public struct ConnectingCancelledError: Error, CustomStringConvertible, Equatable {
    /// Where the cancelled attempt was connecting to.
    public let address: Address

    /// Creates the error.
    public init(address: Address) {
        self.address = address
    }

    /// "Connecting to <address> was cancelled".
    public var description: String { "Connecting to \(address) was cancelled" }
}
