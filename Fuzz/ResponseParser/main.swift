// libFuzzer target: HTTPCore's HTTPResponseParser (scripts/fuzz.sh builds and runs it).
//
// Input: one control byte, then the raw bytes a server sends.
//   bits 0-1: request method (GET, HEAD, CONNECT, POST)
//   bit 2:    the request offered an upgrade
//   bit 3:    the connection ends with a reset instead of a clean close
//   bit 4:    small limits (head 300 bytes, 6 fields, 2 interim responses, chunk line 24, trailers 80)
//
// Property (differential, after llhttp's and h11's test fixtures): the same bytes delivered whole,
// one byte at a time and in two random splittings give the same events (body bytes coalesced), the
// same error kind, message and limit, the same reusability and the same number of unread bytes (an
// error's offending bytes are what had arrived when it was found, so they may differ by delivery; they
// must be at most 256 and, when the error is about a line, come from the input).
// Invariants: at most one head and one end, in order; body bytes never exceed the input; a
// Content-Length body that ended has exactly that length; a body-less framing has no body; a
// reusable connection had a self-delimited HTTP/1.1 response without `close`; `noResponse` only
// for an empty input.
import HTTPCore

enum Step: Equatable, CustomStringConvertible {
    case informational(ResponseHead)
    case head(ResponseHead)
    case body([UInt8])
    case end(trailers: Headers)

    var description: String {
        switch self {
        case .informational(let head): "informational \(head.status) \(head.headers)"
        case .head(let head): "head \(head.version) \(head.status) \(head.reason) \(head.headers) \(head.framing)"
        case .body(let bytes): "body \(bytes.count) bytes \(bytes.prefix(64))"
        case .end(let trailers): "end trailers \(trailers)"
        }
    }
}

struct Outcome: Equatable, CustomStringConvertible {
    var steps: [Step] = []
    var error: HTTPParseError?
    var reusable = false
    var unconsumed = 0

    static func == (lhs: Outcome, rhs: Outcome) -> Bool {
        lhs.steps == rhs.steps && lhs.error?.kind == rhs.error?.kind && lhs.error?.message == rhs.error?.message
            && lhs.error?.limit == rhs.error?.limit && lhs.reusable == rhs.reusable && lhs.unconsumed == rhs.unconsumed
    }

    mutating func record(_ event: HTTPResponseParser.Event) {
        switch event {
        case .informational(let head): self.steps.append(.informational(head))
        case .head(let head): self.steps.append(.head(head))
        case .end(let trailers): self.steps.append(.end(trailers: trailers))
        case .body(let slice):
            if case .body(var previous)? = self.steps.last {
                self.steps.removeLast()  // leaves `previous` uniquely referenced: appending does not copy
                previous.append(contentsOf: slice)
                self.steps.append(.body(previous))
            } else {
                self.steps.append(.body(Array(slice)))
            }
        }
    }

    var description: String {
        let lines = self.steps.map { "  \($0)" }.joined(separator: "\n")
        return "\(lines)\n  error: \(self.error.map { "\($0)" } ?? "none") reusable: \(self.reusable) unread: \(self.unconsumed)"
    }
}

struct Case {
    let method: String
    let upgrade: Bool
    let clean: Bool
    let limits: HTTPResponseParser.Limits
    let bytes: [UInt8]

    init(_ data: [UInt8]) {
        let control = data.first ?? 0
        self.method = ["GET", "HEAD", "CONNECT", "POST"][Int(control & 3)]
        self.upgrade = control & 4 != 0
        self.clean = control & 8 == 0
        var limits = HTTPResponseParser.Limits()
        if control & 16 != 0 {
            limits.maxHeadBytes = 300
            limits.maxFields = 6
            limits.maxInterimResponses = 2
            limits.maxChunkSizeLineBytes = 24
            limits.maxTrailerBytes = 80
        }
        self.limits = limits
        self.bytes = Array(data.dropFirst())
    }

    func run(_ delivery: Delivery) -> Outcome {
        var parser = HTTPResponseParser(limits: self.limits)
        parser.expectResponse(method: self.method, upgradeRequested: self.upgrade)
        var outcome = Outcome()
        func drain() -> Bool {
            do {
                while let event = try parser.next() { outcome.record(event) }
                return true
            } catch {
                require(error.offendingBytes.count <= 256, "\(error.offendingBytes.count) offending bytes")
                require((error.kind == .limit) == (error.limit != nil), "a limit error without its limit, or the reverse")
                outcome.error = error
                return false
            }
        }
        var failed = false
        for piece in delivery.pieces(self.bytes.count) {
            parser.feed(Array(self.bytes[piece]))
            if !drain() {
                failed = true
                break
            }
        }
        if !failed {
            outcome.reusable = parser.isReusable
            outcome.unconsumed = parser.unconsumedByteCount
            parser.connectionLost(cleanly: self.clean)
            _ = drain()
        }
        return outcome
    }

    func checkInvariants(_ outcome: Outcome) {
        var heads = 0
        var ends = 0
        var bodyBytes = 0
        var framing: BodyFraming?
        var final: ResponseHead?
        for step in outcome.steps {
            require(ends == 0, "an event after the end")
            switch step {
            case .informational(let head):
                require(heads == 0 && (100...199).contains(head.status), "interim response \(head.status) out of place")
            case .head(let head):
                heads += 1
                require(heads == 1, "two final heads")
                framing = head.framing
                final = head
            case .body(let bytes):
                require(heads == 1, "body before the head")
                bodyBytes += bytes.count
            case .end:
                require(heads == 1, "end before the head")
                ends += 1
            }
        }
        require(bodyBytes <= self.bytes.count, "\(bodyBytes) body bytes from \(self.bytes.count) input bytes")
        if ends == 1, case .contentLength(let length)? = framing {
            require(bodyBytes == length, "Content-Length \(length) body ended after \(bodyBytes) bytes")
        }
        if framing == BodyFraming.none || framing == .switchingProtocols {
            require(bodyBytes == 0, "a body for framing \(framing!)")
        }
        if outcome.reusable {
            require(ends == 1 && outcome.error == nil && outcome.unconsumed == 0, "reusable before a clean end")
            require(final!.framing.isSelfDelimited, "reusable with framing \(final!.framing)")
            require(final!.version >= .http1_1 && !final!.hasConnectionClose, "reusable despite HTTP/1.0 or close")
        }
        if outcome.error?.kind == .noResponse {
            require(self.bytes.isEmpty, "noResponse after \(self.bytes.count) bytes")
        }
        if outcome.error == nil {
            require(ends == 1, "no error and no end after the connection closed")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let testCase = Case(input)
    let whole = testCase.run(.whole)
    testCase.checkInvariants(whole)
    let seed = fnv1a(input)
    for delivery in [Delivery.byteAtATime, .random(seed: seed), .random(seed: seed ^ 0x5555)] {
        requireSame(whole, testCase.run(delivery), "outcomes delivered whole and \(delivery)")
    }
    return 0
}
