import Testing

@testable import HTTP2

/// Response field sections and message shape (RFC 9113 §8.1-§8.3): every rule gives a stream
/// PROTOCOL_ERROR on the right stream.
@Suite struct ResponseValidationTests {
    private func error(_ body: () throws -> Void) -> HTTP2Error? {
        do {
            try body()
            return nil
        } catch { return error as? HTTP2Error }
    }

    @Test func validHeads() throws {
        let head = try ResponseHeaderValidator.validateHead(
            [(":status", "200"), ("content-type", "text/plain"), ("content-length", "5"), ("te", "trailers")], streamID: 1)
        #expect(head.status == 200 && head.contentLength == 5)
        #expect(try ResponseHeaderValidator.validateHead([(":status", "599")], streamID: 1).contentLength == nil)
    }

    @Test(arguments: [
        [("content-type", "x")],  // no :status
        [(":status", "200"), (":status", "200")],
        [("server", "x"), (":status", "200")],  // pseudo after regular
        [(":status", "200"), (":path", "/")],
        [(":method", "GET"), (":status", "200")],
        [(":status", "20")], [(":status", "2000")], [(":status", "2x0")], [(":status", "099")], [(":status", "600")],
        [(":status", "101")],
        [(":status", "200"), ("Content-Type", "x")],  // uppercase
        [(":status", "200"), ("", "x")],
        [(":status", "200"), ("bad name", "x")],
        [(":status", "200"), ("x:y", "x")],
        [(":status", "200"), ("caf\u{E9}", "x")],
        [(":status", "200"), ("x", "a\u{0}b")], [(":status", "200"), ("x", "a\rb")], [(":status", "200"), ("x", "a\nb")],
        [(":status", "200"), ("x", " a")], [(":status", "200"), ("x", "a\t")],
        [(":status", "200"), ("connection", "close")], [(":status", "200"), ("keep-alive", "5")],
        [(":status", "200"), ("proxy-connection", "x")], [(":status", "200"), ("transfer-encoding", "chunked")],
        [(":status", "200"), ("upgrade", "h2c")], [(":status", "200"), ("te", "gzip")],
        [(":status", "200"), ("content-length", "5"), ("content-length", "5")],
        [(":status", "200"), ("content-length", "5, 5")], [(":status", "200"), ("content-length", "-1")],
        [(":status", "200"), ("content-length", "")], [(":status", "200"), ("content-length", "+5")],
    ] as [[(String, String)]])
    func malformedHeads(fields: [(String, String)]) {
        let list = HeaderList(fields.map { HeaderField($0.0, $0.1) })
        let error = self.error { _ = try ResponseHeaderValidator.validateHead(list, streamID: 9) }
        #expect(error?.code == .protocolError && error?.scope == .stream(9), "\(fields)")
    }

    @Test func trailers() throws {
        try ResponseHeaderValidator.validateTrailers(["grpc-status": "0"].reduce(into: HeaderList()) { $0.append(name: $1.key, value: $1.value) }, streamID: 1)
        #expect(self.error { try ResponseHeaderValidator.validateTrailers([(":status", "200")], streamID: 1) } != nil)
        #expect(self.error { try ResponseHeaderValidator.validateTrailers([("X", "1")], streamID: 1) } != nil)
    }

    @Test func aResponseWithInterimHeadsBodyAndTrailers() throws {
        var response = ResponseStreamValidator(streamID: 3)
        #expect(try response.receiveHeaders([(":status", "100")], endStream: false) == .informational(status: 100))
        #expect(try response.receiveHeaders([(":status", "103"), ("link", "</a>")], endStream: false) == .informational(status: 103))
        let head = try response.receiveHeaders([(":status", "200"), ("content-length", "6")], endStream: false)
        #expect(head == .head(.init(status: 200, contentLength: 6)))
        try response.receiveData(length: 4, endStream: false)
        try response.receiveData(length: 2, endStream: false)
        #expect(try response.receiveHeaders([("x-checksum", "1")], endStream: true) == .trailers)
        #expect(response.isComplete)
    }

    @Test func malformedMessages() {
        func run(_ isHead: Bool = false, _ body: (inout ResponseStreamValidator) throws -> Void) -> HTTP2Error? {
            var response = ResponseStreamValidator(streamID: 5, isHeadRequest: isHead)
            return self.error { try body(&response) }
        }
        let ok: HeaderList = [(":status", "200")]
        let cases: [(String, HTTP2Error?)] = [
            ("DATA before the head", run { try $0.receiveData(length: 1, endStream: false) }),
            ("interim ends the stream", run { _ = try $0.receiveHeaders([(":status", "100")], endStream: true) }),
            ("trailers without END_STREAM", run {
                _ = try $0.receiveHeaders(ok, endStream: false)
                _ = try $0.receiveHeaders([("x", "1")], endStream: false)
            }),
            ("trailers with :status", run {
                _ = try $0.receiveHeaders(ok, endStream: false)
                _ = try $0.receiveHeaders([(":status", "200")], endStream: true)
            }),
            ("DATA beyond content-length", run {
                _ = try $0.receiveHeaders([(":status", "200"), ("content-length", "3")], endStream: false)
                try $0.receiveData(length: 4, endStream: false)
            }),
            ("DATA short of content-length", run {
                _ = try $0.receiveHeaders([(":status", "200"), ("content-length", "3")], endStream: false)
                try $0.receiveData(length: 2, endStream: true)
            }),
            ("END_STREAM on the head with content-length", run {
                _ = try $0.receiveHeaders([(":status", "200"), ("content-length", "3")], endStream: true)
            }),
            ("content for a HEAD request", run(true) {
                _ = try $0.receiveHeaders(ok, endStream: false)
                try $0.receiveData(length: 1, endStream: true)
            }),
            ("content in a 304", run {
                _ = try $0.receiveHeaders([(":status", "304")], endStream: false)
                try $0.receiveData(length: 1, endStream: true)
            }),
            ("DATA after the end", run {
                _ = try $0.receiveHeaders(ok, endStream: true)
                try $0.receiveData(length: 0, endStream: true)
            }),
        ]
        for (name, error) in cases {
            #expect(error?.code == .protocolError && error?.scope == .stream(5), "\(name): \(String(describing: error))")
        }
        // Allowed: content-length on a HEAD response or a 304, with no DATA.
        #expect(run(true) { _ = try $0.receiveHeaders([(":status", "200"), ("content-length", "10")], endStream: true) } == nil)
        #expect(run { _ = try $0.receiveHeaders([(":status", "304"), ("content-length", "10")], endStream: true) } == nil)
    }
}
