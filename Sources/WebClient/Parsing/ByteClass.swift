/// Byte classification for the HTTP/1.1 grammar (RFC 9110 §5.6, RFC 9112), as branch-light
/// bitmap lookups so that head scanning stays cheap.
enum ByteClass {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let dquote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C

    /// `tchar` bits for bytes 0..<64 and 64..<128.
    private static let tcharLow: UInt64 = 0x03ff_6cfa_0000_0000
    private static let tcharHigh: UInt64 = 0x57ff_ffff_c7ff_fffe
    /// RFC 3986 `host [":" port]` bytes: unreserved, sub-delims, ":", "[", "]", "%".
    private static let hostLow: UInt64 = 0x2fff_7ff2_0000_0000
    private static let hostHigh: UInt64 = 0x47ff_fffe_afff_fffe

    /// `tchar`: the bytes of a token (method, field name, transfer-coding, chunk-ext-name).
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool {
        if byte < 64 { return (tcharLow >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (tcharHigh >> UInt64(byte &- 64)) & 1 == 1 }
        return false
    }

    /// Bytes allowed in a host name with an optional port (reg-name, IPv4, IP-literal).
    @inline(__always)
    static func isHostChar(_ byte: UInt8) -> Bool {
        if byte < 64 { return (hostLow >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (hostHigh >> UInt64(byte &- 64)) & 1 == 1 }
        return false
    }

    /// Field-value and reason-phrase bytes: HTAB, SP, VCHAR, obs-text (0x80-0xFF).
    /// Everything else (NUL, CR, LF, other controls, DEL) is rejected by the strict profile.
    @inline(__always)
    static func isFieldValueChar(_ byte: UInt8) -> Bool {
        byte == htab || (byte >= sp && byte != 0x7F)
    }

    /// SP or HTAB (`OWS`/`BWS` bytes).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == sp || byte == htab
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10
    }

    /// The value of a HEXDIG (either case), or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte &- 0x30
        case 0x41...0x46: byte &- 0x37
        case 0x61...0x66: byte &- 0x57
        default: nil
        }
    }

    /// `qdtext` of a quoted-string (RFC 9110 §5.6.4): HTAB, SP, VCHAR except `"` and `\`, obs-text.
    @inline(__always)
    static func isQuotedTextChar(_ byte: UInt8) -> Bool {
        isFieldValueChar(byte) && byte != dquote && byte != backslash
    }

    /// ASCII lowercase of one byte; other bytes are unchanged.
    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Describes a rejected byte for error messages ("bare CR", "NUL", "0x01").
    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case cr: "bare CR"
        case lf: "bare LF"
        case 0: "NUL"
        case 0x21...0x7E: "\"\(Character(Unicode.Scalar(byte)))\""
        default: "byte 0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }
    }
}

/// ASCII case-insensitive comparison of two strings (header names, tokens): no allocation.
@inline(__always)
func asciiCaseInsensitiveEquals(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
    let a = lhs.utf8
    let b = rhs.utf8
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) where x != y {
        if ByteClass.lower(x) != ByteClass.lower(y) { return false }
    }
    return true
}
