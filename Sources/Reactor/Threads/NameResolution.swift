import CTorsion
import Deferred
import Glibc

/// Blocking name resolution with `getaddrinfo`; run it on a pool thread, never on the reactor thread.
enum NameResolution {
    /// Resolves `host` to stream-socket addresses with `port`, in the order `getaddrinfo` returns them
    /// (RFC 6724 preference), without duplicates.
    ///
    /// - Throws: ``ConnectError`` with code `dnsLookup` when the name does not resolve.
    static func resolve(host: String, port: UInt16, family: Int32 = AF_UNSPEC) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = family
        hints.ai_socktype = CTORSION_SOCK_STREAM
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == 0 ? "no addresses" : String(cString: gai_strerror(status))
            throw ConnectError(.dnsLookup, "address \(host) not found: \(reason)")
        }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let pointer = entry.pointee.ai_addr,
                let address = SocketAddress(pointer, length: entry.pointee.ai_addrlen),
                !addresses.contains(address)
            {
                addresses.append(address)
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }
}

extension ReactorThreads {
    /// Resolves `host` on the thread pool; the Deferred fires on the reactor thread with the addresses
    /// (IPv6 and IPv4, in the system's preference order) or fails with a ``ConnectError`` whose code is
    /// `dnsLookup` (`other` for a port outside 0...65535). A numeric address resolves at once, without the
    /// pool. Call on the reactor thread.
    ///
    /// The one resolution path: `connectTCP` with a host name and ``HostnameEndpoint``'s default resolver
    /// use it.
    ///
    /// Twisted: `reactor.nameResolver.resolveHostName` (the `getaddrinfo`-in-a-thread resolver).
    public func resolve(host: String, port: Int) -> Deferred<[Address]> {
        guard let port16 = UInt16(exactly: port) else {
            return .fail(ConnectError(.other, "port \(port) out of range"))
        }
        if let numeric = SocketAddress.numeric(host: host, port: port16) {
            return .succeed([numeric.address])
        }
        return deferToThread {
            try NameResolution.resolve(host: host, port: port16).map(\.address)
        }
    }
}
