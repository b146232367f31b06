extension SetCookie {
    /// The longest attribute value read (RFC 6265bis §5.6 step 6: longer ones are ignored).
    public static let attributeValueLimit = 1024
    /// The longest name and value together (RFC 6265bis §5.6 step 5: longer cookies are ignored).
    public static let nameValueLimit = 4096

    /// Parses a `Set-Cookie` header value with RFC 6265 §5.2's algorithm, as browsers do.
    ///
    /// - The name-value pair runs to the first `;` and splits at its first `=`; spaces and tabs around
    ///   the name and the value are removed; quotes are kept as part of the value.
    /// - Each attribute runs to the next `;` and splits at its first `=`. Names are matched without regard
    ///   to case; unknown attributes, and values longer than 1024 bytes, are ignored. For each attribute
    ///   the last valid occurrence counts:
    ///   - `Expires` is read with the cookie-date algorithm (``CookieDate``); a date that does not parse is
    ///     ignored.
    ///   - `Max-Age` must be digits with an optional leading `-`; otherwise it is ignored.
    ///   - `Domain` loses one leading `.` and is lowercased; an empty `Domain` is ignored (the RFC's
    ///     "SHOULD ignore").
    ///   - `Path` that is empty or does not start with `/` means the default path (``path`` is `nil`).
    ///   - `Secure` and `HttpOnly` take no value (one given is ignored); `SameSite` is `Strict`, `Lax` or
    ///     `None` in any case, anything else is no `SameSite`.
    ///
    /// - Parameter header: The header value (as ``Headers`` holds it: one `Set-Cookie` field's value).
    /// - Throws: ``CookieRejection/missingEquals``, ``CookieRejection/emptyName``,
    ///   ``CookieRejection/controlCharacter`` or ``CookieRejection/tooLarge`` when the RFC says to ignore
    ///   the whole header.
    ///
    /// Twisted: none (`cookielib.parse_ns_headers`, which is more lenient: it accepts `Set-Cookie: foo`).
    public init(parsing header: String) throws(CookieRejection) {
        var header = header
        self = try header.withUTF8 { Parser(bytes: $0).parse() }.get()
    }
}

