// libFuzzer target: HTTPCore's chunked decoder as each side reaches it, the client's (HTTPResponseParser
// after a chunked head) and the server's (HTTPRequestParser after a chunked request head), against each
// other (scripts/fuzz.sh runs it).
//
// Input: one control byte (bit 0: the client parser is fed one byte at a time instead of in random
// pieces), then a chunked body: size lines, data, trailers, and whatever follows.
//
// Properties:
// - the server parser gives the same result (body, trailers, where the body ended, error) whether
//   the body arrives whole or in random pieces;
// - the client and the server agree: both accept with the same body bytes, the same trailers and the
//   same end position, or both reject, or both wait for more (limit errors excepted: they are reported
//   as different error types);
// - decoded body bytes never exceed the input.
@testable import HTTPCore

enum Result: Equatable, CustomStringConvertible {
    /// The body ended `consumed` bytes into the input.
    case complete(body: [UInt8], trailers: Headers, consumed: Int)
    case needsMore(body: [UInt8])
    case rejected(String)
    case limit(String)

    var description: String {
        switch self {
        case .complete(let body, let trailers, let consumed):
            "complete: \(body.count) body bytes \(body.prefix(48)), trailers \(trailers), consumed \(consumed)"
        case .needsMore(let body): "needs more after \(body.count) body bytes"
        case .rejected(let message): "rejected: \(message)"
        case .limit(let message): "limit: \(message)"
        }
    }

    /// Equal up to error messages (client and server word them differently).
    func agrees(with other: Result) -> Bool {
        switch (self, other) {
        case (.rejected, .rejected): true
        default: self == other
        }
    }
}

let chunkedRequestHead = Array("POST /upload HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)

func server(_ bytes: [UInt8], _ delivery: Delivery) -> Result {
    // The response parser's limits, so that both sides apply the same ones.
    var parser = HTTPRequestParser(limits: HTTPParserLimits())
    parser.feed(chunkedRequestHead)
    var body: [UInt8] = []
    var offset = 0
    do {
        guard case .head(let head)? = try parser.next(), head.framing == .chunked else {
            fatalError("unexpected event for the fixed chunked request head")
        }
        for piece in delivery.pieces(bytes.count) {
            parser.feed(Array(bytes[piece]))
            while let event = try parser.next() {
                switch event {
                case .body(let slice): body.append(contentsOf: slice)
                case .end(let trailers):
                    require(!parser.isReadingBody, "the parser still reads a body after its end")
                    return .complete(body: body, trailers: trailers, consumed: offset + piece.count - parser.unconsumedByteCount)
                case .head: fatalError("a head inside a chunked body")
                }
            }
            offset += piece.count
        }
        return .needsMore(body: body)
    } catch {
        require([400, 431].contains(error.status), "status \(error.status) for a chunked body")
        return error.status == 431 ? .limit(error.message) : .rejected("\(error.status) \(error.message)")
    }
}

let chunkedHead = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)

func client(_ bytes: [UInt8], _ delivery: Delivery) -> Result {
    var parser = HTTPResponseParser()
    parser.expectResponse(method: "GET")
    parser.feed(chunkedHead)
    var body: [UInt8] = []
    var trailers: Headers?
    do {
        while let event = try parser.next() {
            guard case .head(let head) = event, head.framing == .chunked else {
                fatalError("unexpected event for the fixed chunked head: \(event)")
            }
        }
        for piece in delivery.pieces(bytes.count) {
            parser.feed(Array(bytes[piece]))
            while let event = try parser.next() {
                switch event {
                case .body(let slice): body.append(contentsOf: slice)
                case .end(let fields): trailers = fields
                case .head, .informational: fatalError("a second head inside a chunked body")
                }
            }
        }
    } catch {
        return error.kind == .limit ? .limit(error.message) : .rejected("\(error)")
    }
    guard let trailers else { return .needsMore(body: body) }
    return .complete(body: body, trailers: trailers, consumed: bytes.count - parser.unconsumedByteCount)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let bytes = Array(input.dropFirst())
    let seed = fnv1a(input)
    let serverWhole = server(bytes, .whole)
    let serverSplit = server(bytes, .random(seed: seed))
    requireSame(serverWhole, serverSplit, "server decoder results delivered whole and in random splits")
    let clientResult = client(bytes, (input.first ?? 0) & 1 == 1 ? .byteAtATime : .random(seed: seed ^ 0xA5A5))
    switch (clientResult, serverWhole) {
    case (.limit, _), (_, .limit):
        break
    default:
        if !clientResult.agrees(with: serverWhole) {
            fatalError("fuzz invariant failed: client and server chunked decoders disagree\n--- client: \(clientResult)\n--- server: \(serverWhole)")
        }
    }
    if case .complete(let body, _, let consumed) = serverWhole {
        require(body.count <= consumed && consumed <= bytes.count, "body \(body.count), consumed \(consumed) of \(bytes.count)")
    }
    return 0
}
