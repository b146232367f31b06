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
        let utf8 = header.utf8
        let end = utf8.endIndex
        let pairEnd = utf8.firstIndex(of: Byte.semicolon) ?? end
        guard let equals = utf8[..<pairEnd].firstIndex(of: Byte.equals) else { throw .missingEquals }
        let name = Self.trimmed(header, utf8.startIndex, equals)
        let value = Self.trimmed(header, utf8.index(after: equals), pairEnd)
        guard !name.isEmpty else { throw .emptyName }
        guard name.utf8.count + value.utf8.count <= Self.nameValueLimit else { throw .tooLarge }
        guard !Self.hasControlCharacter(name), !Self.hasControlCharacter(value) else { throw .controlCharacter }
        self.init(name: String(name), value: String(value))

        var index = pairEnd
        while index < end {
            index = utf8.index(after: index)  // the ';'
            let avEnd = utf8[index...].firstIndex(of: Byte.semicolon) ?? end
            let avEquals = utf8[index..<avEnd].firstIndex(of: Byte.equals)
            let attribute = Self.trimmed(header, index, avEquals ?? avEnd)
            let attributeValue = avEquals.map { Self.trimmed(header, utf8.index(after: $0), avEnd) } ?? ""
            if attributeValue.utf8.count <= Self.attributeValueLimit {
                apply(attribute: attribute, value: attributeValue)
            }
            index = avEnd
        }
    }

    /// §5.2.1–§5.2.6 and 6265bis §5.6.7 for one attribute.
    private mutating func apply(attribute: Substring, value: Substring) {
        switch Self.attributeKind(attribute) {
        case .expires:
            if let date = CookieDate.parse(value) { expires = date }
        case .maxAge:
            if let seconds = Self.deltaSeconds(value) { maxAge = seconds }
        case .domain:
            guard !value.isEmpty else { return }
            let withoutDot = value.first == "." ? value.dropFirst() : value
            domain = Self.asciiLowercased(withoutDot)
        case .path:
            path = value.first == "/" ? String(value) : nil
        case .secure:
            isSecure = true
        case .httpOnly:
            isHTTPOnly = true
        case .sameSite:
            sameSite = SameSite.allCases.first { Self.equalsIgnoringCase(value, $0.rawValue) }
        case nil:
            break
        }
    }

    private enum AttributeKind: CaseIterable {
        case expires, maxAge, domain, path, secure, httpOnly, sameSite

        var name: String {
            switch self {
            case .expires: "expires"
            case .maxAge: "max-age"
            case .domain: "domain"
            case .path: "path"
            case .secure: "secure"
            case .httpOnly: "httponly"
            case .sameSite: "samesite"
            }
        }
    }

    private static func attributeKind(_ name: Substring) -> AttributeKind? {
        AttributeKind.allCases.first { equalsIgnoringCase(name, $0.name) }
    }

    /// `Max-Age`'s value: `-`? DIGIT+ (§5.2.2, with 6265bis's "a `-` followed by a DIGIT"), clamped to
    /// ±``maxAgeLimit``.
    private static func deltaSeconds(_ text: Substring) -> Int64? {
        var digits = text.utf8[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = min(value * 10 + Int64(byte - 0x30), maxAgeLimit)
        }
        return negative ? -value : value
    }

    private enum Byte {
        static let semicolon = UInt8(ascii: ";")
        static let equals = UInt8(ascii: "=")
    }

    /// `text[from..<to]` without leading and trailing spaces and tabs (WSP).
    private static func trimmed(_ text: String, _ from: String.Index, _ to: String.Index) -> Substring {
        let utf8 = text.utf8
        var start = from
        var end = to
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
        while end > start {
            let last = utf8.index(before: end)
            guard utf8[last] == 0x20 || utf8[last] == 0x09 else { break }
            end = last
        }
        return text[start..<end]
    }

    /// %x00-08 / %x0A-1F / %x7F: the control characters RFC 6265bis refuses in names and values.
    static func hasControlCharacter(_ text: some StringProtocol) -> Bool {
        text.utf8.contains { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }
    }

    /// ASCII case-insensitive equality with a lowercase ASCII `lowercase`.
    static func equalsIgnoringCase(_ text: Substring, _ lowercase: String) -> Bool {
        text.utf8.count == lowercase.utf8.count
            && zip(text.utf8, lowercase.utf8).allSatisfy { a, b in
                (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == (b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            }
    }

    /// `text` with ASCII letters lowercased (other characters kept).
    static func asciiLowercased(_ text: Substring) -> String {
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return String(text) }
        var bytes = Array(text.utf8)
        for i in bytes.indices where bytes[i] >= 0x41 && bytes[i] <= 0x5A { bytes[i] |= 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
