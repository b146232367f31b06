import Testing

@testable import HTTPCore

/// How the connection ends after the bytes were fed.
enum ConnectionEnd: Sendable {
    case keepOpen, close, reset
}

/// Everything observable about one run of the parser over some bytes.
///
/// Outcomes compare errors by kind, message and limit: the bytes an error carries are what had arrived
/// when it was found, so they depend on how the input was split.
struct ParseOutcome: Equatable, CustomStringConvertible {
    var interim: [Int] = []
    var head: ResponseHead?
    var body: [UInt8] = []
    var trailers: Headers?
    var ended = false
    var error: HTTPParseError?
    /// `isReusable` right after the response ended (before any EOF).
    var reusable = false
    var unconsumed = 0

    var errorKind: HTTPParseError.Kind? { self.error?.kind }

    static func == (lhs: ParseOutcome, rhs: ParseOutcome) -> Bool {
        func sameError(_ a: HTTPParseError?, _ b: HTTPParseError?) -> Bool {
            a?.kind == b?.kind && a?.message == b?.message && a?.limit == b?.limit
        }
        return lhs.interim == rhs.interim && lhs.head == rhs.head && lhs.body == rhs.body
            && lhs.trailers == rhs.trailers && lhs.ended == rhs.ended && sameError(lhs.error, rhs.error)
            && lhs.reusable == rhs.reusable && lhs.unconsumed == rhs.unconsumed
    }
    var status: Int? { self.head?.status }
    var bodyText: String { String(decoding: self.body, as: UTF8.self) }

    var description: String {
        if let error { return "error(\(error)) interim=\(self.interim)" }
        return "status=\(self.status.map(String.init) ?? "-") framing=\(String(describing: self.head?.framing)) "
            + "body=\(String(reflecting: self.bodyText)) ended=\(self.ended) reusable=\(self.reusable) "
            + "unconsumed=\(self.unconsumed) trailers=\(String(describing: self.trailers)) interim=\(self.interim)"
    }
}

/// Feeds `pieces` one after the other, pulling events after each, then ends the connection.
func runParser(
    _ pieces: [[UInt8]], method: String = "GET", upgrade: Bool = false, end: ConnectionEnd = .keepOpen,
    limits: HTTPResponseParser.Limits = .init()
) -> ParseOutcome {
    var parser = HTTPResponseParser(limits: limits)
    parser.expectResponse(method: method, upgradeRequested: upgrade)
    var outcome = ParseOutcome()
    func drain() -> Bool {
        do {
            while let event = try parser.next() {
                switch event {
                case .informational(let head): outcome.interim.append(head.status)
                case .head(let head):
                    #expect(outcome.head == nil, "two heads")
                    outcome.head = head
                case .body(let slice):
                    #expect(!slice.isEmpty, "empty body event")
                    #expect(outcome.head != nil && !outcome.ended, "body outside a response")
                    outcome.body.append(contentsOf: slice)
                case .end(let trailers):
                    #expect(!outcome.ended, "two ends")
                    outcome.ended = true
                    outcome.trailers = trailers
                    outcome.reusable = parser.isReusable
                }
            }
            return true
        } catch {
            outcome.error = error
            return false
        }
    }
    for piece in pieces {
        parser.feed(piece)
        guard drain() else { return outcome }
    }
    if outcome.ended { outcome.reusable = parser.isReusable }
    outcome.unconsumed = parser.unconsumedByteCount
    switch end {
    case .keepOpen: break
    case .close: parser.connectionLost()
    case .reset: parser.connectionLost(cleanly: false)
    }
    if end != .keepOpen, drain(), !outcome.ended {
        #expect(!parser.isAwaitingResponse, "nothing pending after EOF but the response did not end")
    }
    return outcome
}

/// Runs `bytes` whole, one byte at a time, and split in two at every offset; expects the same
/// outcome every way and returns it.
func parseAllWays(
    _ bytes: [UInt8], method: String = "GET", upgrade: Bool = false, end: ConnectionEnd = .keepOpen,
    limits: HTTPResponseParser.Limits = .init(), sourceLocation: SourceLocation = #_sourceLocation
) -> ParseOutcome {
    let whole = runParser([bytes], method: method, upgrade: upgrade, end: end, limits: limits)
    let bytewise = runParser(bytes.map { [$0] }, method: method, upgrade: upgrade, end: end, limits: limits)
    #expect(bytewise == whole, "byte-at-a-time differs: \(bytewise) vs \(whole)", sourceLocation: sourceLocation)
    if bytes.count <= 4096 {
        for offset in 1..<max(bytes.count, 1) {
            let split = runParser(
                [Array(bytes[..<offset]), Array(bytes[offset...])], method: method, upgrade: upgrade, end: end,
                limits: limits)
            if split != whole {
                Issue.record("split at \(offset) differs: \(split) vs \(whole)", sourceLocation: sourceLocation)
                break
            }
        }
    }
    return whole
}

/// `parseAllWays` on a string written with `\r\n` escapes; non-ASCII scalars up to U+00FF are
/// taken as single bytes (so `"\u{E9}"` is the byte 0xE9).
func parseAllWays(
    _ text: String, method: String = "GET", upgrade: Bool = false, end: ConnectionEnd = .keepOpen,
    limits: HTTPResponseParser.Limits = .init(), sourceLocation: SourceLocation = #_sourceLocation
) -> ParseOutcome {
    parseAllWays(
        bytes(text), method: method, upgrade: upgrade, end: end, limits: limits, sourceLocation: sourceLocation)
}

/// The bytes of `text`, each scalar up to U+00FF becoming one byte.
func bytes(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { scalar in
        precondition(scalar.value <= 0xFF, "test text must be Latin-1")
        return UInt8(scalar.value)
    }
}
