
/// Serializes a response head into one array: status line, framing fields, caller fields, `Date`.
///
/// Caller fields are checked while they are copied: a name that is not a token, or a value with a
/// CR, LF or NUL (or a character above U+00FF), makes
/// ``serialize(status:reason:headers:bodyLength:isHead:http10:closes:date:)`` return nil, and the server
/// answers 500 instead (no response splitting). Caller `Content-Length`, `Transfer-Encoding` and
/// `Connection` fields are not copied: the writer frames the body itself.
///
/// `package`: the server (WebServer) writes its responses with it; the stub and fault servers go
/// through the server.
package enum ResponseHeadWriter {
    /// A serialized head and the decisions the body writer must follow.
    package struct Head {
        /// The head bytes, status line to the final CRLF.
        package var bytes: [UInt8]
        /// How the body must be framed (``FramedBodyWriter/Framing/none`` when no body byte may follow).
        package var framing: FramedBodyWriter.Framing
        /// Whether `Connection: close` was written: the connection closes after this response.
        package var closes: Bool
    }

    /// The head of a response with `status` (200...599), `reason` (nil: the standard phrase), caller
    /// `headers` and a body of `bodyLength` bytes (nil: unknown, streamed chunked on HTTP/1.1 and
    /// close-delimited on HTTP/1.0); `isHead` for a HEAD request (framing fields written, no body),
    /// `closes` when the connection closes after it; `date` is the whole `Date` line. Nil when a
    /// caller field or the reason is not writable.
    package static func serialize(
        status: Int, reason: String?, headers: Headers, bodyLength length: Int?, isHead: Bool, http10: Bool,
        closes: Bool, date: [UInt8]
    ) -> Head? {
        guard status >= 200, status <= 599 else { return nil }
        var closes = closes
        var out: [UInt8]
        if reason == nil, let line = HTTPStatus.commonStatusLines[status] {
            out = line
        } else {
            let reason = reason ?? HTTPStatus.reasonPhrase(status)
            guard reason.utf8.allSatisfy(ByteClass.isFieldValueChar) else { return nil }
            out = HTTPStatus.buildStatusLine(status, reason)
        }
        out.reserveCapacity(out.count + 128 + headers.count * 48)

        let bodyAllowed = status != 204 && status != 304
        var framing = FramedBodyWriter.Framing.none
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
        for field in headers.fields {
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
    /// The whole interim response `HTTP/1.1 100 Continue` (RFC 9110 §15.2.1).
    package static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
