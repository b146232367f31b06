import Testing

@testable import HTTP2

/// A fake server for driving ``HTTP2ClientStateMachine``: it decodes what the client wrote and
/// encodes what the server sends.
struct FakeServer {
    var decoder = FrameDecoder(expectClientPreface: true)
    var hpackDecoder = HPACKDecoder()
    var hpackEncoder = HPACKEncoder()

    /// The frames in a client action list's write (and their decoded request fields, by stream).
    mutating func read(_ actions: [HTTP2ClientStateMachine.Action]) throws -> [HTTP2Frame] {
        var frames: [HTTP2Frame] = []
        for case .write(let bytes) in actions {
            self.decoder.feed(bytes)
            while let frame = try self.decoder.next() {
                if case .headers(let headers) = frame.payload { _ = try self.hpackDecoder.decode(Array(headers.fragment)) }
                frames.append(frame)
            }
        }
        return frames
    }

    func frames(_ frames: HTTP2Frame...) -> [UInt8] {
        var bytes: [UInt8] = []
        for frame in frames { FrameEncoder.encode(frame, into: &bytes) }
        return bytes
    }

    mutating func headers(_ id: UInt32, _ fields: [(String, String)], endStream: Bool = false) -> [UInt8] {
        let block = self.hpackEncoder.encode(fields.map { HeaderField($0.0, $0.1) })
        return self.frames(HTTP2Frame(streamID: id, .headers(HeadersFrame(fragment: block[...], endStream: endStream))))
    }

    func settings(_ parameters: HTTP2Setting...) -> [UInt8] {
        self.frames(HTTP2Frame(streamID: 0, .settings(SettingsFrame(parameters))))
    }

    func data(_ id: UInt32, _ count: Int, endStream: Bool = false) -> [UInt8] {
        self.frames(HTTP2Frame(streamID: id, .data(DataFrame(data: [UInt8](repeating: 0x61, count: count)[...], endStream: endStream))))
    }
}

typealias Action = HTTP2ClientStateMachine.Action

let get: [HeaderField] = [
    HeaderField(":method", "GET"), HeaderField(":scheme", "https"), HeaderField(":authority", "example.com"),
    HeaderField(":path", "/"),
]

/// The client connection state machine as a value: inputs in, frames and events out.
@Suite struct ClientStateMachineTests {
    /// Starts a client and has the server send its SETTINGS (and ACK the client's).
    func connected(_ server: inout FakeServer, settings: [HTTP2Setting] = [], configuration: HTTP2ClientStateMachine.Configuration = .init())
        throws -> HTTP2ClientStateMachine
    {
        var client = HTTP2ClientStateMachine(configuration: configuration)
        _ = try server.read(client.start())
        let actions = client.receive(server.frames(HTTP2Frame(streamID: 0, .settings(SettingsFrame(settings))), HTTP2Frame(streamID: 0, .settings(.ack))))
        #expect(try server.read(actions) == [HTTP2Frame(streamID: 0, .settings(.ack))])
        #expect(!client.awaitingSettingsAcknowledgement)
        return client
    }

