import CTorsion
import Deferred
import Glibc

// The multicast options of a UDP port (IPv4: IP_MULTICAST_*, IPv6: IPV6_MULTICAST_*).
extension EpollUDPPort {
    private var isIPv6: Bool { family == AF_INET6 }

    func getOutgoingInterface() -> String {
        if isIPv6 {
            let index = (try? socket.option(level: Int32(IPPROTO_IPV6), name: IPV6_MULTICAST_IF)) ?? 0
            return String(index)
        }
        var address = in_addr()
        var length = socklen_t(MemoryLayout<in_addr>.size)
        guard getsockopt(fd, Int32(IPPROTO_IP), IP_MULTICAST_IF, &address, &length) == 0 else { return "0.0.0.0" }
        return Self.text(address)
    }

    func setOutgoingInterface(_ interface: String) -> Deferred<Void> {
        let failure = { (detail: String, errno: Int32?) -> Deferred<Void> in
            .fail(MulticastJoinError(group: "", interface: interface, detail: detail, errno: errno))
        }
        if isIPv6 {
            guard let index = Self.interfaceIndex(interface) else { return failure("unknown interface", nil) }
            return setOption(Int32(IPPROTO_IPV6), IPV6_MULTICAST_IF, Int32(bitPattern: index), failure)
        }
        guard var address = Self.ipv4(interface) else { return failure("not a numeric IPv4 address", nil) }
        guard setsockopt(fd, Int32(IPPROTO_IP), IP_MULTICAST_IF, &address, socklen_t(MemoryLayout<in_addr>.size)) == 0
        else {
            let code = ctorsion_errno()
            return failure(SystemCallError(call: "setsockopt(IP_MULTICAST_IF)", errno: code).description, code)
        }
        return .succeed()
    }

    func getLoopbackMode() -> Bool {
        let (level, name) = isIPv6 ? (Int32(IPPROTO_IPV6), IPV6_MULTICAST_LOOP) : (Int32(IPPROTO_IP), IP_MULTICAST_LOOP)
        return ((try? socket.option(level: level, name: name)) ?? 0) != 0
    }

    func setLoopbackMode(_ enabled: Bool) {
        let (level, name) = isIPv6 ? (Int32(IPPROTO_IPV6), IPV6_MULTICAST_LOOP) : (Int32(IPPROTO_IP), IP_MULTICAST_LOOP)
        try? socket.setOption(level: level, name: name, value: enabled ? 1 : 0)
    }

    func getTTL() -> Int {
        let (level, name) = isIPv6 ? (Int32(IPPROTO_IPV6), IPV6_MULTICAST_HOPS) : (Int32(IPPROTO_IP), IP_MULTICAST_TTL)
        return Int((try? socket.option(level: level, name: name)) ?? 1)
    }

    func setTTL(_ ttl: Int) {
        let (level, name) = isIPv6 ? (Int32(IPPROTO_IPV6), IPV6_MULTICAST_HOPS) : (Int32(IPPROTO_IP), IP_MULTICAST_TTL)
        try? socket.setOption(level: level, name: name, value: Int32(clamping: min(max(ttl, 0), 255)))
    }

    func joinGroup(_ address: String, interface: String) -> Deferred<Void> {
        membership(join: true, group: address, interface: interface)
    }

    func leaveGroup(_ address: String, interface: String) -> Deferred<Void> {
        membership(join: false, group: address, interface: interface)
    }

    /// `IP_ADD_MEMBERSHIP`/`IP_DROP_MEMBERSHIP` (or the IPv6 forms) for `group` on `interface`.
    private func membership(join: Bool, group: String, interface: String) -> Deferred<Void> {
        let failure = { (detail: String, errno: Int32?) -> Deferred<Void> in
            .fail(MulticastJoinError(group: group, interface: interface, detail: detail, errno: errno))
        }
        let result: Int32
        if isIPv6 {
            var request = ipv6_mreq()
            guard inet_pton(AF_INET6, group, &request.ipv6mr_multiaddr) == 1 else {
                return failure("not a numeric IPv6 address", nil)
            }
            guard let index = Self.interfaceIndex(interface) else { return failure("unknown interface", nil) }
            request.ipv6mr_interface = index
            result = setsockopt(
                fd, Int32(IPPROTO_IPV6), join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP, &request,
                socklen_t(MemoryLayout<ipv6_mreq>.size))
        } else {
            guard let groupAddress = Self.ipv4(group) else { return failure("not a numeric IPv4 address", nil) }
            guard let interfaceAddress = interface.isEmpty ? in_addr(s_addr: 0) : Self.ipv4(interface) else {
                return failure("the interface is not a numeric IPv4 address", nil)
            }
            var request = ip_mreq(imr_multiaddr: groupAddress, imr_interface: interfaceAddress)
            result = setsockopt(
                fd, Int32(IPPROTO_IP), join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, &request,
                socklen_t(MemoryLayout<ip_mreq>.size))
        }
        guard result == 0 else {
            let code = ctorsion_errno()
            return failure(SystemCallError(call: join ? "join" : "leave", errno: code).description, code)
        }
        return .succeed()
    }

    private func setOption(
        _ level: Int32, _ name: Int32, _ value: Int32, _ failure: (String, Int32?) -> Deferred<Void>
    ) -> Deferred<Void> {
        do {
            try socket.setOption(level: level, name: name, value: value)
            return .succeed()
        } catch {
            return failure(error.description, error.errno)
        }
    }

    private static func ipv4(_ text: String) -> in_addr? {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1 ? address : nil
    }

    private static func text(_ address: in_addr) -> String {
        var address = address
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map(UInt8.init), as: UTF8.self)
    }

    /// An IPv6 interface given as an index, a name (`lo`) or empty (0: the kernel's choice).
    private static func interfaceIndex(_ interface: String) -> UInt32? {
        if interface.isEmpty { return 0 }
        if let index = UInt32(interface) { return index }
        let index = if_nametoindex(interface)
        return index == 0 ? nil : index
    }
}
