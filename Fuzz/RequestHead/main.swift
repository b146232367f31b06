// libFuzzer target: the client's request-head validation and serialization (HTTPRequestHead.serialize),
// checked against the bytes it writes and against the server's request-head parser (scripts/fuzz.sh).
//
// Input: one flags byte, one length byte, then strings separated by 0xFF:
//   method, target, host, [upgrade if flag bit 3], then header name, value, name, value, ...
//   flags bits 0-1: body length none, known(length byte), unknown, known(length byte - 8: may be negative)
//   bit 2: persistent false; bit 3: an upgrade is offered; bit 4: strings are UTF-8 (else ISO-8859-1).
//
// Properties when serialize() accepts the head (no injection, one framing, writer and parser agree):
// - every CR is followed by LF and every LF preceded by CR; the head ends at its first empty line;
// - the request line is exactly `method SP target SP HTTP/1.1`;
// - Host comes first and only once; at most one of Content-Length / Transfer-Encoding, matching
//   bodyFraming; Connection carries `close` exactly when closesConnection; Upgrade only when offered;
// - each caller field that is not managed by the writer appears once, in order, with its value;
// - when every value is clean field-content (VCHAR/obs-text, inner SP/HTAB only), the target is
//   origin-form, and neither CONNECT nor Expect is involved (which the server refuses by policy),
//   the server's HTTPRequestParser accepts the head with the same method, target, fields, framing and
//   persistence.
// When it refuses, the error names a component, and nothing was produced.
@testable import HTTPCore

func decode(_ bytes: ArraySlice<UInt8>, utf8: Bool) -> String {
    utf8 ? String(decoding: bytes, as: UTF8.self) : Latin1.decode(bytes)
}

func makeHead(_ input: [UInt8]) -> HTTPRequestHead? {
    guard input.count >= 2 else { return nil }
    let flags = input[0]
    let length = Int(input[1])
    let utf8 = flags & 16 != 0
    var parts = input[2...].split(separator: 0xFF, omittingEmptySubsequences: false).map { decode($0, utf8: utf8) }
    guard parts.count >= 3 else { return nil }
    let bodyLength: RequestBodyLength =
        switch flags & 3 {
        case 0: .none
        case 1: .known(length)
        case 2: .unknown
        default: .known(length - 8)
        }
    var head = HTTPRequestHead(
        method: parts[0], target: parts[1], host: parts[2], bodyLength: bodyLength, persistent: flags & 4 == 0)
    parts.removeFirst(3)
    if flags & 8 != 0, !parts.isEmpty { head.upgrade = parts.removeFirst() }
    var index = 0
    while index + 1 < parts.count {
        head.headers.add(name: parts[index], value: parts[index + 1])
        index += 2
    }
    return head
}

/// The head's lines without their CRLF, checking that no bare CR or LF exists and that the first
/// empty line is the last line.
func lines(of bytes: [UInt8]) -> [[UInt8]] {
    var result: [[UInt8]] = []
    var start = 0
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        if byte == ByteClass.cr {
            require(index + 1 < bytes.count && bytes[index + 1] == ByteClass.lf, "bare CR at \(index)")
            result.append(Array(bytes[start..<index]))
            index += 2
            start = index
            continue
        }
        require(byte != ByteClass.lf, "bare LF at \(index)")
        index += 1
    }
    require(start == bytes.count, "the head does not end with CRLF")
    require(result.last == [], "the head does not end with an empty line")
    require(result.dropLast().allSatisfy { !$0.isEmpty }, "an empty line inside the head")
    return result
}

func isManaged(_ name: String) -> Bool {
    ["host", "upgrade", "connection", "content-length", "transfer-encoding"].contains(name.lowercased())
}

