import WebClient

/// Splits the bytes a ``FaultServer`` connection receives into requests: just enough HTTP/1.1 to find
/// where each head and its `Content-Length` body end. The fault server is not a place for strictness;
/// the real server (`WebServer`) is.
struct RequestFramer {
    /// One request head, as far as the fault server cares.
    struct Head {
        /// The method.
        var method: String
        /// The request target.
        var target: String
        /// The `Content-Length` value, 0 when absent.
        var bodyLength: Int
        /// Whether the head asked for chunked framing (not supported: the server answers `501`).
        var chunked: Bool
        /// Whether the client sent `Connection: close`.
        var wantsClose: Bool
    }

    private var buffer: [UInt8] = []
    private var scanned = 0

    /// Adds received bytes.
    mutating func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received and not consumed yet.
    var buffered: Int { buffer.count }

    /// Takes the next complete head off the buffer, or returns `nil` if none is complete yet.
    mutating func nextHead() -> Head? {
        guard let end = headEnd() else { return nil }
        let lines = buffer[..<end].split(separator: 0x0A).map { line -> String in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
        buffer.removeFirst(end + 4)
        scanned = 0
        let requestLine = (lines.first ?? "").split(separator: " ", omittingEmptySubsequences: false)
        var head = Head(
            method: requestLine.first.map(String.init) ?? "", target: requestLine.count > 1 ? String(requestLine[1]) : "/",
            bodyLength: 0, chunked: false, wantsClose: false)
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = Substring(line[line.index(after: colon)...]).trimmingSpaces().lowercased()
            switch name {
            case "content-length": head.bodyLength = Int(value) ?? 0
            case "transfer-encoding": head.chunked = value.contains("chunked")
            case "connection": head.wantsClose = value.contains("close")
            default: break
            }
        }
        return head
    }

    /// Drops up to `count` body bytes; returns how many were dropped.
    mutating func consumeBody(_ count: Int) -> Int {
        let taken = min(count, buffer.count)
        buffer.removeFirst(taken)
        return taken
    }

    /// The offset of the CRLFCRLF that ends the head, scanning only bytes not scanned before.
    private mutating func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        var index = max(scanned, 0)
        while index + 3 < buffer.count {
            if buffer[index] == 0x0D, buffer[index + 1] == 0x0A, buffer[index + 2] == 0x0D, buffer[index + 3] == 0x0A {
                return index
            }
            index += 1
        }
        scanned = max(buffer.count - 3, 0)
        return nil
    }
}
