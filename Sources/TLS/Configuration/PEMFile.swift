import Glibc

/// Reading and writing the small PEM files TLS configuration uses (certificates, keys, trust roots).
///
/// Blocking file I/O: call it when building options, not on a busy reactor thread.
enum PEMFile {
    /// The whole file at `path`.
    ///
    /// - Throws: ``TLSError/invalidConfiguration(_:)`` naming the path and the system's reason.
    static func read(_ path: String) throws(TLSError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .invalidConfiguration("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .invalidConfiguration("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            guard bytes.count <= 16 * 1024 * 1024 else { throw .invalidConfiguration("\(path) is too large for a PEM file") }
        }
    }

    /// Writes `bytes` to `path` (created or truncated) with the given permissions.
    ///
    /// - Throws: ``TLSError/invalidConfiguration(_:)`` naming the path and the system's reason.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(TLSError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .invalidConfiguration("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .invalidConfiguration("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }
}
