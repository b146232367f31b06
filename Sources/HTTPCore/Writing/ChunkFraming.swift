/// Chunked transfer coding for request bodies of unknown length (RFC 9112 §7.1):
/// each chunk is `<hex length> CRLF <data> CRLF`, the body ends with `0 CRLF CRLF`.
/// The data itself is never copied by these helpers unless ``appendChunk(_:to:)`` is used,
/// so a writer can hand header, data and ``chunkEnd`` to `writev` separately.
public enum ChunkFraming {
    /// The bytes after each chunk's data.
    public static let chunkEnd: [UInt8] = [ByteClass.cr, ByteClass.lf]
    /// The last chunk plus the empty trailer section: `0\r\n\r\n`.
    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// The size line for a chunk of `length` bytes: lowercase hex, no leading zeros, CRLF.
    /// - Precondition: `length > 0` (an empty chunk would end the body; skip empty writes).
    public static func chunkHeader(length: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(18)
        appendChunkHeader(length: length, to: &out)
        return out
    }

    /// Appends the size line for a chunk of `length` bytes to `out`.
    /// - Precondition: `length > 0`.
    public static func appendChunkHeader(length: Int, to out: inout [UInt8]) {
        precondition(length > 0, "a zero-length chunk would end the chunked body")
        let digits = (Int.bitWidth - length.leadingZeroBitCount + 3) / 4
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            let nibble = UInt8(truncatingIfNeeded: (length >> shift) & 0xF)
            out.append(nibble < 10 ? nibble + 0x30 : nibble + 0x57)
        }
        out.append(ByteClass.cr)
        out.append(ByteClass.lf)
    }

    /// Appends one whole chunk (size line, `data`, CRLF) to `out`; appends nothing for empty
    /// data, so it can never emit the last chunk by accident.
    public static func appendChunk(_ data: some Collection<UInt8>, to out: inout [UInt8]) {
        if data.isEmpty { return }
        appendChunkHeader(length: data.count, to: &out)
        out.append(contentsOf: data)
        out.append(contentsOf: self.chunkEnd)
    }
}