/// §5.2 over the header's UTF-8 bytes, by offset: the delimiters are ASCII, so every piece cut at them is
/// whole characters of the original string.
private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>

    func parse() -> Result<SetCookie, CookieRejection> {
        let end = bytes.count
        let pairEnd = find(Byte.semicolon, from: 0, to: end)
        let equals = find(Byte.equals, from: 0, to: pairEnd)
        guard equals < pairEnd else { return .failure(.missingEquals) }
        let name = trimmed(0, equals)
        let value = trimmed(equals + 1, pairEnd)
        guard !name.isEmpty else { return .failure(.emptyName) }
        guard name.count + value.count <= SetCookie.nameValueLimit else { return .failure(.tooLarge) }
        guard !hasControlCharacter(name), !hasControlCharacter(value) else { return .failure(.controlCharacter) }
        var cookie = SetCookie(name: string(name), value: string(value))

        var index = pairEnd
        while index < end {
            index += 1  // the ';'
            let avEnd = find(Byte.semicolon, from: index, to: end)
            let avEquals = find(Byte.equals, from: index, to: avEnd)
            let attribute = trimmed(index, avEquals)
            let attributeValue = avEquals < avEnd ? trimmed(avEquals + 1, avEnd) : avEnd..<avEnd
            if attributeValue.count <= SetCookie.attributeValueLimit {
                apply(attribute: attribute, value: attributeValue, to: &cookie)
            }
            index = avEnd
        }
        return .success(cookie)
    }

    /// §5.2.1–§5.2.6 and 6265bis §5.6.7 for one attribute.
    private func apply(attribute: Range<Int>, value: Range<Int>, to cookie: inout SetCookie) {
        switch attribute.count {
        case 4 where equals(attribute, "path"):
            cookie.path = !value.isEmpty && bytes[value.lowerBound] == UInt8(ascii: "/") ? string(value) : nil
        case 6 where equals(attribute, "secure"):
            cookie.isSecure = true
        case 6 where equals(attribute, "domain"):
            guard !value.isEmpty else { return }
            let withoutDot = bytes[value.lowerBound] == UInt8(ascii: ".") ? value.dropFirst() : value
            cookie.domain = lowercasedString(withoutDot)
        case 7 where equals(attribute, "expires"):
            if let date = CookieDate.parse(UnsafeBufferPointer(rebasing: bytes[value])) { cookie.expires = date }
        case 7 where equals(attribute, "max-age"):
            if let seconds = deltaSeconds(value) { cookie.maxAge = seconds }
        case 8 where equals(attribute, "httponly"):
            cookie.isHTTPOnly = true
        case 8 where equals(attribute, "samesite"):
            cookie.sameSite =
                if equals(value, "strict") { .strict } else if equals(value, "lax") { .lax } else if equals(value, "none") {
                    SameSite.none
                } else { nil }
        default:
            break
        }
    }

    /// `Max-Age`'s value: `-`? DIGIT+ (§5.2.2, with 6265bis's "a `-` followed by a DIGIT"), clamped to
    /// ±``SetCookie/maxAgeLimit``.
    private func deltaSeconds(_ range: Range<Int>) -> Int64? {
        var digits = range
        let negative = !digits.isEmpty && bytes[digits.lowerBound] == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for index in digits {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = min(value * 10 + Int64(byte - 0x30), SetCookie.maxAgeLimit)
        }
        return negative ? -value : value
    }

    private enum Byte {
        static let semicolon = UInt8(ascii: ";")
        static let equals = UInt8(ascii: "=")
    }

    /// The offset of the first `byte` in `from..<to`, or `to`.
    private func find(_ byte: UInt8, from: Int, to: Int) -> Int {
        var index = from
        while index < to, bytes[index] != byte { index += 1 }
        return index
    }

    /// `from..<to` without leading and trailing spaces and tabs (WSP).
    private func trimmed(_ from: Int, _ to: Int) -> Range<Int> {
        var start = from
        var end = to
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return start..<end
    }

    private func hasControlCharacter(_ range: Range<Int>) -> Bool {
        range.contains { bytes[$0] < 0x20 && bytes[$0] != 0x09 || bytes[$0] == 0x7F }
    }

    /// Whether the bytes in `range` equal `lowercase` (lowercase ASCII), ignoring ASCII case.
    private func equals(_ range: Range<Int>, _ lowercase: StaticString) -> Bool {
        guard range.count == lowercase.utf8CodeUnitCount else { return false }
        let literal = lowercase.utf8Start
        for (offset, index) in range.enumerated() {
            let byte = bytes[index]
            guard (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == literal[offset] else { return false }
        }
        return true
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private func lowercasedString(_ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count) { buffer in
            for (offset, index) in range.enumerated() {
                let byte = bytes[index]
                buffer[offset] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            }
            return range.count
        }
    }
}

extension SetCookie {
    /// %x00-08 / %x0A-1F / %x7F: the control characters RFC 6265bis refuses in names and values.
    static func hasControlCharacter(_ text: some StringProtocol) -> Bool {
        text.utf8.contains { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }
    }

    /// ASCII case-insensitive equality with a lowercase ASCII `lowercase`.
    static func equalsIgnoringCase(_ text: Substring, _ lowercase: String) -> Bool {
        text.utf8.count == lowercase.utf8.count
            && zip(text.utf8, lowercase.utf8).allSatisfy { a, b in (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == b }
    }

    /// `text` with ASCII letters lowercased (other characters kept).
    static func asciiLowercased(_ text: Substring) -> String {
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return String(text) }
        var bytes = Array(text.utf8)
        for i in bytes.indices where bytes[i] >= 0x41 && bytes[i] <= 0x5A { bytes[i] |= 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
