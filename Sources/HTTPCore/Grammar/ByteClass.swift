/// Byte classification for the HTTP/1.1 grammar (RFC 9110 §5.6, RFC 9112), as branch-light
/// bitmap lookups so that head scanning stays cheap.
///
/// `package`: the server's request parser (WebServer) uses the same classes.
package enum ByteClass {
    /// CR.
    package static let cr: UInt8 = 0x0D
    /// LF.
    package static let lf: UInt8 = 0x0A
    /// SP.
    package static let sp: UInt8 = 0x20
    /// HTAB.
    package static let htab: UInt8 = 0x09
    /// `:`.
    package static let colon: UInt8 = 0x3A
    /// `,`.
    package static let comma: UInt8 = 0x2C
    /// `;`.
    package static let semicolon: UInt8 = 0x3B
    /// `=`.
    package static let equals: UInt8 = 0x3D
    /// `"`.
    package static let dquote: UInt8 = 0x22
    /// `\`.
    package static let backslash: UInt8 = 0x5C

    /// `tchar` bits for bytes 0..<64 and 64..<128.
    private static let tcharLow: UInt64 = 0x03ff_6cfa_0000_0000
    private static let tcharHigh: UInt64 = 0x57ff_ffff_c7ff_fffe
    /// RFC 3986 `host [":" port]` bytes: unreserved, sub-delims, ":", "[", "]", "%".
    private static let hostLow: UInt64 = 0x2fff_7ff2_0000_0000
    private static let hostHigh: UInt64 = 0x47ff_fffe_afff_fffe

    /// `tchar`: the bytes of a token (method, field name, transfer-coding, chunk-ext-name).
    @inline(__always)
    package static func isTokenChar(_ byte: UInt8) -> Bool {
        if byte < 64 { return (tcharLow >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (tcharHigh >> UInt64(byte &- 64)) & 1 == 1 }
        return false
    }

    /// Bytes allowed in a host name with an optional port (reg-name, IPv4, IP-literal).
    @inline(__always)
    package static func isHostChar(_ byte: UInt8) -> Bool {
        if byte < 64 { return (hostLow >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (hostHigh >> UInt64(byte &- 64)) & 1 == 1 }
        return false
    }

    /// Field-value and reason-phrase bytes: HTAB, SP, VCHAR, obs-text (0x80-0xFF).
    /// Everything else (NUL, CR, LF, other controls, DEL) is rejected by the strict profile.
    @inline(__always)
    package static func isFieldValueChar(_ byte: UInt8) -> Bool {
        byte == htab || (byte >= sp && byte != 0x7F)
    }

    /// SP or HTAB (`OWS`/`BWS` bytes).
    @inline(__always)
    package static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == sp || byte == htab
    }

    /// A DIGIT (0-9).
    @inline(__always)
    package static func isDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10
    }

    /// The value of a HEXDIG (either case), or nil.
    @inline(__always)
    package static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte &- 0x30
        case 0x41...0x46: byte &- 0x37
        case 0x61...0x66: byte &- 0x57
        default: nil
        }
    }

    /// `qdtext` of a quoted-string (RFC 9110 §5.6.4): HTAB, SP, VCHAR except `"` and `\`, obs-text.
    @inline(__always)
    package static func isQuotedTextChar(_ byte: UInt8) -> Bool {
        isFieldValueChar(byte) && byte != dquote && byte != backslash
    }

    /// ASCII lowercase of one byte; other bytes are unchanged.
    @inline(__always)
    package static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Describes a rejected byte for error messages ("bare CR", "NUL", "0x01").
    package static func describe(_ byte: UInt8) -> String {
        switch byte {
        case cr: "bare CR"
        case lf: "bare LF"
        case 0: "NUL"
        case 0x21...0x7E: "\"\(Character(Unicode.Scalar(byte)))\""
        default: "byte 0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }
    }
}

/// ASCII case-insensitive comparison of two byte strings (header names, tokens).
@inline(__always)
package func asciiCaseInsensitiveEquals(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for index in 0..<lhs.count where lhs[index] != rhs[index] {
        if ByteClass.lower(lhs[index]) != ByteClass.lower(rhs[index]) { return false }
    }
    return true
}

/// ASCII case-insensitive comparison of two strings: no allocation.
@inline(__always)
package func asciiCaseInsensitiveEquals(_ lhs: String, _ rhs: String) -> Bool {
    guard lhs.utf8.count == rhs.utf8.count else { return false }
    var lhs = lhs
    var rhs = rhs
    return lhs.withUTF8 { left in rhs.withUTF8 { right in asciiCaseInsensitiveEquals(left, right) } }
}

/// ASCII case-insensitive comparison of raw bytes with a string.
@inline(__always)
package func asciiCaseInsensitiveEquals(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: String) -> Bool {
    guard lhs.count == rhs.utf8.count else { return false }
    var rhs = rhs
    return rhs.withUTF8 { right in asciiCaseInsensitiveEquals(lhs, right) }
}

/// Calls `body` with each element of a comma-separated list (RFC 9110 §5.6.1) as raw bytes,
/// OWS-trimmed; empty elements are skipped.
package func forEachListElement(_ value: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    var value = value
    value.withUTF8 { bytes in
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != ByteClass.comma { end += 1 }
            let element = trimmingOWS(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            if !element.isEmpty { body(element) }
            start = end + 1
        }
    }
}

/// `bytes` without leading and trailing SP/HTAB.
@inline(__always)
package func trimmingOWS(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var start = 0
    var end = bytes.count
    while start < end, ByteClass.isWhitespace(bytes[start]) { start += 1 }
    while end > start, ByteClass.isWhitespace(bytes[end - 1]) { end -= 1 }
    return UnsafeBufferPointer(rebasing: bytes[start..<end])
}

/// The bytes up to the first `separator` (all of them if there is none).
@inline(__always)
package func prefix(_ bytes: UnsafeBufferPointer<UInt8>, upTo separator: UInt8) -> UnsafeBufferPointer<UInt8> {
    var end = 0
    while end < bytes.count, bytes[end] != separator { end += 1 }
    return UnsafeBufferPointer(rebasing: bytes[0..<end])
}
