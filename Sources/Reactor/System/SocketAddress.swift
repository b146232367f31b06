import CTorsion
import Glibc

/// A socket address in the form the kernel uses: IPv4, IPv6 or a UNIX path, convertible to and from the
/// C `sockaddr` forms (and to the public `Address`).
///
/// A plain value; `Sendable`. ``host`` and ``port`` print numeric addresses (no name lookup).
///
/// Twisted: `IPv4Address`, `IPv6Address` and `UNIXAddress` (`twisted.internet.address`).
enum SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address: dotted-quad `host` and `port`.
    case ipv4(host: String, port: UInt16)
    /// An IPv6 address: textual `host` (without brackets) and `port`.
    case ipv6(host: String, port: UInt16)
    /// A UNIX-domain socket path (empty for an unnamed socket).
    case unix(path: String)

    /// The numeric host for IP addresses, the path for UNIX ones.
    var host: String {
        switch self {
        case .ipv4(let host, _), .ipv6(let host, _): return host
        case .unix(let path): return path
        }
    }

    /// The port for IP addresses, 0 for UNIX ones.
    var port: UInt16 {
        switch self {
        case .ipv4(_, let port), .ipv6(_, let port): return port
        case .unix: return 0
        }
    }

    /// `127.0.0.1:8080`, `[::1]:8080` or `unix:/path`.
    var description: String {
        switch self {
        case .ipv4(let host, let port): return "\(host):\(port)"
        case .ipv6(let host, let port): return "[\(host)]:\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }

    /// The address family (`AF_INET`, `AF_INET6` or `AF_UNIX`).
    var family: Int32 {
        switch self {
        case .ipv4: return AF_INET
        case .ipv6: return AF_INET6
        case .unix: return AF_UNIX
        }
    }

    /// Builds the C form and calls `body` with it; throws ``SystemCallError`` (`inet_pton`, `EINVAL`) for
    /// a host that is not a numeric address of its family, or a UNIX path that is too long.
    func withSockAddr<R>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> R
    ) throws -> R {
        var storage = sockaddr_storage()
        let length: socklen_t
        switch self {
        case .ipv4(let host, let port):
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
                throw SystemCallError(call: "inet_pton(\(host))", errno: EINVAL)
            }
            withUnsafeBytes(of: address) { bytes in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        case .ipv6(let host, let port):
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else {
                throw SystemCallError(call: "inet_pton(\(host))", errno: EINVAL)
            }
            withUnsafeBytes(of: address) { bytes in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        case .unix(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let capacity = MemoryLayout.size(ofValue: address.sun_path)
            let utf8 = Array(path.utf8)
            guard utf8.count < capacity else {
                throw SystemCallError(call: "sockaddr_un(\(path))", errno: ENAMETOOLONG)
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: utf8)
                raw[utf8.count] = 0
            }
            withUnsafeBytes(of: address) { bytes in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) }
            }
            length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + utf8.count + 1)
        }
        return try withUnsafePointer(to: &storage) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, length) }
        }
    }

    /// Reads a C address filled in by the kernel (`accept`, `getsockname`, `getpeername`, `getaddrinfo`).
    /// Returns `nil` for an unsupported family.
    init?(_ pointer: UnsafePointer<sockaddr>, length: socklen_t) {
        switch Int32(pointer.pointee.sa_family) {
        case AF_INET:
            let address = UnsafeRawPointer(pointer).loadUnaligned(as: sockaddr_in.self)
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            var raw = address.sin_addr
            inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
            self = .ipv4(host: String(decoding: text.prefix { $0 != 0 }.map(UInt8.init), as: UTF8.self),
                         port: UInt16(bigEndian: address.sin_port))
        case AF_INET6:
            let address = UnsafeRawPointer(pointer).loadUnaligned(as: sockaddr_in6.self)
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            var raw = address.sin6_addr
            inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
            self = .ipv6(host: String(decoding: text.prefix { $0 != 0 }.map(UInt8.init), as: UTF8.self),
                         port: UInt16(bigEndian: address.sin6_port))
        case AF_UNIX:
            let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
            let count = max(0, Int(length) - pathOffset)
            let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer) + pathOffset, count: count)
            let path = bytes.prefix { $0 != 0 }
            self = .unix(path: String(decoding: path, as: UTF8.self))
        default:
            return nil
        }
    }

    /// Reads the address an address-returning call (`getsockname`, `getpeername`) reports for `fd`.
    static func query(
        _ fd: Int32, _ name: StaticString,
        _ call: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) throws(SystemCallError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(fd, $0, &length) }
        }
        guard result == 0 else { throw SystemCallError(call: name.description, errno: ctorsion_errno()) }
        let address = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { SocketAddress($0, length: length) }
        }
        guard let address else { throw SystemCallError(call: name.description, errno: EAFNOSUPPORT) }
        return address
    }
}

extension SocketAddress {
    /// The public form of this address.
    var address: Address {
        switch self {
        case .ipv4(let host, let port): return .ipv4(host: host, port: Int(port))
        case .ipv6(let host, let port): return .ipv6(host: host, port: Int(port))
        case .unix(let path): return .unix(path: path.isEmpty ? nil : path)
        }
    }

    /// The kernel form of a public address; `nil` for an unnamed UNIX address or a port out of range.
    init?(_ address: Address) {
        switch address {
        case .ipv4(let host, let port):
            guard let port = UInt16(exactly: port) else { return nil }
            self = .ipv4(host: host, port: port)
        case .ipv6(let host, let port):
            guard let port = UInt16(exactly: port) else { return nil }
            self = .ipv6(host: host, port: port)
        case .unix(let path?):
            self = .unix(path: path)
        case .unix(nil):
            return nil
        }
    }

    /// Parses a numeric IPv4 or IPv6 literal (no name lookup); `nil` for anything else.
    static func numeric(host: String, port: UInt16) -> SocketAddress? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return .ipv4(host: host, port: port) }
        var v6 = in6_addr()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if inet_pton(AF_INET6, bare, &v6) == 1 { return .ipv6(host: bare, port: port) }
        return nil
    }
}
