/// The HPACK dynamic table (RFC 7541 §2.3.2, §4): a FIFO of entries, newest first, bounded by a
/// size in octets where each entry counts its name and value lengths plus 32.
///
/// Stored as a ring of entries, each one array holding the name then the value, so an insertion
/// costs one allocation and an eviction none. Index 0 here is the newest entry (HPACK index 62).
struct DynamicTable: Sendable {
    /// One entry: `bytes[..<nameLength]` is the name, the rest the value.
    struct Entry: Sendable {
        var bytes: [UInt8]
        var nameLength: Int

        var size: Int { self.bytes.count + DynamicTable.entryOverhead }
    }

    /// The per-entry overhead in the size accounting (RFC 7541 §4.1).
    static let entryOverhead = 32

    private var ring: [Entry] = []
    /// Physical index of the oldest entry.
    private var head = 0
    /// Number of entries.
    private(set) var count = 0
    /// The sum of the entries' sizes.
    private(set) var size = 0
    /// The maximum size; insertions evict the oldest entries to stay within it.
    private(set) var capacity: Int
    /// Entries ever inserted (the insertion number of the next entry).
    private(set) var insertions = 0

    init(capacity: Int) { self.capacity = capacity }

    /// The entry at `index` (0 = newest); `index < count`.
    @inline(__always)
    subscript(index: Int) -> Entry {
        var physical = self.head + self.count - 1 - index
        if physical >= self.ring.count { physical -= self.ring.count }
        return self.ring[physical]
    }

    /// Runs `body` on the name and value of the entry at `index` (0 = newest; `index < count`)
    /// without copying them.
    @inline(__always)
    func withEntry<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R) -> R {
        var physical = self.head + self.count - 1 - index
        if physical >= self.ring.count { physical -= self.ring.count }
        let nameLength = self.ring[physical].nameLength
        return self.ring[physical].bytes.withUnsafeBufferPointer { bytes in
            body(UnsafeBufferPointer(rebasing: bytes[..<nameLength]), UnsafeBufferPointer(rebasing: bytes[nameLength...]))
        }
    }

    /// Changes the maximum size, evicting the oldest entries that no longer fit (RFC 7541 §4.3).
    mutating func setCapacity(_ capacity: Int) {
        self.capacity = capacity
        while self.evictOne(toFit: 0, within: capacity) != nil {}
    }

    /// Inserts a new entry (RFC 7541 §4.4): evicts until it fits; an entry larger than the capacity
    /// empties the table and is not inserted.
    mutating func insert(_ entry: Entry) {
        let entrySize = entry.size
        if entrySize > self.capacity {
            while self.evictOne(toFit: self.capacity + 1, within: self.capacity) != nil {}
            self.insertions += 1
            return
        }
        while self.evictOne(toFit: entrySize, within: self.capacity) != nil {}
        if self.count == self.ring.count { self.grow() }
        var physical = self.head + self.count
        if physical >= self.ring.count { physical -= self.ring.count }
        self.ring[physical] = entry
        self.count += 1
        self.size += entrySize
        self.insertions += 1
    }

    /// Evicts the oldest entry if `extra` more octets do not fit in `capacity`; returns it with its
    /// insertion number (so the encoder can drop it from its index), or nil when nothing was evicted.
    mutating func evictOne(toFit extra: Int, within capacity: Int) -> (number: Int, entry: Entry)? {
        guard self.count > 0 && self.size + extra > capacity else { return nil }
        let oldest = self.ring[self.head]
        let number = self.insertions - self.count
        self.size -= oldest.size
        self.ring[self.head] = Entry(bytes: [], nameLength: 0)
        self.head += 1
        if self.head == self.ring.count { self.head = 0 }
        self.count -= 1
        return (number, oldest)
    }

    private mutating func grow() {
        var bigger: [Entry] = []
        bigger.reserveCapacity(max(8, self.ring.count * 2))
        for index in stride(from: self.count - 1, through: 0, by: -1) { bigger.append(self[index]) }
        bigger.append(contentsOf: repeatElement(Entry(bytes: [], nameLength: 0), count: max(8, self.ring.count * 2) - self.count))
        self.ring = bigger
        self.head = 0
    }
}
