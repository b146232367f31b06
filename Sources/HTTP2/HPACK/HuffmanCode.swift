/// The HPACK Huffman code (RFC 7541 Appendix B).
///
/// The code is canonical: codes of the same length are consecutive and ordered by symbol, and each
/// length continues from the last code of the previous one. So the 257 code lengths below are the
/// whole table; the codes are derived from them once (``codes``) and checked against the RFC's
/// listing in the tests. Symbol 256 is EOS (thirty 1 bits), which never appears in a valid string.
enum HuffmanCode {
    /// The code length in bits of each symbol 0...256, in symbol order (RFC 7541 Appendix B).
    static let lengths: [UInt8] = [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,  // 0x00
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,  // 0x10
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,  // ' ' ... '/'
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,  // '0' ... '?'
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,  // '@' ... 'O'
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,  // 'P' ... '_'
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,  // '`' ... 'o'
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,  // 'p' ... 0x7f
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,  // 0x80
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,  // 0x90
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,  // 0xa0
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,  // 0xb0
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,  // 0xc0
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,  // 0xd0
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,  // 0xe0
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,  // 0xf0
        30,  // EOS
    ]

    /// The symbol number of EOS.
    static let eos = 256

    /// The code of each symbol 0...256, right-aligned in the low `lengths[symbol]` bits.
    static let codes: [UInt32] = {
        let order = (0...256).sorted { (lengths[$0], $0) < (lengths[$1], $1) }
        var codes = [UInt32](repeating: 0, count: 257)
        var code: UInt32 = 0
        var previousLength = lengths[order[0]]
        for (position, symbol) in order.enumerated() {
            if position > 0 {
                code = (code + 1) << UInt32(lengths[symbol] - previousLength)
            }
            previousLength = lengths[symbol]
            codes[symbol] = code
        }
        return codes
    }()
}
