/// Parses a chunk-size line (without its CRLF), RFC 9112 §7.1 and §7.1.1:
/// `1*HEXDIG *( BWS ";" BWS ext-name [ BWS "=" BWS ( token / quoted-string ) ] )`.
///
/// The size is read by hand (at most 16 hex digits, below 2^63): no sign, no `0x`, no `_`,
/// no trailing whitespace without an extension. Extensions are checked and then ignored.
///
/// `package`: the server's chunked request-body decoder (WebServer) applies the same rules.
package enum ChunkSizeLine {
    /// The chunk size of a complete size line (without CRLF), or a `.parse` error.
    package static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Int {
        let count = line.count
        var index = 0
        var size: UInt64 = 0
        while index < count, let digit = ByteClass.hexValue(line[index]) {
            if index == 16 { throw .parse("chunk size has more than 16 hex digits") }
            size = size << 4 | UInt64(digit)
            index += 1
        }
        if index == 0 {
            if count == 0 { throw .parse("empty chunk-size line") }
            throw .parse("chunk size is not hexadecimal (found \(ByteClass.describe(line[0])))")
        }
        if size >= 1 << 63 { throw .parse("chunk size is 2^63 or more") }
        try checkExtensions(line, from: index)
        return Int(size)
    }

    private static func checkExtensions(_ line: UnsafeBufferPointer<UInt8>, from start: Int) throws(HTTPParseError) {
        let count = line.count
        var index = start
        func skipWhitespace() -> Bool {
            let before = index
            while index < count, ByteClass.isWhitespace(line[index]) { index += 1 }
            return index != before
        }
        func expectToken(_ what: StaticString) throws(HTTPParseError) {
            let before = index
            while index < count, ByteClass.isTokenChar(line[index]) { index += 1 }
            if index == before {
                if index < count {
                    throw .parse("\(ByteClass.describe(line[index])) where a chunk \(what) was expected")
                }
                throw .parse("chunk extension has no \(what)")
            }
        }
        while true {
            let sawWhitespace = skipWhitespace()
            if index == count {
                if sawWhitespace { throw .parse("whitespace after the chunk size or extension") }
                return
            }
            guard line[index] == ByteClass.semicolon else {
                throw .parse("\(ByteClass.describe(line[index])) after the chunk size (extensions start with \";\")")
            }
            index += 1
            _ = skipWhitespace()
            try expectToken("extension name")
            let beforeEquals = index
            _ = skipWhitespace()
            guard index < count, line[index] == ByteClass.equals else {
                index = beforeEquals
                continue
            }
            index += 1
            _ = skipWhitespace()
            if index < count, line[index] == ByteClass.dquote {
                try skipQuotedString(line, &index)
            } else {
                try expectToken("extension value")
            }
        }
    }

    private static func skipQuotedString(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws(HTTPParseError)
    {
        let count = line.count
        index += 1
        while index < count {
            let byte = line[index]
            if byte == ByteClass.dquote {
                index += 1
                return
            }
            if byte == ByteClass.backslash {
                index += 1
                guard index < count, ByteClass.isFieldValueChar(line[index]) else { break }
            } else if !ByteClass.isQuotedTextChar(byte) {
                throw .parse("\(ByteClass.describe(byte)) in a chunk extension quoted-string")
            }
            index += 1
        }
        throw .parse("unterminated quoted-string in a chunk extension")
    }
}
