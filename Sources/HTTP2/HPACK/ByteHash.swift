/// A fast 64-bit hash of byte strings, eight bytes per step: the key of the HPACK encoder's index
/// of its dynamic table. Not cryptographic and not seeded; a collision only costs a missed match,
/// because every hit is verified against the entry's bytes.
enum ByteHash {
    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The hash of `bytes`, continuing from `seed`.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0x243F_6A88_85A3_08D3) -> UInt64 {
        var state = seed ^ UInt64(bytes.count)
        var index = 0
        let count = bytes.count
        if let base = bytes.baseAddress {
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                state = (state ^ word) &* multiplier
                state ^= state >> 29
                index += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                tail |= UInt64(base[index]) << shift
                shift += 8
                index += 1
            }
            state = (state ^ tail) &* multiplier
        }
        return state ^ (state >> 32)
    }
}

/// True when `a` and `b` hold the same bytes (compared eight at a time).
@inline(__always)
func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = a.count
    guard count == b.count else { return false }
    guard count > 0, let left = a.baseAddress, let right = b.baseAddress else { return true }
    var index = 0
    while index + 8 <= count {
        if UnsafeRawPointer(left + index).loadUnaligned(as: UInt64.self)
            != UnsafeRawPointer(right + index).loadUnaligned(as: UInt64.self)
        {
            return false
        }
        index += 8
    }
    while index < count {
        if left[index] != right[index] { return false }
        index += 1
    }
    return true
}
