import Testing

@testable import HTTP2

/// Every framing rule of RFC 9113 §4-§6, table-driven: raw frame bytes in, the named error out.
@Suite struct FrameErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let bytes: [UInt8]
        let code: HTTP2ErrorCode
        /// nil for a connection error, else the stream of a stream error.
        let stream: UInt32?
        var description: String { self.name }
    }

    /// A raw frame: header fields and payload exactly as given (no validation).
    static func raw(_ type: UInt8, _ flags: UInt8, _ stream: UInt32, _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        FrameEncoder.writeHeader(length: payload.count, type: FrameType(rawValue: type), flags: flags, stream: stream, into: &bytes)
        return bytes + payload
    }

    static let protocolError = HTTP2ErrorCode.protocolError
    static let frameSize = HTTP2ErrorCode.frameSizeError

    static let cases: [Case] = [
        // Stream id 0 where a stream is required, and the reverse.
        Case(name: "DATA on stream 0", bytes: raw(0, 0, 0, [1]), code: protocolError, stream: nil),
        Case(name: "HEADERS on stream 0", bytes: raw(1, 4, 0, [0x82]), code: protocolError, stream: nil),
        Case(name: "PRIORITY on stream 0", bytes: raw(2, 0, 0, [0, 0, 0, 1, 0]), code: protocolError, stream: nil),
        Case(name: "RST_STREAM on stream 0", bytes: raw(3, 0, 0, [0, 0, 0, 8]), code: protocolError, stream: nil),
        Case(name: "SETTINGS on stream 1", bytes: raw(4, 0, 1, []), code: protocolError, stream: nil),
        Case(name: "PUSH_PROMISE on stream 0", bytes: raw(5, 4, 0, [0, 0, 0, 2]), code: protocolError, stream: nil),
        Case(name: "PING on stream 1", bytes: raw(6, 0, 1, [0, 0, 0, 0, 0, 0, 0, 0]), code: protocolError, stream: nil),
        Case(name: "GOAWAY on stream 1", bytes: raw(7, 0, 1, [0, 0, 0, 0, 0, 0, 0, 0]), code: protocolError, stream: nil),
        Case(name: "CONTINUATION on stream 0", bytes: raw(1, 0, 1, [0x82]) + raw(9, 4, 0, []), code: protocolError, stream: nil),
        // Sizes per type.
        Case(name: "PRIORITY of 4 octets", bytes: raw(2, 0, 3, [0, 0, 0, 1]), code: frameSize, stream: 3),
        Case(name: "PRIORITY of 6 octets", bytes: raw(2, 0, 3, [0, 0, 0, 1, 0, 0]), code: frameSize, stream: 3),
        Case(name: "RST_STREAM of 3 octets", bytes: raw(3, 0, 1, [0, 0, 8]), code: frameSize, stream: nil),
        Case(name: "RST_STREAM of 5 octets", bytes: raw(3, 0, 1, [0, 0, 0, 8, 0]), code: frameSize, stream: nil),
        Case(name: "SETTINGS of 5 octets", bytes: raw(4, 0, 0, [0, 1, 0, 0, 0]), code: frameSize, stream: nil),
        Case(name: "SETTINGS of 7 octets", bytes: raw(4, 0, 0, [0, 1, 0, 0, 0, 0, 0]), code: frameSize, stream: nil),
        Case(name: "SETTINGS ACK with a payload", bytes: raw(4, 1, 0, [0, 1, 0, 0, 0, 0]), code: frameSize, stream: nil),
        Case(name: "PING of 7 octets", bytes: raw(6, 0, 0, [0, 0, 0, 0, 0, 0, 0]), code: frameSize, stream: nil),
        Case(name: "PING of 9 octets", bytes: raw(6, 1, 0, [0, 0, 0, 0, 0, 0, 0, 0, 0]), code: frameSize, stream: nil),
        Case(name: "GOAWAY of 7 octets", bytes: raw(7, 0, 0, [0, 0, 0, 0, 0, 0, 0]), code: frameSize, stream: nil),
        Case(name: "WINDOW_UPDATE of 3 octets", bytes: raw(8, 0, 1, [0, 0, 1]), code: frameSize, stream: nil),
        Case(name: "WINDOW_UPDATE of 5 octets", bytes: raw(8, 0, 0, [0, 0, 0, 1, 0]), code: frameSize, stream: nil),
        Case(name: "PUSH_PROMISE of 3 octets", bytes: raw(5, 4, 1, [0, 0, 2]), code: frameSize, stream: nil),
        Case(name: "padded HEADERS with PRIORITY of 5 octets", bytes: raw(1, 0x2c, 1, [0, 0, 0, 0, 3]), code: frameSize, stream: nil),
        Case(name: "HEADERS with PRIORITY of 4 octets", bytes: raw(1, 0x24, 1, [0, 0, 0, 3]), code: frameSize, stream: nil),
        Case(name: "frame over SETTINGS_MAX_FRAME_SIZE", bytes: raw(0, 0, 1, [UInt8](repeating: 0, count: 16_385)), code: frameSize, stream: nil),
        Case(name: "unknown type over SETTINGS_MAX_FRAME_SIZE", bytes: raw(0xee, 0, 1, [UInt8](repeating: 0, count: 16_385)), code: frameSize, stream: nil),
        // Padding.
        Case(name: "padded DATA of 0 octets", bytes: raw(0, 0x8, 1, []), code: frameSize, stream: nil),
        Case(name: "DATA padding equal to the payload", bytes: raw(0, 0x8, 1, [2, 0]), code: protocolError, stream: nil),
        Case(name: "DATA padding beyond the payload", bytes: raw(0, 0x8, 1, [5, 0, 0]), code: protocolError, stream: nil),
        Case(name: "padded HEADERS of 0 octets", bytes: raw(1, 0xc, 1, []), code: frameSize, stream: nil),
        Case(name: "HEADERS padding beyond the payload", bytes: raw(1, 0xc, 1, [3, 0x82, 0]), code: protocolError, stream: nil),
        Case(name: "HEADERS padding over the priority fields", bytes: raw(1, 0x2c, 1, [1, 0, 0, 0, 3, 9]), code: protocolError, stream: nil),
        Case(name: "HEADERS padding eating the priority fields", bytes: raw(1, 0x2c, 1, [3, 0, 0, 0, 3, 9, 0, 0]), code: protocolError, stream: nil),
        Case(name: "PUSH_PROMISE padding beyond the payload", bytes: raw(5, 0xc, 1, [2, 0, 0, 0, 2, 0]), code: protocolError, stream: nil),
        // Dependencies on oneself.
        Case(name: "PRIORITY depending on itself", bytes: raw(2, 0, 3, [0, 0, 0, 3, 0]), code: protocolError, stream: 3),
        Case(name: "HEADERS depending on itself", bytes: raw(1, 0x24, 3, [0x80, 0, 0, 3, 0, 0x82]), code: protocolError, stream: nil),
        // WINDOW_UPDATE increments.
        Case(name: "stream WINDOW_UPDATE of 0", bytes: raw(8, 0, 5, [0, 0, 0, 0]), code: protocolError, stream: 5),
        Case(name: "connection WINDOW_UPDATE of 0", bytes: raw(8, 0, 0, [0, 0, 0, 0]), code: protocolError, stream: nil),
        Case(name: "WINDOW_UPDATE of 0 with the reserved bit", bytes: raw(8, 0, 5, [0x80, 0, 0, 0]), code: protocolError, stream: 5),
        // SETTINGS values.
        Case(name: "ENABLE_PUSH of 2", bytes: raw(4, 0, 0, [0, 2, 0, 0, 0, 2]), code: protocolError, stream: nil),
        Case(name: "INITIAL_WINDOW_SIZE of 2^31", bytes: raw(4, 0, 0, [0, 4, 0x80, 0, 0, 0]), code: .flowControlError, stream: nil),
        Case(name: "MAX_FRAME_SIZE of 16383", bytes: raw(4, 0, 0, [0, 5, 0, 0, 0x3f, 0xff]), code: protocolError, stream: nil),
        Case(name: "MAX_FRAME_SIZE of 2^24", bytes: raw(4, 0, 0, [0, 5, 1, 0, 0, 0]), code: protocolError, stream: nil),
        // CONTINUATION sequencing.
        Case(name: "CONTINUATION without a field block", bytes: raw(9, 4, 1, [0x82]), code: protocolError, stream: nil),
        Case(name: "CONTINUATION after END_HEADERS", bytes: raw(1, 4, 1, [0x82]) + raw(9, 4, 1, [0x84]), code: protocolError, stream: nil),
        Case(name: "CONTINUATION on another stream", bytes: raw(1, 0, 1, [0x82]) + raw(9, 4, 3, [0x84]), code: protocolError, stream: nil),
        Case(name: "DATA inside a field block", bytes: raw(1, 0, 1, [0x82]) + raw(0, 0, 1, [1]), code: protocolError, stream: nil),
        Case(name: "PING inside a field block", bytes: raw(1, 0, 1, [0x82]) + raw(6, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]), code: protocolError, stream: nil),
        Case(name: "an unknown type inside a field block", bytes: raw(1, 0, 1, [0x82]) + raw(0xbb, 0, 1, []), code: protocolError, stream: nil),
        Case(name: "HEADERS inside a field block", bytes: raw(1, 0, 1, [0x82]) + raw(1, 4, 3, [0x82]), code: protocolError, stream: nil),
        Case(name: "DATA inside a PUSH_PROMISE block", bytes: raw(5, 0, 1, [0, 0, 0, 2, 0x82]) + raw(0, 0, 1, []), code: protocolError, stream: nil),
        Case(name: "DATA after an open CONTINUATION", bytes: raw(1, 0, 1, [0x82]) + raw(9, 0, 1, [0x84]) + raw(0, 0, 1, []), code: protocolError, stream: nil),
    ]

    @Test(arguments: cases)
    func violationsGiveTheNamedError(testCase: Case) {
        let bytes = testCase.bytes
        for pieces in [[0..<bytes.count], (0..<bytes.count).map { $0..<($0 + 1) }] {
            let results = FrameCodecTests.decodeAll(bytes, pieces: pieces)
            guard case .failure(let error)? = results.last else {
                Issue.record("\(testCase.name): no error, got \(results)")
                continue
            }
            #expect(error.code == testCase.code, "\(testCase.name): \(error)")
            #expect(error.scope == (testCase.stream.map { .stream($0) } ?? .connection), "\(testCase.name): \(error)")
        }
    }

    @Test func validEdgeCasesAreAccepted() throws {
        let valid: [[UInt8]] = [
            Self.raw(0, 0x8, 1, [0]),  // padded DATA: only the Pad Length field
            Self.raw(0, 0x8, 1, [2, 0, 0]),  // padding filling the rest
            Self.raw(1, 0x2c, 1, [0, 0, 0, 0, 3, 9]),  // padded HEADERS, priority, empty fragment
            Self.raw(7, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]),  // GOAWAY with no debug data
            Self.raw(4, 0, 0, [0, 4, 0x7f, 0xff, 0xff, 0xff]),  // INITIAL_WINDOW_SIZE 2^31-1
            Self.raw(4, 0, 0, [0, 5, 0, 0xff, 0xff, 0xff]),  // MAX_FRAME_SIZE 2^24-1
            Self.raw(4, 0, 0, [0xab, 0xcd, 0xff, 0xff, 0xff, 0xff]),  // unknown setting, any value
            Self.raw(1, 0, 1, [0x82]) + Self.raw(9, 0, 1, []) + Self.raw(9, 4, 1, [0x84]),  // empty CONTINUATION
        ]
        for bytes in valid {
            let results = FrameCodecTests.decodeAll(bytes, pieces: [0..<bytes.count])
            #expect(results.allSatisfy { (try? $0.get()) != nil }, "\(hexString(bytes)): \(results)")
        }
    }
}
