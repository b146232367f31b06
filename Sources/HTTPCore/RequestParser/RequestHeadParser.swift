
/// Parses a request head line by line (``HTTPRequestParser`` takes the CRLF lines), strictly.
///
/// Rules (docs/reliability.md, "The strict profile", from the server's side; the table in docs/server.md):
/// - request line `method SP request-target SP HTTP/1.d`: method a token, target visible ASCII
///   without `#` in origin-form, absolute-form, or `*` for `OPTIONS`; exactly one SP each; another
///   HTTP major version gets 505; `CONNECT` gets 501;
/// - field lines parsed by ``FieldLineParser``, as the response parser does (token name directly followed
///   by `:`, value HTAB/SP/VCHAR/obs-text, OWS trimmed); obs-fold and a whitespace-led first line are 400;
///   bare CR or LF anywhere is 400;
/// - HTTP/1.1 needs exactly one `Host`, which must look like `host[:port]`;
/// - framing: `Transfer-Encoding` on HTTP/1.0, or with `Content-Length`, is 400; a coding other than
///   exactly `chunked` is 501; a malformed or repeated `Content-Length` is 400;
/// - `Expect` other than `100-continue` is 417; more than `maxFields` fields is 431.
struct RequestHeadParser {
    let maxFields: Int

    private var method = ""
    private var target = ""
    private var path = ""
    private var query: String?
    private var version = HTTPVersion.http1_1
    private var headers = Headers()
    private var sawRequestLine = false

    init(maxFields: Int) {
        self.maxFields = maxFields
    }

    /// Whether the request line has been seen (blank lines before it are ignored, RFC 9112 §2.2).
    var hasRequestLine: Bool { sawRequestLine }

    /// Takes one line (without CRLF). Returns the head when `line` is the empty line that ends it.
    mutating func feed(_ line: UnsafeBufferPointer<UInt8>) throws(RequestParseError) -> RequestHead? {
        if !sawRequestLine {
            if line.isEmpty { return nil }
            try parseRequestLine(line)
            sawRequestLine = true
            return nil
        }
        if line.isEmpty {
            let head = try finish()
            self = RequestHeadParser(maxFields: maxFields)
            return head
        }
        if headers.count >= maxFields {
            throw RequestParseError(431, "more than \(maxFields) header fields", limit: .fieldCount)
        }
        let parsed: FieldLineParser.Line
        do {
            parsed = try FieldLineParser.parse(line, section: "header")
        } catch {
            throw RequestParseError(error)
        }
        switch parsed {
        case .field(let field):
            headers.add(name: field.name, value: field.value)
        case .continuation:
            throw .badRequest(headers.isEmpty ? "whitespace before the first header field" : "obs-fold in a header field")
        }
        return nil
    }

    // MARK: - Request line

