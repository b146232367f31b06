/// Parses one status line (without its CRLF): `HTTP/1.d SP 3DIGIT [SP reason]`.
enum StatusLineParser {
    /// The bytes every response must start with; checked as they arrive (early failure).
    static let prefix: [UInt8] = Array("HTTP/1.".utf8)

    /// Checks `byte`, found at `offset` (< 7) of a status line, against `HTTP/1.`.
    @inline(__always)
    static func checkPrefix(_ byte: UInt8, at offset: Int) throws(HTTPParseError) {
        guard byte != self.prefix[offset] else { return }
        if offset == 0 && byte < 0x21 {
            let found = ByteClass.describe(byte)
            throw .parse("response does not start with \"HTTP/\" (binary data, TLS or garbage: first byte \(found))")
        }
        if offset < 5 { throw .parse("response does not start with \"HTTP/\"") }
        throw .parse("unsupported HTTP version (only HTTP/1.x)")
    }

    /// The version, status code and reason phrase of a complete status line.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (HTTPVersion, Int, String) {
        let count = line.count
        for offset in 0..<min(count, 7) { try checkPrefix(line[offset], at: offset) }
        guard count >= 8, ByteClass.isDigit(line[7]) else {
            throw .parse("HTTP version needs one digit after \"HTTP/1.\"")
        }
        let version = HTTPVersion(major: 1, minor: Int(line[7] &- 0x30))
        guard count >= 9 else { throw .parse("status line ends after the HTTP version") }
        guard line[8] == ByteClass.sp else {
            if ByteClass.isDigit(line[8]) { throw .parse("HTTP version needs one digit after \"HTTP/1.\"") }
            throw .parse("expected one SP after the HTTP version, found \(ByteClass.describe(line[8]))")
        }
        guard count >= 12, ByteClass.isDigit(line[9]), ByteClass.isDigit(line[10]), ByteClass.isDigit(line[11]),
            count == 12 || line[12] == ByteClass.sp
        else {
            throw .parse("status code is not three digits followed by SP or the end of the line")
        }
        let status = Int(line[9] &- 0x30) * 100 + Int(line[10] &- 0x30) * 10 + Int(line[11] &- 0x30)
        var reason = ""
        if count > 13 {
            let bytes = UnsafeBufferPointer(rebasing: line[13...])
            var isASCII = true
            for byte in bytes {
                guard ByteClass.isFieldValueChar(byte) else {
                    throw .parse("\(ByteClass.describe(byte)) in the reason phrase")
                }
                if byte >= 0x80 { isASCII = false }
            }
            reason = Latin1.decode(bytes, isASCII: isASCII)
        }
        guard (100...599).contains(status) else {
            throw HTTPParseError(
                .status, "status code \(line[9] &- 0x30)\(line[10] &- 0x30)\(line[11] &- 0x30) is outside 100...599")
        }
        return (version, status, reason)
    }
}

/// Parses one field line (without its CRLF) of a header or trailer section.
///
/// `package`: the server's request-head parser (WebServer) uses it too.
package enum FieldLineParser {
    /// A parsed line: a new field, or an obs-fold continuation (its trimmed text, may be empty).
    package enum Line {
        /// A `name: value` field line.
        case field(Headers.Field)
        /// A line starting with SP or HTAB (obs-fold), with its trimmed text.
        case continuation(String)
    }

    /// `section` ("header" or "trailer") only shapes error messages.
    package static func parse(_ line: UnsafeBufferPointer<UInt8>, section: StaticString) throws(HTTPParseError) -> Line {
        let count = line.count
        if ByteClass.isWhitespace(line[0]) {
            return .continuation(try value(line, from: 1, section: section))
        }
        var colon = 0
        while colon < count {
            let byte = line[colon]
            if byte == ByteClass.colon { break }
            guard ByteClass.isTokenChar(byte) else {
                if ByteClass.isWhitespace(byte) {
                    throw .parse("whitespace in or after a \(section) field name")
                }
                throw .parse("\(ByteClass.describe(byte)) in a \(section) field name")
            }
            colon += 1
        }
        if colon == count { throw .parse("\(section) field line has no colon") }
        if colon == 0 { throw .parse("empty \(section) field name") }
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
        return .field(Headers.Field(name: name, value: try value(line, from: colon + 1, section: section)))
    }

    /// The OWS-trimmed value from `start` to the end of the line; bytes must be
    /// HTAB/SP/VCHAR/obs-text.
    private static func value(
        _ line: UnsafeBufferPointer<UInt8>, from start: Int, section: StaticString
    ) throws(HTTPParseError) -> String {
        var start = start
        var end = line.count
        while start < end, ByteClass.isWhitespace(line[start]) { start += 1 }
        while end > start, ByteClass.isWhitespace(line[end - 1]) { end -= 1 }
        if start == end { return "" }
        let bytes = UnsafeBufferPointer(rebasing: line[start..<end])
        var isASCII = true
        for byte in bytes {
            guard ByteClass.isFieldValueChar(byte) else {
                throw .parse("\(ByteClass.describe(byte)) in a \(section) field value")
            }
            if byte >= 0x80 { isASCII = false }
        }
        return Latin1.decode(bytes, isASCII: isASCII)
    }
}
