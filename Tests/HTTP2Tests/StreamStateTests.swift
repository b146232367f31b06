import Testing

@testable import HTTP2

/// The stream state machine (RFC 9113 §5.1), exhaustively: every state times every frame kind,
/// received and sent, against tables written from the RFC's text.
@Suite struct StreamStateTests {
    /// Columns, in order: HEADERS, HEADERS+END_STREAM, DATA, DATA+END_STREAM, PRIORITY, RST_STREAM,
    /// WINDOW_UPDATE, PUSH_PROMISE.
    static let kinds: [StreamFrameKind] = [
        .headers, .headersEndStream, .data, .dataEndStream, .priority, .rstStream, .windowUpdate, .pushPromise,
    ]

    static let states: [(String, StreamState)] = [
        ("idle", .idle), ("reservedLocal", .reservedLocal), ("reservedRemote", .reservedRemote), ("open", .open),
        ("halfClosedLocal", .halfClosedLocal), ("halfClosedRemote", .halfClosedRemote),
        ("closedEnd", .closed(.endStream)), ("closedByPeer", .closed(.resetByPeer(.cancel))),
        ("closedLocally", .closed(.resetLocally(.cancel))),
    ]

    /// Expected outcome of receiving each kind in each state: a state name (the frame is processed
    /// and the stream moves there, "=" for no move), "ignore", or "C:CODE" / "S:CODE" for a
    /// connection or stream error. "closedByPeer" stands for closed after a received RST_STREAM.
    static let receiveTable: [String: [String]] = [
        "idle": ["open", "halfClosedRemote", "C:PROTOCOL_ERROR", "C:PROTOCOL_ERROR", "=", "C:PROTOCOL_ERROR", "C:PROTOCOL_ERROR", "C:PROTOCOL_ERROR"],
        "reservedLocal": ["C:PROTOCOL_ERROR", "C:PROTOCOL_ERROR", "C:PROTOCOL_ERROR", "C:PROTOCOL_ERROR", "=", "closedByPeer", "=", "C:PROTOCOL_ERROR"],
        "reservedRemote": ["halfClosedLocal", "closedEnd", "C:PROTOCOL_ERROR", "C:PROTOCOL_ERROR", "=", "closedByPeer", "C:PROTOCOL_ERROR", "C:PROTOCOL_ERROR"],
        "open": ["=", "halfClosedRemote", "=", "halfClosedRemote", "=", "closedByPeer", "=", "="],
        "halfClosedLocal": ["=", "closedEnd", "=", "closedEnd", "=", "closedByPeer", "=", "="],
        "halfClosedRemote": ["S:STREAM_CLOSED", "S:STREAM_CLOSED", "S:STREAM_CLOSED", "S:STREAM_CLOSED", "=", "closedByPeer", "=", "S:STREAM_CLOSED"],
        "closedEnd": ["C:STREAM_CLOSED", "C:STREAM_CLOSED", "S:STREAM_CLOSED", "S:STREAM_CLOSED", "ignore", "ignore", "ignore", "C:STREAM_CLOSED"],
        "closedByPeer": ["S:STREAM_CLOSED", "S:STREAM_CLOSED", "S:STREAM_CLOSED", "S:STREAM_CLOSED", "ignore", "ignore", "S:STREAM_CLOSED", "S:STREAM_CLOSED"],
        "closedLocally": ["ignore", "ignore", "ignore", "ignore", "ignore", "ignore", "ignore", "ignore"],
    ]

    /// Expected outcome of sending: a state name or "=", or "X" where this endpoint must not send.
    static let sendTable: [String: [String]] = [
        "idle": ["open", "halfClosedLocal", "X", "X", "=", "X", "X", "X"],
        "reservedLocal": ["halfClosedRemote", "closedEnd", "X", "X", "=", "closedLocally", "X", "X"],
        "reservedRemote": ["X", "X", "X", "X", "=", "closedLocally", "=", "X"],
        "open": ["=", "halfClosedLocal", "=", "halfClosedLocal", "=", "closedLocally", "=", "="],
        "halfClosedLocal": ["X", "X", "X", "X", "=", "closedLocally", "=", "X"],
        "halfClosedRemote": ["=", "closedEnd", "=", "closedEnd", "=", "closedLocally", "=", "="],
        "closedEnd": ["X", "X", "X", "X", "=", "X", "X", "X"],
        "closedByPeer": ["X", "X", "X", "X", "=", "X", "X", "X"],
        "closedLocally": ["X", "X", "X", "X", "=", "X", "X", "X"],
    ]