    @Test func startWritesThePrefaceSettingsAndAWindowUpdate() throws {
        var client = HTTP2ClientStateMachine()
        var server = FakeServer()
        let actions = client.start()
        guard case .write(let bytes) = actions.first else { Issue.record("no write"); return }
        #expect(Array(bytes.prefix(24)) == ConnectionPreface.client)
        let frames = try server.read(actions)
        #expect(frames == [
            HTTP2Frame(streamID: 0, .settings(SettingsFrame([HTTP2Setting(.enablePush, 0), HTTP2Setting(.maxHeaderListSize, 65_536)]))),
            HTTP2Frame(streamID: 0, .windowUpdate(increment: UInt32((1 << 20) - 65_535))),
        ])
        #expect(client.awaitingSettingsAcknowledgement)
        #expect(client.settingsTimedOut().contains(.closeConnection(.connection(.settingsTimeout, "SETTINGS not acknowledged in time"))))
    }

    @Test func theServersFirstFrameMustBeSettings() throws {
        var client = HTTP2ClientStateMachine()
        var server = FakeServer()
        _ = try server.read(client.start())
        let actions = client.receive(server.frames(HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 1)))))
        let frames = try server.read(actions)
        guard case .goAway(let goAway)? = frames.first?.payload else { Issue.record("no GOAWAY: \(frames)"); return }
        #expect(goAway.errorCode == .protocolError)
        #expect(actions.contains { if case .closeConnection(let error?) = $0 { error.code == .protocolError } else { false } })
        #expect(client.receive(server.settings()).isEmpty)  // closed: inputs are ignored
    }

    @Test func aRequestAndItsResponse() throws {
        var server = FakeServer()
        var client = try self.connected(&server)
        let opened = client.request(7, fields: get, endStream: true)
        #expect(opened.contains(.streamOpened(7, streamID: 1)))
        let request = try server.read(opened)
        guard case .headers(let headers)? = request.first?.payload else { Issue.record("no HEADERS"); return }
        #expect(request.first?.streamID == 1 && headers.endStream && headers.endHeaders)
        #expect(client.streamState(1) == .halfClosedLocal)

        var response = server.headers(1, [(":status", "200"), ("content-length", "5")])
        response += server.data(1, 5, endStream: true)
        let actions = client.receive(response)
        #expect(actions.count == 3)
        guard case .responseHead(1, 200, let fields) = actions[0] else { Issue.record("\(actions)"); return }
        #expect(pairs(fields) == [[":status", "200"], ["content-length", "5"]])
        #expect(actions[1] == .data(streamID: 1, [UInt8](repeating: 0x61, count: 5)[...]))
        #expect(actions[2] == .responseEnded(streamID: 1))
        #expect(client.activeStreamCount == 0)
    }

    @Test func maxConcurrentStreamsQueuesTheRest() throws {
        var server = FakeServer()
        var client = try self.connected(&server, settings: [HTTP2Setting(.maxConcurrentStreams, 2)])
        var opened: [Action] = []
        for id in 0..<4 { opened += client.request(id, fields: get, endStream: true) }
        #expect(opened.filter { if case .streamOpened = $0 { true } else { false } } == [.streamOpened(0, streamID: 1), .streamOpened(1, streamID: 3)])
        #expect(client.queuedRequestCount == 2)
        // Stream 1 ends: request 2 takes its slot. Then the limit rises to 10: request 3 opens.
        let next = client.receive(server.headers(1, [(":status", "204")], endStream: true))
        #expect(next.contains(.streamOpened(2, streamID: 5)))
        let raised = client.receive(server.settings(HTTP2Setting(.maxConcurrentStreams, 10)))
        #expect(raised.contains(.streamOpened(3, streamID: 7)) && client.queuedRequestCount == 0)
        // A cancelled queued request is never sent.
        _ = client.receive(server.settings(HTTP2Setting(.maxConcurrentStreams, 0)))
        _ = client.request(9, fields: get, endStream: true)
        #expect(client.cancel(9) == [.requestNotSent(9)])
    }

    @Test func pingsAreAnsweredAndAcknowledged() throws {
        var server = FakeServer()
        var client = try self.connected(&server)
        let answer = try server.read(client.receive(server.frames(HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 0xabc))))))
        #expect(answer == [HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 0xabc, ack: true)))])
        #expect(try server.read(client.ping(99)) == [HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 99)))])
        #expect(client.receive(server.frames(HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 99, ack: true))))) == [.pingAcknowledged(99)])
        #expect(client.receive(server.frames(HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 5, ack: true))))).isEmpty)
    }

    /// A consumer that pauses holds the server back: no WINDOW_UPDATE until it reads; DATA past the
    /// window resets the stream with FLOW_CONTROL_ERROR; reading reopens the window.
    @Test func aPausingConsumerHoldsTheServerBack() throws {
        var server = FakeServer()
        var client = try self.connected(&server)
        _ = try server.read(client.request(1, fields: get, endStream: true))
        _ = client.receive(server.headers(1, [(":status", "200")]))
        var delivered = 0
        for _ in 0..<4 {
            let actions = client.receive(server.data(1, 16_000))
            #expect(try server.read(actions).isEmpty, "no WINDOW_UPDATE while the consumer does not read")
            delivered += 16_000
        }
        // The consumer reads 40,000 octets: the stream window reopens by that much (past half of 65,535).
        let updates = try server.read(client.consumed(streamID: 1, octets: 40_000))
        #expect(updates == [HTTP2Frame(streamID: 1, .windowUpdate(increment: 40_000))])
        // The window left is 65,535 - 64,000 + 40,000 = 41,535: one octet more is a violation.
        #expect(try server.read(client.receive(server.data(1, 16_000) + server.data(1, 16_000))).isEmpty)
        let violation = client.receive(server.data(1, 9_536))
        #expect(try server.read(violation).contains(HTTP2Frame(streamID: 1, .rstStream(.flowControlError))))
        #expect(violation.contains { if case .streamFailed(1, .streamError(let e)) = $0 { e.code == .flowControlError } else { false } })
        #expect(client.activeStreamCount == 0 && delivered == 64_000 && client.isAvailable)
    }

    @Test func requestBodiesWaitForWindow() throws {
        var server = FakeServer()
        var client = try self.connected(&server, settings: [HTTP2Setting(.initialWindowSize, 10)])
        _ = try server.read(client.request(1, fields: get, endStream: false))
        let first = try server.read(client.sendData(streamID: 1, Array(repeating: 0x62, count: 25)[...], endStream: true))
        #expect(first == [HTTP2Frame(streamID: 1, .data(DataFrame(data: [UInt8](repeating: 0x62, count: 10)[...])))])
        #expect(client.bufferedRequestBytes(1) == 15)
        // The stream window reopens by 100: the rest goes, with END_STREAM.
        let rest = client.receive(server.frames(HTTP2Frame(streamID: 1, .windowUpdate(increment: 100))))
        #expect(try server.read(rest) == [HTTP2Frame(streamID: 1, .data(DataFrame(data: [UInt8](repeating: 0x62, count: 15)[...], endStream: true)))])
        #expect(client.streamState(1) == .halfClosedLocal)
        // A SETTINGS change that overflows a window is a connection FLOW_CONTROL_ERROR.
        _ = try server.read(client.request(2, fields: get, endStream: false))
        let overflow = client.receive(server.frames(HTTP2Frame(streamID: 3, .windowUpdate(increment: 0x7FFF_FFF0))) + server.settings(HTTP2Setting(.initialWindowSize, 0x7FFF_FFFF)))
        #expect(overflow.contains { if case .closeConnection(let e?) = $0 { e.code == .flowControlError } else { false } })
    }

    @Test func resumeProducingOnceTheBufferDrains() throws {
        var server = FakeServer()
        var client = try self.connected(&server, settings: [HTTP2Setting(.initialWindowSize, 4)])
        _ = try server.read(client.request(1, fields: get, endStream: false))
        _ = client.sendData(streamID: 1, [1, 2, 3, 4, 5, 6][...], endStream: false)
        let actions = client.receive(server.frames(HTTP2Frame(streamID: 1, .windowUpdate(increment: 10))))
        #expect(actions.contains(.resumeProducing(streamID: 1)))
    }

    /// GOAWAY at every point: with streams 1...9 open (requests 0...4) and two queued, a GOAWAY with
    /// last stream id `last` refuses the streams above it (retry-safe), fails the queued requests as
    /// never sent, lets the others finish, and closes when the last one ends.
    @Test(arguments: [0, 1, 2, 3, 5, 7, 9, 11] as [UInt32])
    func goAwayAtEveryPoint(last: UInt32) throws {
        var server = FakeServer()
        var client = try self.connected(&server, settings: [HTTP2Setting(.maxConcurrentStreams, 5)])
        for id in 0..<7 { _ = try server.read(client.request(id, fields: get, endStream: true)) }
        #expect(client.activeStreamCount == 5 && client.queuedRequestCount == 2)
        let actions = client.receive(server.frames(HTTP2Frame(streamID: 0, .goAway(GoAwayFrame(lastStreamID: last, errorCode: .noError)))))
        let refused = actions.compactMap { if case .streamFailed(let id, .refused) = $0 { id } else { nil } }
        #expect(refused == [1, 3, 5, 7, 9].filter { $0 > last })
        #expect(actions.filter { if case .requestNotSent = $0 { true } else { false } } == [.requestNotSent(5), .requestNotSent(6)])
        #expect(actions.first == .goAwayReceived(lastStreamID: last, .noError))
        #expect(!client.isAvailable)
        #expect(client.request(10, fields: get, endStream: true) == [.requestNotSent(10)])
        let remaining = [1, 3, 5, 7, 9].filter { $0 <= last } as [UInt32]
        for (index, id) in remaining.enumerated() {
            let ended = client.receive(server.headers(id, [(":status", "200")], endStream: true))
            #expect(ended.contains(.responseEnded(streamID: id)))
            #expect(ended.contains(.closeConnection(nil)) == (index == remaining.count - 1))
        }
        if remaining.isEmpty { #expect(actions.last == .closeConnection(nil)) }
    }

    @Test func aMalformedResponseResetsOnlyItsStream() throws {
        var server = FakeServer()
        var client = try self.connected(&server)
        _ = try server.read(client.request(1, fields: get, endStream: true))
        _ = try server.read(client.request(2, fields: get, endStream: true))
        let actions = client.receive(server.headers(1, [(":status", "200"), ("connection", "close")]))
        #expect(try server.read(actions) == [HTTP2Frame(streamID: 1, .rstStream(.protocolError))])
        #expect(client.streamState(3) == .halfClosedLocal && client.isAvailable)
        // Late frames on the reset stream are ignored; its DATA still returns connection window.
        #expect(try server.read(client.receive(server.data(1, 10))).isEmpty)
        // A refused stream is retry-safe.
        let refused = client.receive(server.frames(HTTP2Frame(streamID: 3, .rstStream(.refusedStream))))
        #expect(refused == [.streamFailed(streamID: 3, .refused)])
    }

    /// Octets of a stream that fails are returned to the connection window exactly once: a long run
    /// of such streams keeps the connection usable and the window whole.
    @Test func failedStreamsReturnTheirWindowOnce() throws {
        var server = FakeServer()
        var client = try self.connected(&server)
        for request in 0..<40 {
            let opened = client.request(request, fields: get, endStream: true)
            guard case .streamOpened(_, let id)? = opened.last else { Issue.record("\(opened)"); return }
            _ = try server.read(opened)
            _ = client.receive(server.headers(id, [(":status", "200"), ("content-length", "2000")]))
            _ = client.receive(server.data(id, 2_000))  // unread, then too long for content-length
            let failed = client.receive(server.data(id, 16_000))
            #expect(failed.contains { if case .streamFailed(id, .streamError) = $0 { true } else { false } })
        }
        #expect(client.isAvailable && client.activeStreamCount == 0)
        // Everything came back: 40 x 18,000 octets were received and returned.
        #expect(client.connectionReceive.buffered == 0 && client.connectionReceive.owed < client.connectionReceive.updateThreshold)
    }

    @Test func connectionErrorsFailEverything() throws {
        var server = FakeServer()
        var client = try self.connected(&server)
        _ = try server.read(client.request(1, fields: get, endStream: true))
        // A header block HPACK cannot decode: COMPRESSION_ERROR.
        let actions = client.receive(server.frames(HTTP2Frame(streamID: 1, .headers(HeadersFrame(fragment: [0x80][...])))))
        let frames = try server.read(actions)
        guard case .goAway(let goAway)? = frames.first?.payload else { Issue.record("\(frames)"); return }
        #expect(goAway.errorCode == .compressionError && goAway.lastStreamID == 0)
        #expect(actions.contains { if case .streamFailed(1, .connectionError(let e)) = $0 { e.code == .compressionError } else { false } })
        #expect(actions.last.map { if case .closeConnection(let e?) = $0 { e.code == .compressionError } else { false } } == true)
    }

    @Test(arguments: [
        "HEADERS on an idle stream", "a server-initiated stream", "PUSH_PROMISE with push off", "DATA on an idle stream",
        "an ACK with nothing pending", "ENABLE_PUSH from a server", "connection window overflow",
    ])
    func connectionLevelViolations(name: String) throws {
        var server = FakeServer()
        var client = try self.connected(&server)
        _ = try server.read(client.request(1, fields: get, endStream: true))
        let bytes: [UInt8] =
            switch name {
            case "HEADERS on an idle stream": server.headers(5, [(":status", "200")])
            case "a server-initiated stream": server.headers(2, [(":status", "200")])
            case "PUSH_PROMISE with push off":
                server.frames(HTTP2Frame(streamID: 1, .pushPromise(PushPromiseFrame(promisedStreamID: 2, fragment: [0x82][...]))))
            case "DATA on an idle stream": server.data(9, 1)
            case "an ACK with nothing pending": server.frames(HTTP2Frame(streamID: 0, .settings(.ack)))
            case "ENABLE_PUSH from a server": server.settings(HTTP2Setting(.enablePush, 1))
            default: server.frames(HTTP2Frame(streamID: 0, .windowUpdate(increment: 0x7FFF_FFFF)))
            }
        let actions = client.receive(bytes)
        #expect(actions.contains { if case .closeConnection(_?) = $0 { true } else { false } }, "\(name): \(actions)")
        #expect(actions.contains { if case .streamFailed(1, .connectionError) = $0 { true } else { false } }, "\(name)")
    }

    @Test func connectionLossFailsStreamsAndQueue() throws {
        var server = FakeServer()
        var client = try self.connected(&server, settings: [HTTP2Setting(.maxConcurrentStreams, 1)])
        _ = client.request(1, fields: get, endStream: true)
        _ = client.request(2, fields: get, endStream: true)
        #expect(client.connectionLost() == [.streamFailed(streamID: 1, .connectionClosed), .requestNotSent(2)])
    }

    @Test func cancelResetsTheStream() throws {
        var server = FakeServer()
        var client = try self.connected(&server)
        _ = try server.read(client.request(4, fields: get, endStream: true))
        let actions = client.cancel(4)
        #expect(try server.read(actions) == [HTTP2Frame(streamID: 1, .rstStream(.cancel))])
        #expect(actions.contains(.streamFailed(streamID: 1, .cancelled)))
        // The server's response crosses the RST: ignored, HPACK kept in step.
        #expect(client.receive(server.headers(1, [(":status", "200")], endStream: true)).isEmpty)
        #expect(client.receive(server.headers(1, [(":status", "200")], endStream: true)).isEmpty)
    }
}
