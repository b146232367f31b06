/// The body-length decision of RFC 9112 §6.3 under the strict profile (docs/reliability.md, "The strict
/// profile"). Errors carry the field they are about as `Name: value` bytes.
///
/// `package`: the request parser frames request bodies with the same number and coding rules.
package enum FramingRules {
    /// Framing of a final (non-1xx) response. `noBody` covers HEAD requests, 204 and 304:
    /// their framing fields are not interpreted at all.
    static func framing(
        version: HTTPVersion, status: Int, headers: Headers, noBody: Bool, tunnel: Bool
    ) throws(HTTPParseError) -> BodyFraming {
        if noBody { return .none }
        if tunnel { return .switchingProtocols }

        var contentLength: Headers.Field?
        var contentLengthCount = 0
        var transferEncoding: Headers.Field?
        for field in headers.fields {
            let count = field.name.utf8.count
            if count == 14, asciiCaseInsensitiveEquals(field.name, "content-length") {
                contentLengthCount += 1
                contentLength = field
            } else if count == 17, asciiCaseInsensitiveEquals(field.name, "transfer-encoding") {
                transferEncoding = transferEncoding ?? field
            }
        }

        if let transferEncoding {
            if version < .http1_1 {
                throw HTTPParseError.framing("Transfer-Encoding in an HTTP/1.0 response")
                    .attaching(fieldLine(transferEncoding))
            }
            if let contentLength {
                throw HTTPParseError.framing("both Transfer-Encoding and Content-Length are present")
                    .attaching(fieldLine(contentLength))
            }
            try checkTransferEncoding(headers)
            return .chunked
        }
        if let contentLength {
            if contentLengthCount > 1 {
                throw HTTPParseError.framing("Content-Length appears more than once").attaching(fieldLine(contentLength))
            }
            return .contentLength(try parseContentLength(contentLength.value))
        }
        return .closeDelimited
    }

    /// `Name: value` as the bytes received, for an error.
    static func fieldLine(_ field: Headers.Field) -> [UInt8] {
        Array(field.name.utf8) + [ByteClass.colon, ByteClass.sp] + field.valueBytes
    }

    /// Content-Length is `1*DIGIT`, 1 to 18 digits, read by hand (no `Int(_:)`, which takes `+5`).
    /// An error carries the value.
    package static func parseContentLength(_ value: String) throws(HTTPParseError) -> Int {
        do {
            return try parseDigits(value)
        } catch {
            throw error.attaching(Latin1.encode(value) ?? Array(value.utf8))
        }
    }

    private static func parseDigits(_ value: String) throws(HTTPParseError) -> Int {
        let utf8 = value.utf8
        if utf8.isEmpty { throw .framing("Content-Length is empty") }
        if utf8.contains(ByteClass.comma) { throw .framing("Content-Length has a list of values") }
        var result = 0
        var digits = 0
        for byte in utf8 {
            guard ByteClass.isDigit(byte) else { throw .framing("Content-Length has a non-digit character") }
            digits += 1
            if digits > 18 { throw .framing("Content-Length has more than 18 digits") }
            result = result &* 10 &+ Int(byte &- 0x30)  // 18 digits cannot overflow Int64
        }
        return result
    }

    /// Accepts exactly one `chunked` coding over every Transfer-Encoding line (case-insensitive).
    /// A malformed list or `chunked` twice is a framing error; any other coding is unsupported. An error
    /// carries the Transfer-Encoding values.
    package static func checkTransferEncoding(_ headers: Headers) throws(HTTPParseError) {
        do {
            try checkCodings(headers)
        } catch {
            let values = headers.fields.filter { asciiCaseInsensitiveEquals($0.name, "transfer-encoding") }
            throw error.attaching(values.flatMap { fieldLine($0) + [ByteClass.cr, ByteClass.lf] })
        }
    }

    private static func checkCodings(_ headers: Headers) throws(HTTPParseError) {
        var chunkedCount = 0
        var other: String?
        var malformed = false
        for field in headers.fields where asciiCaseInsensitiveEquals(field.name, "transfer-encoding") {
            forEachListElement(field.value) { element in
                let name = trimmingOWS(prefix(element, upTo: ByteClass.semicolon))
                guard !name.isEmpty, name.allSatisfy(ByteClass.isTokenChar) else {
                    malformed = true
                    return
                }
                if name.count == element.count && asciiCaseInsensitiveEquals(name, "chunked") {
                    chunkedCount += 1
                } else if other == nil {
                    other = Latin1.decode(element)
                }
            }
        }
        if malformed { throw .framing("Transfer-Encoding is not a valid list of transfer codings") }
        if chunkedCount > 1 { throw .framing("chunked transfer coding applied more than once") }
        if let other {
            throw HTTPParseError(.unsupported, "Transfer-Encoding \"\(other)\" is not supported (only chunked)")
        }
        if chunkedCount == 0 { throw .framing("Transfer-Encoding is empty") }
    }
}
