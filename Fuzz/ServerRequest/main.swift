// libFuzzer target: the server's request parser (HTTPCore's HTTPRequestParser, which HTTPChannel, the stub
// client's server and the fault server all use) on raw request bytes (scripts/fuzz.sh runs it).
//
// Input: one control byte (ignored, kept for the seed format), then what a client sends: one request or
// several pipelined ones, with or without bodies.
//
// Invariants: a refusal is one of the statuses the channel answers (400, 417, 431, 501, 505) and has a
// message, and a 431 names its limit; an accepted head has a token method, version 1.x, a target without
// `#`, a path that is `*` or starts with `/`, exactly one Host on HTTP/1.1, and a Content-Length framing
// above zero; events come in order (head, body..., end); body bytes never exceed the input; and the parser
// gives the same events and the same outcome whether the input arrives whole or in random pieces.
@testable import HTTPCore

struct Outcome: Equatable, CustomStringConvertible {
    var heads: [RequestHead] = []
    var bodies: [[UInt8]] = []
    var trailers: [Headers] = []
    var error: String?

    var description: String {
        "\(heads.count) heads (\(heads.map { "\($0.method) \($0.target)" })), bodies \(bodies.map(\.count)), error \(error ?? "none")"
    }
}

func check(_ head: RequestHead) {
    require(!head.method.isEmpty && head.method.utf8.allSatisfy(ByteClass.isTokenChar), "method \(head.method)")
    require(head.version.major == 1 && head.method != "CONNECT", "version \(head.version), method \(head.method)")
    require(!head.target.isEmpty && !head.target.contains("#"), "target \(head.target)")
    require(head.path == "*" || head.path.hasPrefix("/"), "path \(head.path)")
    let hosts = head.headers.fields.filter { $0.name.lowercased() == "host" }.count
    require(head.version < .http1_1 ? hosts <= 1 : hosts == 1, "\(hosts) Host fields")
    if case .contentLength(let length) = head.framing { require(length > 0, "Content-Length framing of \(length)") }
}

func parse(_ input: [UInt8], _ delivery: Delivery) -> Outcome {
    var parser = HTTPRequestParser()
    var outcome = Outcome()
    var inRequest = false
    var bodyBytes = 0
    do {
        for piece in delivery.pieces(input.count) {
            parser.feed(Array(input[piece]))
            while let event = try parser.next() {
                switch event {
                case .head(let head):
                    require(!inRequest, "a head before the previous request ended")
                    check(head)
                    inRequest = true
                    outcome.heads.append(head)
                    outcome.bodies.append([])
                case .body(let slice):
                    require(inRequest && !slice.isEmpty, "a body outside a request, or an empty one")
                    outcome.bodies[outcome.bodies.count - 1].append(contentsOf: slice)
                    bodyBytes += slice.count
                case .end(let trailers):
                    require(inRequest, "an end outside a request")
                    inRequest = false
                    outcome.trailers.append(trailers)
                }
            }
        }
    } catch {
        require([400, 417, 431, 501, 505].contains(error.status), "status \(error.status)")
        require(!error.message.isEmpty, "a refusal without a message")
        require((error.status == 431) == (error.limit != nil), "431 without a limit, or a limit without 431")
        outcome.error = "\(error.status) \(error.message)"
    }
    require(bodyBytes <= input.count, "\(bodyBytes) body bytes from \(input.count)")
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size).dropFirst())
    let whole = parse(input, .whole)
    requireSame(whole, parse(input, .random(seed: fnv1a(input))), "outcomes whole and in random splits")
    return 0
}
