import Glibc

/// The sockets systemd (or anything following its socket-activation protocol) passed to this process:
/// `LISTEN_FDS` descriptors numbered from 3, valid when `LISTEN_PID` is this process's id, optionally named
/// by `LISTEN_FDNAMES` (colon-separated).
///
/// ```swift
/// for fd in ListenFDs.fromEnvironment().inheritedDescriptors() {
///     _ = try reactor.adoptStreamPort(fd: fd, addressFamily: .ipv4, factory: factory)
/// }
/// ```
///
/// A plain value; `Sendable`.
///
/// Twisted: `twisted.python.systemd.ListenFDs`. Differences: names are optional (systemd before 227 sends
/// none, and `sd_listen_fds` accepts that; Twisted then reports no descriptors at all), and the variables are
/// not removed from the real environment (`unsetenv` is not thread-safe in a process with other threads).
public struct ListenFDs: Sendable, Equatable {
    /// The first inherited descriptor: 3 (`SD_LISTEN_FDS_START`).
    public static let start: Int32 = 3

    /// The inherited descriptors, in order.
    public let descriptors: [Int32]
    /// Their names, in the same order; empty when none were given.
    public let names: [String]

    /// Creates the value directly (tests, or descriptors found another way).
    public init(descriptors: [Int32], names: [String] = []) {
        self.descriptors = descriptors
        self.names = names
    }

    /// Reads `LISTEN_PID`, `LISTEN_FDS` and `LISTEN_FDNAMES` from `environment` (`nil`: this process's
    /// environment). No descriptors when `LISTEN_PID` is not this process's id or `LISTEN_FDS` is missing
    /// or not a number; names are kept only when there is one per descriptor.
    ///
    /// Twisted: `ListenFDs.fromEnvironment(environ, start)`.
    public static func fromEnvironment(_ environment: [String: String]? = nil, start: Int32 = start) -> ListenFDs {
        let lookup: (String) -> String? = { name in
            if let environment { return environment[name] }
            return getenv(name).map { String(cString: $0) }
        }
        guard lookup("LISTEN_PID") == String(getpid()), let text = lookup("LISTEN_FDS"), let count = Int32(text),
            count > 0
        else {
            return ListenFDs(descriptors: [])
        }
        let descriptors = Array(start..<(start + count))
        let names = (lookup("LISTEN_FDNAMES") ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        return ListenFDs(descriptors: descriptors, names: names.count == descriptors.count ? names : [])
    }

    /// The inherited descriptors.
    ///
    /// Twisted: `ListenFDs.inheritedDescriptors`.
    public func inheritedDescriptors() -> [Int32] {
        descriptors
    }

    /// The named descriptors, by name (empty when no names were given).
    ///
    /// Twisted: `ListenFDs.inheritedNamedDescriptors`.
    public func inheritedNamedDescriptors() -> [String: Int32] {
        Dictionary(zip(names, descriptors), uniquingKeysWith: { first, _ in first })
    }
}
