import Deferred

extension Response {
    /// Reads the whole body: ``readBody(_:maxSize:)`` under treq's name.
    ///
    /// Fires with the bytes (a body without declared length that ended with a clean close counts as
    /// complete); fails with ``ResponseFailed`` or ``BodyTooLarge``. Call once per response.
    ///
    /// Twisted: `treq.content`.
    public func content(maxSize: Int? = nil) -> Deferred<[UInt8]> {
        readBody(self, maxSize: maxSize)
    }

    /// Reads the whole body as text: decoded with the `charset` of `Content-Type` when it is
    /// `iso-8859-1`/`latin1`/`us-ascii`, otherwise as UTF-8 (invalid bytes become U+FFFD).
    ///
    /// Twisted: `treq.text_content`.
    public func text(maxSize: Int? = nil) -> Deferred<String> {
        let latin1 = Self.isLatin1Charset(headers.first(name: "Content-Type"))
        return content(maxSize: maxSize).addCallback { (bytes: [UInt8]) -> String in
            latin1 ? String(bytes.lazy.map { Character(Unicode.Scalar($0)) }) : String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Reads the whole body and parses it as JSON (UTF-8), whatever the `Content-Type`.
    ///
    /// Fails with ``JSONParseError`` when the body is not JSON.
    ///
    /// Twisted: `treq.json_content`.
    public func json(maxSize: Int? = nil) -> Deferred<JSONValue> {
        content(maxSize: maxSize).addCallback { (bytes: [UInt8]) throws -> JSONValue in
            try JSONValue(parsing: bytes)
        }
    }

    static func isLatin1Charset(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingSpaces().lowercased() == "charset" else { continue }
            var value = parts[1].trimmingSpaces().lowercased()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return ["iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"].contains(value)
        }
        return false
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs (package-wide: the fault server uses it too).
    package func trimmingSpaces() -> Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return s
    }
}