    /// The state name of `state` in the tables (reset codes are not part of the name).
    static func name(_ state: StreamState) -> String {
        switch state {
        case .closed(.endStream): "closedEnd"
        case .closed(.resetByPeer): "closedByPeer"
        case .closed(.resetLocally): "closedLocally"
        default: self.states.first { $0.1 == state }!.0
        }
    }

    @Test(arguments: states.map(\.0))
    func receiving(stateName: String) {
        let state = Self.states.first { $0.0 == stateName }!.1
        for (column, kind) in Self.kinds.enumerated() {
            let expected = Self.receiveTable[stateName]![column]
            var machine = StreamStateMachine(streamID: 5, state: state)
            let outcome: String
            do {
                let disposition = try machine.receive(kind)
                if disposition == .ignore {
                    outcome = machine.state == state ? "ignore" : "ignore but moved to \(machine.state)"
                } else {
                    outcome = machine.state == state ? "=" : Self.name(machine.state)
                }
            } catch {
                let scope = error.scope == .connection ? "C" : (error.scope == .stream(5) ? "S" : "S(wrong stream)")
                outcome = "\(scope):\(error.code)"
            }
            #expect(outcome == expected, "receive \(kind) in \(stateName)")
        }
    }

    @Test(arguments: states.map(\.0))
    func sending(stateName: String) {
        let state = Self.states.first { $0.0 == stateName }!.1
        for (column, kind) in Self.kinds.enumerated() {
            let expected = Self.sendTable[stateName]![column]
            var machine = StreamStateMachine(streamID: 5, state: state)
            let outcome: String
            do {
                try machine.send(kind)
                outcome = machine.state == state ? "=" : Self.name(machine.state)
            } catch {
                #expect(machine.state == state && error.state == state && error.frame == kind)
                outcome = "X"
            }
            #expect(outcome == expected, "send \(kind) in \(stateName)")
        }
    }

    @Test func resetCodesAreKept() throws {
        var machine = StreamStateMachine(streamID: 1, state: .open)
        #expect(try machine.receiveReset(.refusedStream) == .process)
        #expect(machine.state == .closed(.resetByPeer(.refusedStream)))
        var local = StreamStateMachine(streamID: 3, state: .halfClosedLocal)
        try local.sendReset(.cancel)
        #expect(local.state == .closed(.resetLocally(.cancel)))
        // A late RST_STREAM does not change how the stream closed.
        #expect(try local.receiveReset(.noError) == .ignore)
        #expect(local.state == .closed(.resetLocally(.cancel)))
    }

    @Test func promisesReserveIdleStreamsOnly() throws {
        var promised = StreamStateMachine(streamID: 2)
        try promised.receivePromise()
        #expect(promised.state == .reservedRemote)
        #expect(throws: HTTP2Error.self) { try promised.receivePromise() }
    }

    /// A whole client exchange: request headers and body, response headers, body and trailers.
    @Test func aClientExchange() throws {
        var stream = StreamStateMachine(streamID: 1)
        try stream.send(.headers)
        try stream.send(.data)
        try stream.send(.dataEndStream)
        #expect(stream.state == .halfClosedLocal && !stream.state.maySendData && stream.state.peerMaySendData)
        #expect(try stream.receive(.headers) == .process)
        #expect(try stream.receive(.data) == .process)
        #expect(try stream.receive(.windowUpdate) == .process)
        #expect(try stream.receive(.headersEndStream) == .process)
        #expect(stream.state == .closed(.endStream))
        #expect(try stream.receive(.windowUpdate) == .ignore)
    }
}
