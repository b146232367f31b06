import Glibc

/// What this process holds, from `/proc` (Linux): open descriptors, resident memory, and the TCP sockets
/// that touch a given port.
public enum ProcessCensus {
    /// The number of open file descriptors (entries of `/proc/self/fd`, not counting the one used to list
    /// them).
    public static func openDescriptors() -> Int {
        descriptorLinks().count
    }

    /// Resident memory in bytes (the second field of `/proc/self/statm` times the page size).
    public static func residentBytes() -> Int {
        let fields = readFile("/proc/self/statm").split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// This process's descriptors of TCP sockets whose local or remote port is `port` (listeners
    /// included), matched through the socket inodes of `/proc/self/fd` and `/proc/net/tcp{,6}`. Unlike
    /// ``openDescriptors()``, the count is not disturbed by other work in the process.
    public static func socketDescriptors(port: Int) -> Int {
        sockets(port: port).count
    }

    /// The sockets ``socketDescriptors(port:)`` counts, by inode, each described as `local->remote state`
    /// (ports, and the kernel's TCP state number in hex: `01` established, `08` close-wait, `0A` listen).
    public static func sockets(port: Int) -> [String: String] {
        var described: [Substring: String] = [:]
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            for line in readFile(table).split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 9 else { continue }
                let local = endpointPort(fields[1])
                let remote = endpointPort(fields[2])
                if local == port || remote == port {
                    described[fields[9]] = "\(local ?? 0)->\(remote ?? 0) \(fields[3])"
                }
            }
        }
        var found: [String: String] = [:]
        for link in descriptorLinks() where link.hasPrefix("socket:[") {
            let inode = link.dropFirst(8).dropLast()
            if let description = described[inode] { found[String(inode)] = description }
        }
        return found
    }

    /// The port of a `/proc/net/tcp` address field (`0100007F:1F90`).
    private static func endpointPort(_ field: Substring) -> Int? {
        guard let colon = field.lastIndex(of: ":") else { return nil }
        return Int(field[field.index(after: colon)...], radix: 16)
    }

    /// The link targets of `/proc/self/fd` entries (`socket:[123]`, `/dev/null`, ...), without the
    /// directory's own descriptor.
    private static func descriptorLinks() -> [String] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        var links: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let fd = Int32(name), fd != own else { continue }
            var buffer = [CChar](repeating: 0, count: 256)
            let count = readlink("/proc/self/fd/\(name)", &buffer, buffer.count - 1)
            links.append(count > 0 ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "")
        }
        return links
    }

    /// A small text file read whole (for `/proc` files, whose size `stat` does not report).
    static func readFile(_ path: String) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { Glibc.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
