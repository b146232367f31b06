// libFuzzer target: the server's request-head parser and request-body decoder on raw request bytes
// (scripts/fuzz.sh runs it).
//
// Input: one control byte (ignored, kept for the seed format), then what a client sends. The bytes
// are cut into CRLF lines as HTTPChannel's LineReceiver does; the lines go to RequestHeadParser until
// it returns a head or refuses; the bytes after the head go to RequestBodyDecoder when the head has a
// body.
//
// Invariants: a refusal is one of the statuses the channel answers (400, 417, 431, 501, 505) and has
// a message; an accepted head has a token method, version 1.x, a target without `#`, a path that is
// `*` or starts with `/`, exactly one Host on HTTP/1.1, and a Content-Length framing above zero; the
// body decoder gives the same result delivered whole and in random pieces, and never more body bytes
// than it was given.
@testable import HTTPCore

struct BodyResult: Equatable, CustomStringConvertible {
    var body: [UInt8] = []
    var end: Int?
    var error: String?

    var description: String { "body \(self.body.count) bytes, end \(self.end.map(String.init) ?? "none"), error \(self.error ?? "none")" }
}

func decodeBody(_ bytes: ArraySlice<UInt8>, framing: RequestFraming, _ delivery: Delivery) -> BodyResult {
    var decoder = RequestBodyDecoder(framing: framing, maxTrailerLength: 8192)
    var result = BodyResult()
    var offset = 0
    let bytes = Array(bytes)
    do {
        for piece in delivery.pieces(bytes.count) {
            if let end = try decoder.feed(Array(bytes[piece]), deliver: { result.body.append(contentsOf: $0) }) {
                result.end = offset + end
                break
            }
            offset += piece.count
        }
    } catch {
        require([400, 431].contains(error.status), "body decoder status \(error.status)")
        result.error = "\(error.status) \(error.message)"
    }
    require(result.body.count <= bytes.count, "\(result.body.count) body bytes from \(bytes.count)")
    return result
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size).dropFirst())
    var parser = RequestHeadParser(maxFields: 100)
    var start = 0
    var index = 0
    var parsed: HTTPCore.RequestHead?
    while parsed == nil, index + 1 < input.count {
        guard input[index] == ByteClass.cr, input[index + 1] == ByteClass.lf else {
            index += 1
            continue
        }
        do {
            parsed = try parser.feed(Array(input[start..<index]))
        } catch {
            require([400, 417, 431, 501, 505].contains(error.status), "head status \(error.status)")
            require(!error.message.isEmpty, "a refusal without a message")
            return 0
        }
        index += 2
        start = index
    }
    guard let head = parsed else { return 0 }
    require(!head.method.isEmpty && head.method.utf8.allSatisfy(ByteClass.isTokenChar), "method \(head.method)")
    require(head.version.major == 1 && head.method != "CONNECT", "version \(head.version), method \(head.method)")
    require(!head.target.isEmpty && !head.target.contains("#"), "target \(head.target)")
    require(head.path == "*" || head.path.hasPrefix("/"), "path \(head.path)")
    let hosts = head.headers.fields.filter { $0.name.lowercased() == "host" }.count
    require(head.version < .http1_1 ? hosts <= 1 : hosts == 1, "\(hosts) Host fields")
    if case .contentLength(let length) = head.framing { require(length > 0, "Content-Length framing of \(length)") }
    guard head.framing != .none else { return 0 }
    let rest = input[start...]
    let whole = decodeBody(rest, framing: head.framing, .whole)
    requireSame(whole, decodeBody(rest, framing: head.framing, .random(seed: fnv1a(input))), "body results whole and in random splits")
    return 0
}
