import WebClient

/// How a response body is delimited on the wire.
enum ResponseFraming: Equatable {
    /// No body bytes follow the head (HEAD, 1xx, 204, 304, or an empty body).
    case none
    /// `Content-Length` bytes follow.
    case contentLength(Int)
    /// Chunked coding (HTTP/1.1 streams of unknown length).
    case chunked
    /// The body ends when the connection closes (HTTP/1.0 streams of unknown length).
    case closeDelimited
}

/// Serializes a response head into one array: status line, framing fields, `Date`, caller fields.
///
/// Caller fields are checked while they are copied: a name that is not a token, or a value with a
/// CR, LF or NUL (or a character above U+00FF), makes ``serialize(_:isHead:http10:closes:date:)``
/// return nil, and the channel answers 500 instead (no response splitting). Caller
/// `Content-Length`, `Transfer-Encoding` and `Connection` fields are not copied.
enum ResponseHeadWriter {
    struct Head {
        var bytes: [UInt8]
        var framing: ResponseFraming
        var closes: Bool
    }

    static func serialize(
        _ response: ServerResponse, isHead: Bool, http10: Bool, closes: Bool, date: [UInt8]
    ) -> Head? {
        let status = response.status
        guard status >= 200, status <= 599 else { return nil }
        var closes = closes
        var out: [UInt8]
        if response.reason == nil, let line = HTTPStatus.commonStatusLines[status] {
            out = line
        } else {
            let reason = response.reason ?? HTTPStatus.reasonPhrase(status)
            guard reason.utf8.allSatisfy(ByteClass.isFieldValueChar) else { return nil }
            out = HTTPStatus.buildStatusLine(status, reason)
        }
        out.reserveCapacity(out.count + 128 + response.headers.count * 48)

        let bodyAllowed = status != 204 && status != 304
        let length: Int?
        switch response.body {
        case .empty: length = 0
        case .bytes(let bytes): length = bytes.count
        case .stream(let producer): length = producer.length
        }
        var framing = ResponseFraming.none
        if bodyAllowed {
            if let length {
                out.append(contentsOf: contentLengthPrefix)
                out.append(contentsOf: String(length).utf8)
                out.append(contentsOf: crlf)
                framing = isHead || length == 0 ? .none : .contentLength(length)
            } else if isHead {
                framing = .none
            } else if http10 {
                framing = .closeDelimited
                closes = true
            } else {
                out.append(contentsOf: chunkedLine)
                framing = .chunked
            }
        }
        for field in response.headers.fields {
            switch field.name.utf8.count {
            case 10 where asciiCaseInsensitiveEquals(field.name, "connection"):
                forEachListElement(field.value) { token in
                    if asciiCaseInsensitiveEquals(token, "close") { closes = true }
                }
                continue
            case 14 where asciiCaseInsensitiveEquals(field.name, "content-length"),
                17 where asciiCaseInsensitiveEquals(field.name, "transfer-encoding"):
                continue
            default:
                break
            }
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(ByteClass.isTokenChar) else { return nil }
            out.append(contentsOf: field.name.utf8)
            out.append(0x3A)
            out.append(0x20)
            let valueStart = out.count
            guard Latin1.encode(field.value, into: &out) else { return nil }
            for index in valueStart..<out.count where !ByteClass.isFieldValueChar(out[index]) { return nil }
            out.append(contentsOf: crlf)
        }
        out.append(contentsOf: date)
        if closes { out.append(contentsOf: connectionClose) }
        out.append(contentsOf: crlf)
        return Head(bytes: out, framing: framing, closes: closes)
    }

    static let crlf: [UInt8] = [0x0D, 0x0A]
    static let contentLengthPrefix = Array("Content-Length: ".utf8)
    static let chunkedLine = Array("Transfer-Encoding: chunked\r\n".utf8)
    static let connectionClose = Array("Connection: close\r\n".utf8)
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
