/// The HPACK static table (RFC 7541 Appendix A): 61 entries, indices 1...61.
///
/// The encoder finds entries by hashing, not by scanning: names go into a 128-slot open-addressing
/// table keyed by a cheap hash of the name's length and three of its bytes (verified against the
/// bytes, so collisions only cost a probe). Entries sharing a name are adjacent in the table
/// (`:method`, `:path`, `:scheme`, `:status`), so a full match scans only that short run.
struct StaticTable: Sendable {
    /// Entry `i` (1-based) is at `entries[i - 1]`.
    let entries: [(name: [UInt8], value: [UInt8])]
    /// Open-addressing slots holding the lowest static index of each distinct name (0 = empty).
    private let slots: [UInt8]

    static let count = 61
    static let shared = StaticTable()

    private init() {
        let table: [(String, String)] = [
            (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"),
            (":path", "/index.html"), (":scheme", "http"), (":scheme", "https"), (":status", "200"),
            (":status", "204"), (":status", "206"), (":status", "304"), (":status", "400"),
            (":status", "404"), (":status", "500"), ("accept-charset", ""), ("accept-encoding", "gzip, deflate"),
            ("accept-language", ""), ("accept-ranges", ""), ("accept", ""), ("access-control-allow-origin", ""),
            ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
            ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
            ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""),
            ("date", ""), ("etag", ""), ("expect", ""), ("expires", ""),
            ("from", ""), ("host", ""), ("if-match", ""), ("if-modified-since", ""),
            ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""), ("last-modified", ""),
            ("link", ""), ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""),
            ("proxy-authorization", ""), ("range", ""), ("referer", ""), ("refresh", ""),
            ("retry-after", ""), ("server", ""), ("set-cookie", ""), ("strict-transport-security", ""),
            ("transfer-encoding", ""), ("user-agent", ""), ("vary", ""), ("via", ""),
            ("www-authenticate", ""),
        ]
        self.entries = table.map { (Array($0.0.utf8), Array($0.1.utf8)) }
        var slots = [UInt8](repeating: 0, count: 128)
        for (offset, entry) in self.entries.enumerated() {
            let index = offset + 1
            if offset > 0 && self.entries[offset - 1].name == entry.name { continue }
            var slot = entry.name.withUnsafeBufferPointer { Self.slot(for: $0) }
            while slots[slot] != 0 { slot = (slot + 1) & 127 }
            slots[slot] = UInt8(index)
        }
        self.slots = slots
    }

    @inline(__always)
    private static func slot(for name: UnsafeBufferPointer<UInt8>) -> Int {
        let count = name.count
        guard count > 0 else { return 0 }
        let mixed = count &* 31 &+ Int(name[0]) &* 7 &+ Int(name[count >> 1]) &* 131 &+ Int(name[count - 1]) &* 17
        return mixed & 127
    }

    /// The lowest static index whose name is `name`, or nil.
    @inline(__always)
    func index(ofName name: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.slot(for: name)
        while true {
            let index = Int(self.slots[slot])
            if index == 0 { return nil }
            if self.entries[index - 1].name.withUnsafeBufferPointer({ $0.elementsEqual(name) }) { return index }
            slot = (slot + 1) & 127
        }
    }

    /// The static index of `name: value` if the table holds that exact pair, and the lowest index with
    /// that name (for a literal with an indexed name).
    @inline(__always)
    func lookup(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> (full: Int?, name: Int?) {
        guard let first = self.index(ofName: name) else { return (nil, nil) }
        var index = first
        while index <= Self.count && self.entries[index - 1].name.withUnsafeBufferPointer({ $0.elementsEqual(name) }) {
            if self.entries[index - 1].value.withUnsafeBufferPointer({ $0.elementsEqual(value) }) { return (index, first) }
            index += 1
        }
        return (nil, first)
    }
}
