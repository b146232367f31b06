/// The HPACK static table (RFC 7541 Appendix A): 61 entries, indices 1...61.
///
/// All names and values live in one buffer allocated once and never freed, read through raw
/// pointers: looking an entry up or copying it costs no reference counting. The encoder finds
/// entries by hashing, not by scanning: names go into a 128-slot open-addressing table keyed by a
/// cheap hash of the name's length and three of its bytes (verified against the bytes, so
/// collisions only cost a probe). Entries sharing a name are adjacent in the table (`:method`,
/// `:path`, `:scheme`, `:status`), so a full match scans only that short run.
///
/// `@unchecked Sendable`: the buffers are written once in `init` and only read afterwards.
struct StaticTable: @unchecked Sendable {
    static let count = 61
    static let shared = StaticTable()

    /// Every name and value, back to back.
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Entry `i` (1-based): name at `offsets[2i-2]..<offsets[2i-1]`, value up to `offsets[2i]`.
    private let offsets: UnsafeBufferPointer<Int>
    /// Open-addressing slots holding the lowest static index of each distinct name (0 = empty).
    private let slots: UnsafeBufferPointer<UInt8>

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
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        for (name, value) in table {
            bytes += name.utf8
            offsets.append(bytes.count)
            bytes += value.utf8
            offsets.append(bytes.count)
        }
        self.bytes = Self.immortal(bytes)
        self.offsets = Self.immortal(offsets)
        var slots = [UInt8](repeating: 0, count: 128)
        let allBytes = self.bytes
        func name(_ index: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: allBytes[offsets[2 * index - 2]..<offsets[2 * index - 1]])
        }
        for index in 1...Self.count {
            if index > 1 && bytesEqual(name(index - 1), name(index)) { continue }
            let name = name(index)
            var slot = Self.slot(for: name)
            while slots[slot] != 0 { slot = (slot + 1) & 127 }
            slots[slot] = UInt8(index)
        }
        self.slots = Self.immortal(slots)
    }

    private static func immortal<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
        _ = buffer.initialize(from: array)
        return UnsafeBufferPointer(buffer)
    }

    /// The name of entry `index` (1...61).
    @inline(__always)
    func name(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: self.bytes[self.offsets[2 * index - 2]..<self.offsets[2 * index - 1]])
    }

    /// The value of entry `index` (1...61).
    @inline(__always)
    func value(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: self.bytes[self.offsets[2 * index - 1]..<self.offsets[2 * index]])
    }

    /// Entry `index` (1...61) as arrays (for tests and diagnostics).
    func entry(_ index: Int) -> (name: [UInt8], value: [UInt8]) { (Array(self.name(index)), Array(self.value(index))) }

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
            if bytesEqual(self.name(index), name) { return index }
            slot = (slot + 1) & 127
        }
    }

    /// The static index of `name: value` if the table holds that exact pair, and the lowest index with
    /// that name (for a literal with an indexed name).
    @inline(__always)
    func lookup(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> (full: Int?, name: Int?) {
        guard let first = self.index(ofName: name) else { return (nil, nil) }
        var index = first
        while index <= Self.count && bytesEqual(self.name(index), name) {
            if bytesEqual(self.value(index), value) { return (index, first) }
            index += 1
        }
        return (nil, first)
    }
}
