/// The HTTP/2 rules for response field sections (RFC 9113 §8.1-§8.3): what makes a response
/// malformed, checked on a decoded ``HeaderList``.
///
/// Every violation is a stream error of type PROTOCOL_ERROR (§8.1.1). Checked: field names are
/// non-empty, lowercase and free of the characters §8.2.1 forbids (a colon only to start a
/// pseudo-header); values carry no NUL, CR or LF and no leading or trailing space or tab; the only
/// pseudo-header is `:status`, exactly once, three digits in 100...599 (not 101, §8.6), before every
/// regular field; no connection-specific field (`connection`, `keep-alive`, `proxy-connection`,
/// `transfer-encoding`, `upgrade`; `te` other than `trailers`); at most one `content-length`, all
/// digits. Trailers carry no pseudo-header at all.
public enum ResponseHeaderValidator {
    /// A valid response head.
    public struct Head: Hashable, Sendable {
        /// The `:status` value.
        public let status: Int
        /// The `content-length` value, if present.
        public let contentLength: Int?
    }

    /// Validates a response header section (interim or final).
    public static func validateHead(_ fields: HeaderList, streamID: UInt32) throws(HTTP2Error) -> Head {
        var status: Int?
        var contentLength: Int?
        var regularSeen = false
        for field in fields {
            if field.name.first == UInt8(ascii: ":") {
                guard !regularSeen else { throw malformed(streamID, "a pseudo-header follows a regular field") }
                guard field.name.elementsEqual(":status".utf8) else {
                    throw malformed(streamID, "pseudo-header \(field.nameString) in a response")
                }
                guard status == nil else { throw malformed(streamID, ":status appears twice") }
                status = try parseStatus(field.value, streamID)
                try checkValue(field, streamID)
                continue
            }
            regularSeen = true
            try checkRegular(field, streamID)
            if field.name.elementsEqual("content-length".utf8) {
                guard contentLength == nil else { throw malformed(streamID, "content-length appears twice") }
                contentLength = try parseLength(field.value, streamID)
            }
        }
        guard let status else { throw malformed(streamID, "no :status") }
        return Head(status: status, contentLength: contentLength)
    }

    /// Validates a trailer section: regular fields only.
    public static func validateTrailers(_ fields: HeaderList, streamID: UInt32) throws(HTTP2Error) {
        for field in fields {
            if field.name.first == UInt8(ascii: ":") {
                throw malformed(streamID, "pseudo-header \(field.nameString) in trailers")
            }
            try checkRegular(field, streamID)
        }
    }

    static func malformed(_ streamID: UInt32, _ message: String) -> HTTP2Error {
        .stream(streamID, .protocolError, "malformed response: " + message)
    }

    private static func checkRegular(_ field: HeaderField, _ streamID: UInt32) throws(HTTP2Error) {
        let name = field.name
        guard !name.isEmpty else { throw malformed(streamID, "an empty field name") }
        for byte in name where byte <= 0x20 || (byte >= 0x41 && byte <= 0x5A) || byte >= 0x7F || byte == UInt8(ascii: ":") {
            throw malformed(streamID, "field name \(field.nameString) has a forbidden character (0x\(String(byte, radix: 16)))")
        }
        try checkValue(field, streamID)
        if isConnectionSpecific(name) { throw malformed(streamID, "connection-specific field \(field.nameString)") }
        if name.elementsEqual("te".utf8) && !field.value.elementsEqual("trailers".utf8) {
            throw malformed(streamID, "te other than trailers")
        }
    }

    private static func checkValue(_ field: HeaderField, _ streamID: UInt32) throws(HTTP2Error) {
        let value = field.value
        for byte in value where byte == 0 || byte == 0x0A || byte == 0x0D {
            throw malformed(streamID, "field \(field.nameString) has NUL, CR or LF in its value")
        }
        if let first = value.first, first == 0x20 || first == 0x09 {
            throw malformed(streamID, "field \(field.nameString) has leading whitespace")
        }
        if let last = value.last, last == 0x20 || last == 0x09 {
            throw malformed(streamID, "field \(field.nameString) has trailing whitespace")
        }
    }

    private static let connectionSpecific: [[UInt8]] = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]
        .map { Array($0.utf8) }

    private static func isConnectionSpecific(_ name: ArraySlice<UInt8>) -> Bool {
        connectionSpecific.contains { $0.count == name.count && $0.elementsEqual(name) }
    }

    private static func parseStatus(_ value: ArraySlice<UInt8>, _ streamID: UInt32) throws(HTTP2Error) -> Int {
        guard value.count == 3, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw malformed(streamID, ":status \(String(decoding: value, as: UTF8.self)) is not three digits")
        }
        let status = value.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard (100...599).contains(status), status != 101 else {
            throw malformed(streamID, ":status \(status) is not allowed")
        }
        return status
    }

    private static func parseLength(_ value: ArraySlice<UInt8>, _ streamID: UInt32) throws(HTTP2Error) -> Int {
        guard !value.isEmpty, value.count <= 18, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw malformed(streamID, "content-length \(String(decoding: value, as: UTF8.self)) is not a number")
        }
        return value.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