    private mutating func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>) throws(RequestParseError) {
        let count = line.count
        var firstSpace = 0
        while firstSpace < count, ByteClass.isTokenChar(line[firstSpace]) { firstSpace += 1 }
        guard firstSpace > 0, firstSpace < count, line[firstSpace] == ByteClass.sp else {
            throw .badRequest("request line does not start with a method token and one SP")
        }
        let targetStart = firstSpace + 1
        var targetEnd = targetStart
        while targetEnd < count, line[targetEnd] > 0x20, line[targetEnd] < 0x7F { targetEnd += 1 }
        guard targetEnd > targetStart, targetEnd < count, line[targetEnd] == ByteClass.sp else {
            throw .badRequest("request-target is empty or holds a control, non-ASCII or extra whitespace byte")
        }
        version = try parseVersion(UnsafeBufferPointer(rebasing: line[(targetEnd + 1)...]))
        method = HTTPMethod.string(UnsafeBufferPointer(rebasing: line[..<firstSpace]))
        if method == HTTPMethod.connect {
            throw RequestParseError(501, "CONNECT is not supported")
        }
        let targetBytes = UnsafeBufferPointer(rebasing: line[targetStart..<targetEnd])
        target = String(decoding: targetBytes, as: UTF8.self)
        try splitTarget(targetBytes)
    }

    private func parseVersion(_ bytes: UnsafeBufferPointer<UInt8>) throws(RequestParseError) -> HTTPVersion {
        guard bytes.count == 8, bytes[0] == 0x48, bytes[1] == 0x54, bytes[2] == 0x54, bytes[3] == 0x50,
            bytes[4] == 0x2F, ByteClass.isDigit(bytes[5]), bytes[6] == 0x2E, ByteClass.isDigit(bytes[7])
        else {
            throw .badRequest("HTTP version is not HTTP/d.d after exactly one SP")
        }
        guard bytes[5] == 0x31 else {
            throw RequestParseError(505, "HTTP major version \(bytes[5] &- 0x30) is not supported")
        }
        return HTTPVersion(major: 1, minor: Int(bytes[7] &- 0x30))
    }

    /// Splits origin-form, absolute-form or asterisk-form into path and query.
    private mutating func splitTarget(_ bytes: UnsafeBufferPointer<UInt8>) throws(RequestParseError) {
        if bytes.contains(0x23) { throw .badRequest("request-target holds a fragment (#)") }
        var pathStart = 0
        if bytes[0] == 0x2F {  // "/": origin-form
            pathStart = 0
        } else if bytes.count == 1, bytes[0] == 0x2A {  // "*"
            guard method == "OPTIONS" else { throw .badRequest("asterisk-form target with a method other than OPTIONS") }
            path = "*"
            return
        } else if let authorityStart = Self.schemeLength(bytes) {
            var end = authorityStart
            while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F { end += 1 }
            guard end > authorityStart else { throw .badRequest("absolute-form target without authority") }
            pathStart = end
        } else {
            throw .badRequest("request-target is not origin-form, absolute-form or *")
        }
        var queryMark = pathStart
        while queryMark < bytes.count, bytes[queryMark] != 0x3F { queryMark += 1 }
        path =
            queryMark == pathStart ? "/" : String(decoding: UnsafeBufferPointer(rebasing: bytes[pathStart..<queryMark]), as: UTF8.self)
        if queryMark < bytes.count {
            query = String(decoding: UnsafeBufferPointer(rebasing: bytes[(queryMark + 1)...]), as: UTF8.self)
        }
    }

    /// The length of a leading `http://` or `https://` (case-insensitive), or nil.
    private static func schemeLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        for scheme in ["http://", "https://"] where bytes.count >= scheme.utf8.count {
            if asciiCaseInsensitiveEquals(UnsafeBufferPointer(rebasing: bytes[..<scheme.utf8.count]), scheme) {
                return scheme.utf8.count
            }
        }
        return nil
    }

    // MARK: - Checks at the end of the head

    private func finish() throws(RequestParseError) -> RequestHead {
        var hostCount = 0
        var contentLengths: [String] = []
        var hasTransferEncoding = false
        var closes = version < .http1_1
        var expectsContinue = false
        for field in headers.fields {
            switch field.name.utf8.count {
            case 4 where asciiCaseInsensitiveEquals(field.name, "host"):
                hostCount += 1
                guard field.value.utf8.allSatisfy(ByteClass.isHostChar) else {
                    throw .badRequest("Host is not a valid host[:port]")
                }
            case 6 where asciiCaseInsensitiveEquals(field.name, "expect"):
                guard asciiCaseInsensitiveEquals(field.value, "100-continue") else {
                    throw RequestParseError(417, "unsupported expectation")
                }
                expectsContinue = version >= .http1_1
            case 10 where asciiCaseInsensitiveEquals(field.name, "connection"):
                forEachListElement(field.value) { token in
                    if asciiCaseInsensitiveEquals(token, "close") { closes = true }
                }
            case 14 where asciiCaseInsensitiveEquals(field.name, "content-length"):
                contentLengths.append(field.value)
            case 17 where asciiCaseInsensitiveEquals(field.name, "transfer-encoding"):
                hasTransferEncoding = true
            default:
                break
            }
        }
        if version >= .http1_1 ? hostCount != 1 : hostCount > 1 {
            throw .badRequest(hostCount == 0 ? "HTTP/1.1 request without Host" : "more than one Host field")
        }
        return RequestHead(
            method: method, target: target, path: path, query: query, version: version, headers: headers,
            framing: try framing(contentLengths: contentLengths, hasTransferEncoding: hasTransferEncoding),
            persistent: !closes, expectsContinue: expectsContinue)
    }

    private func framing(contentLengths: [String], hasTransferEncoding: Bool) throws(RequestParseError) -> RequestBodyFraming {
        if hasTransferEncoding {
            if version < .http1_1 { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            if !contentLengths.isEmpty { throw .badRequest("both Transfer-Encoding and Content-Length") }
            do {
                try FramingRules.checkTransferEncoding(headers)
            } catch {
                throw RequestParseError(error)
            }
            return .chunked
        }
        guard let value = contentLengths.first else { return .none }
        if contentLengths.count > 1 { throw .badRequest("Content-Length appears more than once") }
        do {
            let length = try FramingRules.parseContentLength(value)
            return length == 0 ? .none : .contentLength(length)
        } catch {
            throw RequestParseError(error)
        }
    }
}
