/// The HPACK encoder's index of its dynamic table: from a 64-bit hash (of a name, or of a name and
/// value) to the insertion number of the newest entry with it.
///
/// A two-way set-associative table with no deletions: an insertion takes the slot of its pair
/// holding the older entry, and an evicted or overwritten entry simply stops being found (the
/// encoder checks every hit against the table's bytes and live range). So a lookup is one masked
/// load and compare, with no hashing beyond the key and no reference counting; the price of a
/// collision is a missed match, never a wrong one.
struct EncoderIndex: Sendable {
    /// `hash >> 32 << 32 | number + 1` per slot; 0 is empty.
    private var slots: [UInt64]
    private let mask: Int

    /// An index with `slotCount` slots (a power of two, at least 2).
    init(slotCount: Int = 512) {
        self.slots = [UInt64](repeating: 0, count: slotCount)
        self.mask = slotCount - 1
    }

    /// Insertion numbers stored under `hash` (up to two candidates, newest first), to be verified.
    @inline(__always)
    func candidates(_ hash: UInt64) -> (Int?, Int?) {
        let first = Int(truncatingIfNeeded: hash) & self.mask
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let a = self.slots[first]
        let b = self.slots[first ^ 1]
        let x = a != 0 && a & 0xFFFF_FFFF_0000_0000 == tag ? Int(a & 0xFFFF_FFFF) - 1 : nil
        let y = b != 0 && b & 0xFFFF_FFFF_0000_0000 == tag ? Int(b & 0xFFFF_FFFF) - 1 : nil
        switch (x, y) {
        case (let x?, let y?): return x > y ? (x, y) : (y, x)
        default: return (x ?? y, nil)
        }
    }

    /// Records that entry `number` has `hash`, replacing the older of the pair of slots.
    @inline(__always)
    mutating func insert(_ hash: UInt64, number: Int) {
        let first = Int(truncatingIfNeeded: hash) & self.mask
        let value = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(UInt32(truncatingIfNeeded: number + 1))
        let a = self.slots[first] & 0xFFFF_FFFF
        let b = self.slots[first ^ 1] & 0xFFFF_FFFF
        self.slots[a <= b ? first : first ^ 1] = value
    }
}
