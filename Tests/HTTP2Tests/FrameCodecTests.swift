import Testing

@testable import HTTP2

/// The frame codec (RFC 9113 §4, §6): every frame type round trips through the encoder and the
/// decoder whole and split at every byte; every framing rule gives the error the RFC names.
@Suite struct FrameCodecTests {
    static let frames: [HTTP2Frame] = [
        HTTP2Frame(streamID: 1, .data(DataFrame(data: Array("hello".utf8)[...], endStream: true))),
        HTTP2Frame(streamID: 3, .data(DataFrame(data: [], endStream: false))),
        HTTP2Frame(streamID: 5, .data(DataFrame(data: [1, 2, 3][...], endStream: false, padding: 7))),
        HTTP2Frame(streamID: 5, .data(DataFrame(data: [], endStream: true, padding: 0))),
        HTTP2Frame(streamID: 1, .headers(HeadersFrame(fragment: [0x82, 0x86][...], endStream: true))),
        HTTP2Frame(streamID: 1, .headers(HeadersFrame(fragment: [0x82][...], endHeaders: false))),
        HTTP2Frame(
            streamID: 7,
            .headers(
                HeadersFrame(
                    fragment: [0x88][...], endStream: false, endHeaders: true,
                    priority: PriorityFields(exclusive: true, dependency: 3, weight: 200), padding: 4))),
        HTTP2Frame(streamID: 9, .headers(HeadersFrame(fragment: [], padding: 255))),
        HTTP2Frame(streamID: 3, .priority(PriorityFields(exclusive: false, dependency: 1, weight: 0))),
        HTTP2Frame(streamID: 3, .rstStream(.cancel)),
        HTTP2Frame(streamID: 3, .rstStream(HTTP2ErrorCode(rawValue: 0xdead))),
        HTTP2Frame(streamID: 0, .settings(SettingsFrame([]))),
        HTTP2Frame(
            streamID: 0,
            .settings(
                SettingsFrame([
                    HTTP2Setting(.headerTableSize, 0), HTTP2Setting(.enablePush, 0), HTTP2Setting(.maxConcurrentStreams, 100),
                    HTTP2Setting(.initialWindowSize, 0x7FFF_FFFF), HTTP2Setting(.maxFrameSize, 16_777_215),
                    HTTP2Setting(.maxHeaderListSize, 1 << 20), HTTP2Setting(HTTP2SettingID(rawValue: 0xf0f0), 7),
                ]))),
        HTTP2Frame(streamID: 0, .settings(.ack)),
        HTTP2Frame(streamID: 1, .pushPromise(PushPromiseFrame(promisedStreamID: 2, fragment: [0x82, 0x84][...]))),
        HTTP2Frame(streamID: 1, .pushPromise(PushPromiseFrame(promisedStreamID: 4, fragment: [], endHeaders: false, padding: 3))),
        HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 0x0102_0304_0506_0708))),
        HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: .max, ack: true))),
        HTTP2Frame(streamID: 0, .goAway(GoAwayFrame(lastStreamID: 0x7FFF_FFFF, errorCode: .noError))),
        HTTP2Frame(streamID: 0, .goAway(GoAwayFrame(lastStreamID: 5, errorCode: .enhanceYourCalm, debugData: Array("calm".utf8)[...]))),
        HTTP2Frame(streamID: 0, .windowUpdate(increment: 1)),
        HTTP2Frame(streamID: 11, .windowUpdate(increment: 0x7FFF_FFFF)),
        HTTP2Frame(streamID: 1, .continuation(ContinuationFrame(fragment: [0x84][...], endHeaders: true))),
    ]

    /// Decodes `bytes` fed in `pieces`, collecting frames and errors until a connection error.
    static func decodeAll(_ bytes: [UInt8], pieces: [Range<Int>], decoder: FrameDecoder = FrameDecoder()) -> [Result<HTTP2Frame, HTTP2Error>] {
        var decoder = decoder
        var results: [Result<HTTP2Frame, HTTP2Error>] = []
        for piece in pieces {
            decoder.feed(Array(bytes[piece]))
            while true {
                do {
                    guard let frame = try decoder.next() else { break }
                    results.append(.success(frame))
                } catch {
                    results.append(.failure(error))
                    if error.isConnectionError { return results }
                }
            }
        }
        return results
    }

    private func encode(_ frames: [HTTP2Frame]) -> [UInt8] {
        var bytes: [UInt8] = []
        for frame in frames { FrameEncoder.encode(frame, into: &bytes) }
        return bytes
    }

    @Test func everyFrameTypeRoundTrips() throws {
        // A HEADERS without END_HEADERS must be followed by CONTINUATION: give each frame its own decoder.
        // A CONTINUATION is only valid inside a field block: open one first.
        let opening = HTTP2Frame(streamID: 1, .headers(HeadersFrame(fragment: [0x82][...], endHeaders: false)))
        for frame in Self.frames {
            let prefix = frame.type == .continuation ? [opening] : []
            let bytes = self.encode(prefix + [frame])
            let results = Self.decodeAll(bytes, pieces: [0..<bytes.count])
            #expect(results.count == prefix.count + 1)
            #expect(try results.last?.get() == frame, "\(frame)")
        }
    }

    @Test func anySplitGivesTheSameFrames() {
        let sequence = Self.frames.filter {
            if case .headers(let h) = $0.payload { return h.endHeaders }
            if case .pushPromise(let p) = $0.payload { return p.endHeaders }
            if case .continuation = $0.payload { return false }
            return true
        }
        let bytes = self.encode(sequence)
        let whole = Self.decodeAll(bytes, pieces: [0..<bytes.count]).map { try? $0.get() }
        #expect(whole == sequence.map { $0 })
        for split in 0...bytes.count {
            #expect(Self.decodeAll(bytes, pieces: [0..<split, split..<bytes.count]).map { try? $0.get() } == whole, "split \(split)")
        }
        #expect(Self.decodeAll(bytes, pieces: (0..<bytes.count).map { $0..<($0 + 1) }).map { try? $0.get() } == whole)
    }

    @Test func headerBlocksAreSplitIntoContinuations() {
        let block = (0..<40_000).map { UInt8(truncatingIfNeeded: $0) }
        var bytes: [UInt8] = []
        FrameEncoder.encodeHeaderBlock(streamID: 3, block: block[...], endStream: true, maxFrameSize: 16_384, into: &bytes)
        let frames = Self.decodeAll(bytes, pieces: [0..<bytes.count]).compactMap { try? $0.get() }
        #expect(frames.count == 3)
        var joined: [UInt8] = []
        for (index, frame) in frames.enumerated() {
            switch frame.payload {
            case .headers(let h):
                #expect(index == 0 && h.endStream && !h.endHeaders)
                joined += h.fragment
            case .continuation(let c):
                #expect(index > 0 && c.endHeaders == (index == 2))
                joined += c.fragment
            default: Issue.record("unexpected \(frame)")
            }
        }
        #expect(joined == block)
    }

    @Test func unknownFrameTypesAreSkipped() {
        var bytes: [UInt8] = []
        FrameEncoder.writeHeader(length: 3, type: FrameType(rawValue: 0xfa), flags: 0xff, stream: 9, into: &bytes)
        bytes += [1, 2, 3]
        FrameEncoder.encode(HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 1))), into: &bytes)
        let results = Self.decodeAll(bytes, pieces: [0..<bytes.count])
        #expect(results.map { try? $0.get() } == [HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 1)))])
    }

    @Test func reservedBitAndUnknownFlagsAreIgnored() {
        // DATA with the stream id's reserved bit set and every flag but END_STREAM/PADDED.
        let bytes: [UInt8] = [0, 0, 1, 0, 0xf6, 0x80, 0, 0, 1, 0x41]
        #expect(Self.decodeAll(bytes, pieces: [0..<bytes.count]).map { try? $0.get() }
            == [HTTP2Frame(streamID: 1, .data(DataFrame(data: [0x41][...])))])
    }

    @Test func clientPrefaceIsCheckedByAServerDecoder() {
        var bytes = ConnectionPreface.client
        FrameEncoder.encode(HTTP2Frame(streamID: 0, .settings(SettingsFrame([]))), into: &bytes)
        let server = FrameDecoder(expectClientPreface: true)
        for split in [1, 5, 23, 24, 25] {
            let results = Self.decodeAll(bytes, pieces: [0..<split, split..<bytes.count], decoder: server)
            #expect(results.map { try? $0.get() } == [HTTP2Frame(streamID: 0, .settings(SettingsFrame([])))])
        }
        var wrong = bytes
        wrong[3] = UInt8(ascii: "X")
        let results = Self.decodeAll(wrong, pieces: [0..<wrong.count], decoder: server)
        #expect(results.count == 1)
        if case .failure(let error) = results[0] { #expect(error.code == .protocolError && error.isConnectionError) }
        // HTTP/1.1 sent to an h2 server.
        let http1 = Array("GET / HTTP/1.1\r\n\r\n".utf8)
        #expect(Self.decodeAll(http1, pieces: [0..<http1.count], decoder: server).count == 1)
    }

    @Test func aFailedDecoderKeepsFailing() throws {
        var decoder = FrameDecoder()
        decoder.feed([0, 0, 4, 4, 0, 0, 0, 0, 0, 1, 2, 3, 4])  // SETTINGS of 4 octets
        #expect(throws: HTTP2Error.self) { try decoder.next() }
        decoder.feed([0, 0, 0, 4, 1, 0, 0, 0, 0])  // a valid ACK
        #expect(throws: HTTP2Error.self) { try decoder.next() }
    }

    @Test func streamErrorsConsumeOnlyTheirFrame() throws {
        var bytes: [UInt8] = []
        FrameEncoder.writeHeader(length: 4, type: .windowUpdate, flags: 0, stream: 3, into: &bytes)
        bytes += [0, 0, 0, 0]
        FrameEncoder.writeHeader(length: 4, type: .priority, flags: 0, stream: 5, into: &bytes)
        bytes += [0, 0, 0, 1]
        FrameEncoder.encode(HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 9))), into: &bytes)
        let results = Self.decodeAll(bytes, pieces: [0..<bytes.count])
        #expect(results.count == 3)
        if case .failure(let first) = results[0] { #expect(first == .stream(3, .protocolError, first.message)) }
        if case .failure(let second) = results[1] { #expect(second.code == .frameSizeError && second.scope == .stream(5)) }
        #expect(try results[2].get() == HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 9))))
    }

    @Test func maxFrameSizeIsEnforcedFromTheHeaderAlone() {
        var decoder = FrameDecoder()
        decoder.feed([0, 0x40, 0x01, 0, 0, 0, 0, 0, 1])  // DATA of 16,385 octets, no payload yet
        do {
            _ = try decoder.next()
            Issue.record("no error for an oversized frame header")
        } catch {
            #expect(error.code == .frameSizeError && error.isConnectionError)
        }
        var larger = FrameDecoder(maxFrameSize: 1 << 20)
        var bytes: [UInt8] = []
        FrameEncoder.encode(HTTP2Frame(streamID: 1, .data(DataFrame(data: [UInt8](repeating: 7, count: 100_000)[...]))), into: &bytes)
        larger.feed(bytes)
        #expect((try? larger.next())??.type == .data)
    }
}