func check(_ head: HTTPRequestHead, _ serialized: SerializedRequestHead) {
    let all = lines(of: serialized.bytes)
    require(all[0] == Array("\(head.method) \(head.target) HTTP/1.1".utf8), "request line \(all[0])")
    var fields: [Headers.Field] = []
    for line in all.dropFirst().dropLast() {
        let colon = line.firstIndex(of: ByteClass.colon)!
        require(line[colon + 1] == ByteClass.sp, "no SP after the colon")
        let name = String(decoding: line[..<colon], as: UTF8.self)
        require(!name.isEmpty && name.utf8.allSatisfy(ByteClass.isTokenChar), "field name \(name) is not a token")
        fields.append(Headers.Field(name: name, value: Latin1.decode(line[(colon + 2)...])))
    }
    require(fields.first == Headers.Field(name: "Host", value: head.host), "Host is not the first field")
    func named(_ name: String) -> [Headers.Field] { fields.filter { $0.name.lowercased() == name } }
    require(named("host").count == 1, "\(named("host").count) Host fields")
    let lengths = named("content-length")
    let codings = named("transfer-encoding")
    switch serialized.bodyFraming {
    case .none: require(lengths.isEmpty && codings.isEmpty, "framing fields for a body-less request")
    case .contentLength(let length):
        require(length >= 0 && codings.isEmpty && lengths.map(\.value) == [String(length)], "Content-Length \(lengths)")
    case .chunked: require(lengths.isEmpty && codings.map(\.value) == ["chunked"], "Transfer-Encoding \(codings)")
    }
    let connection = named("connection")
    require(connection.count <= 1, "\(connection.count) Connection fields")
    let tokens = connection.first.map { $0.value.split(separator: ", ").map { $0.lowercased() } } ?? []
    require(tokens.contains("close") == serialized.closesConnection, "close token vs closesConnection")
    require(serialized.closesConnection || head.persistent, "a non-persistent request without close")
    require(tokens.contains("upgrade") == (head.upgrade != nil), "upgrade token without an upgrade")
    require(named("upgrade").map(\.value) == (head.upgrade.map { [$0] } ?? []), "Upgrade field")
    let callerFields = head.headers.fields.filter { !isManaged($0.name) }
    let writtenFields = fields.filter { !isManaged($0.name) }
    require(callerFields == writtenFields, "caller fields \(callerFields) written as \(writtenFields)")

    // The server's view of the same bytes.
    let clean = fields.allSatisfy { field in
        let bytes = Latin1.encode(field.value)!
        return bytes.allSatisfy(ByteClass.isFieldValueChar) && bytes.first.map { !ByteClass.isWhitespace($0) } ?? true
            && bytes.last.map { !ByteClass.isWhitespace($0) } ?? true
    }
    guard clean, head.target.hasPrefix("/"), head.method != "CONNECT", named("expect").isEmpty else { return }
    var limits = HTTPParserLimits.request
    limits.maxFields = 10_000
    limits.maxHeadBytes = 1 << 20
    limits.maxHeaderLineBytes = 1 << 20
    var parser = HTTPRequestParser(limits: limits)
    parser.feed(serialized.bytes)
    let parsed: HTTPCore.RequestHead
    do {
        guard case .head(let found)? = try parser.next() else {
            fatalError("fuzz invariant failed: the server did not finish the head\n\(all)")
        }
        parsed = found
    } catch {
        fatalError("fuzz invariant failed: the server refuses a head the client wrote: \(error)\n\(all)")
    }
    require(parsed.method == head.method && parsed.target == head.target, "method or target changed")
    require(parsed.headers.fields == fields, "fields changed: \(parsed.headers.fields) vs \(fields)")
    require(parsed.persistent == !serialized.closesConnection, "persistence differs")
    let expected: RequestBodyFraming =
        switch serialized.bodyFraming {
        case .none, .contentLength(0): .none
        case .contentLength(let length): .contentLength(length)
        case .chunked: .chunked
        }
    require(parsed.framing == expected, "framing \(parsed.framing) vs \(serialized.bodyFraming)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let head = makeHead(Array(UnsafeBufferPointer(start: data, count: size))) else { return 0 }
    do {
        check(head, try head.serialize())
    } catch {
        require(!error.message.isEmpty, "an InvalidRequest without a message")
    }
    return 0
}
