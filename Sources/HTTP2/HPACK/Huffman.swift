/// Huffman coding of HPACK string literals (RFC 7541 §5.2).
///
/// Encoding packs codes into a 64-bit accumulator and writes whole bytes. Decoding is table-driven,
/// four bits at a time, with no branch per bit: ``HuffmanDecodeTable`` maps (state, nibble) to the
/// next state, an optional emitted symbol and whether the bits read since the last symbol form valid
/// padding, in the way nghttp2 decodes.
enum Huffman {
    /// The encoded length in bytes of `input` (bits rounded up to whole bytes).
    static func encodedLength(_ input: UnsafeBufferPointer<UInt8>) -> Int {
        let lengths = HuffmanEncodeTable.shared.lengths
        var bits = 0
        for byte in input { bits &+= Int(lengths[Int(byte)]) }
        return (bits + 7) >> 3
    }

    /// Appends the Huffman encoding of `input` (exactly ``encodedLength(_:)`` bytes, padded with the
    /// most significant bits of EOS, i.e. 1 bits).
    static func encode(_ input: UnsafeBufferPointer<UInt8>, encodedLength: Int, into output: inout [UInt8]) {
        let table = HuffmanEncodeTable.shared
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: encodedLength))
        output.withUnsafeMutableBufferPointer { buffer in
            var position = start
            var accumulator: UInt64 = 0
            var bits = 0
            for byte in input {
                let symbol = Int(byte)
                let length = Int(table.lengths[symbol])
                accumulator = (accumulator << UInt64(length)) | UInt64(table.codes[symbol])
                bits += length
                while bits >= 8 {
                    bits -= 8
                    buffer[position] = UInt8(truncatingIfNeeded: accumulator >> UInt64(bits))
                    position += 1
                }
            }
            if bits > 0 {
                let padded = (accumulator << UInt64(8 - bits)) | ((1 << UInt64(8 - bits)) - 1)
                buffer[position] = UInt8(truncatingIfNeeded: padded)
            }
        }
    }

    /// Appends the decoding of the Huffman string `input` to `output`.
    ///
    /// - Throws: `.huffmanEOS` if the EOS code appears; `.huffmanPadding` if the string ends with
    ///   more than 7 padding bits or padding that is not all 1 bits.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) throws(HPACKError) {
        let start = output.count
        // The shortest code is 5 bits, so n bytes decode to at most 8n/5 symbols.
        output.append(contentsOf: repeatElement(0, count: (input.count * 8) / 5 + 1))
        // The new end of `output`, or -2 (EOS) or -1 (bad padding).
        let end = output.withUnsafeMutableBufferPointer { buffer in
            HuffmanDecodeTable.shared.entries.withUnsafeBufferPointer { table in
                var position = start
                var state = 0
                var accepting = true
                for byte in input {
                    let high = table[(state << 4) | Int(byte >> 4)]
                    let low = table[(Int(high & 0xFF) << 4) | Int(byte & 0x0F)]
                    if (high | low) & HuffmanDecodeTable.failed != 0 { return -2 }
                    buffer[position] = UInt8(truncatingIfNeeded: high >> 8)
                    position &+= Int((high >> 16) & 1)
                    buffer[position] = UInt8(truncatingIfNeeded: low >> 8)
                    position &+= Int((low >> 16) & 1)
                    state = Int(low & 0xFF)
                    accepting = low & HuffmanDecodeTable.accepting != 0
                }
                return accepting ? position : -1
            }
        }
        switch end {
        case -2:
            output.removeSubrange(start...)
            throw HPACKError(.huffmanEOS, "a Huffman string contains EOS")
        case -1:
            output.removeSubrange(start...)
            throw HPACKError(.huffmanPadding, "a Huffman string ends in invalid padding")
        default:
            output.removeSubrange(end...)
        }
    }
}

/// The encoder's view of ``HuffmanCode``: codes and lengths of symbols 0...255 (EOS is never
/// encoded), in buffers allocated once and never freed (read without reference counting).
///
/// `@unchecked Sendable`: written once in `init`, only read afterwards.
struct HuffmanEncodeTable: @unchecked Sendable {
    let codes: UnsafeBufferPointer<UInt32>
    let lengths: UnsafeBufferPointer<UInt8>

    static let shared = HuffmanEncodeTable()

    private init() {
        let codes = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: 256)
        _ = codes.initialize(from: HuffmanCode.codes.prefix(256))
        let lengths = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        _ = lengths.initialize(from: HuffmanCode.lengths.prefix(256))
        self.codes = UnsafeBufferPointer(codes)
        self.lengths = UnsafeBufferPointer(lengths)
    }
}

/// The decoding automaton: states are the 256 internal nodes of the code tree (0 is the root); each
/// entry, at `state << 4 | nibble`, packs the next state (bits 0-7), an emitted symbol (bits 8-15),
/// whether a symbol was emitted (bit 16), whether EOS was reached (``failed``) and whether the
/// bits read since the last symbol are a valid padding prefix, at most 7 bits all 1 (``accepting``).
struct HuffmanDecodeTable: Sendable {
    static let emitted: UInt32 = 1 << 16
    static let failed: UInt32 = 1 << 17
    static let accepting: UInt32 = 1 << 18

    let entries: [UInt32]

    static let shared = HuffmanDecodeTable()

    private init() {
        // The code tree: children[node] = (zero, one); a child >= 0 is an internal node, < 0 a leaf
        // holding symbol -(child + 1).
        var children: [(Int, Int)] = [(0, 0)]
        var depth = [0]
        var allOnes = [true]
        for symbol in 0...HuffmanCode.eos {
            let length = Int(HuffmanCode.lengths[symbol])
            let code = HuffmanCode.codes[symbol]
            var node = 0
            for bitIndex in stride(from: length - 1, through: 0, by: -1) {
                let bit = (code >> UInt32(bitIndex)) & 1
                let child = bit == 0 ? children[node].0 : children[node].1
                if bitIndex == 0 {
                    if bit == 0 { children[node].0 = -(symbol + 1) } else { children[node].1 = -(symbol + 1) }
                } else if child > 0 {
                    node = child
                } else {
                    children.append((0, 0))
                    depth.append(depth[node] + 1)
                    allOnes.append(allOnes[node] && bit == 1)
                    let new = children.count - 1
                    if bit == 0 { children[node].0 = new } else { children[node].1 = new }
                    node = new
                }
            }
        }
        precondition(children.count == 256, "the HPACK code tree has 256 internal nodes")
        var entries = [UInt32](repeating: 0, count: 256 * 16)
        for state in 0..<256 {
            for nibble in 0..<16 {
                var node = state
                var entry: UInt32 = 0
                for shift in stride(from: 3, through: 0, by: -1) {
                    let bit = (nibble >> shift) & 1
                    let child = bit == 0 ? children[node].0 : children[node].1
                    if child < 0 {
                        let symbol = -child - 1
                        if symbol == HuffmanCode.eos {
                            entry |= Self.failed
                            break
                        }
                        entry |= Self.emitted | UInt32(symbol) << 8
                        node = 0
                    } else {
                        node = child
                    }
                }
                if allOnes[node] && depth[node] <= 7 { entry |= Self.accepting }
                entries[state << 4 | nibble] = entry | UInt32(node)
            }
        }
        self.entries = entries
    }
}
