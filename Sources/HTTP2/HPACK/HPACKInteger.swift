/// The HPACK integer representation (RFC 7541 §5.1): an N-bit prefix, then 7-bit groups, least
/// significant first, each with a continuation bit.
enum HPACKInteger {
    /// The largest value the decoder accepts: every length, index and table size in HTTP/2 fits.
    static let maxValue = Int(Int32.max)

    /// Appends `value` with a `prefixBits`-bit prefix (1...8); `flags` holds the bits above the prefix
    /// in the first byte (e.g. `0x80` for an indexed field).
    static func encode(_ value: Int, prefixBits: Int, flags: UInt8, into output: inout [UInt8]) {
        let limit = (1 << prefixBits) - 1
        if value < limit {
            output.append(flags | UInt8(value))
            return
        }
        output.append(flags | UInt8(limit))
        var rest = value - limit
        while rest >= 128 {
            output.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        output.append(UInt8(rest))
    }

    /// Reads an integer with a `prefixBits`-bit prefix starting at `input[index]`, advancing `index`
    /// past it.
    ///
    /// - Throws: `.truncated` if the input ends inside it; `.integerOverflow` past ``maxValue`` or
    ///   after more continuation bytes than such a value needs.
    @inline(__always)
    static func decode(_ input: UnsafeBufferPointer<UInt8>, at index: inout Int, prefixBits: Int) throws(HPACKError)
        -> Int
    {
        let limit = (1 << prefixBits) - 1
        let first = Int(input[index]) & limit
        index += 1
        if first < limit { return first }
        var value = limit
        var shift = 0
        while true {
            guard index < input.count else { throw HPACKError(.truncated, "the block ends inside an integer") }
            let byte = Int(input[index])
            index += 1
            value += (byte & 0x7F) << shift
            if value > maxValue {
                throw HPACKError(.integerOverflow, "an integer exceeds \(maxValue)")
            }
            if byte & 0x80 == 0 { return value }
            shift += 7
            if shift > 28 {
                throw HPACKError(.integerOverflow, "an integer has more than five continuation bytes")
            }
        }
    }
}
