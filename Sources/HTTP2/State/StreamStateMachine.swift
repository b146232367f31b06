/// The states of an HTTP/2 stream (RFC 9113 §5.1).
public enum StreamState: Hashable, Sendable, CustomStringConvertible {
    /// Not yet used.
    case idle
    /// Promised by this endpoint with PUSH_PROMISE (a server's).
    case reservedLocal
    /// Promised by the peer with PUSH_PROMISE.
    case reservedRemote
    /// Both sides may send.
    case open
    /// This endpoint sent END_STREAM; the peer may still send.
    case halfClosedLocal
    /// The peer sent END_STREAM; this endpoint may still send.
    case halfClosedRemote
    /// Done, and how: the reason decides what a late frame means (RFC 9113 §5.1 "closed").
    case closed(StreamCloseReason)

    /// The RFC's name: `half-closed (local)`.
    public var description: String {
        switch self {
        case .idle: "idle"
        case .reservedLocal: "reserved (local)"
        case .reservedRemote: "reserved (remote)"
        case .open: "open"
        case .halfClosedLocal: "half-closed (local)"
        case .halfClosedRemote: "half-closed (remote)"
        case .closed(let reason): "closed (\(reason))"
        }
    }
}

/// How a stream reached "closed".
public enum StreamCloseReason: Hashable, Sendable, CustomStringConvertible {
    /// Both sides sent END_STREAM.
    case endStream
    /// The peer sent RST_STREAM with this code.
    case resetByPeer(HTTP2ErrorCode)
    /// This endpoint sent RST_STREAM with this code.
    case resetLocally(HTTP2ErrorCode)

    /// `END_STREAM`, `RST_STREAM CANCEL received`, `RST_STREAM CANCEL sent`.
    public var description: String {
        switch self {
        case .endStream: "END_STREAM"
        case .resetByPeer(let code): "RST_STREAM \(code) received"
        case .resetLocally(let code): "RST_STREAM \(code) sent"
        }
    }
}

/// A frame as the stream state machine sees it: its type and, for HEADERS and DATA, END_STREAM.
/// CONTINUATION belongs to the HEADERS or PUSH_PROMISE it continues and is not an input.
public enum StreamFrameKind: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// HEADERS without END_STREAM.
    case headers
    /// HEADERS with END_STREAM.
    case headersEndStream
    /// DATA without END_STREAM.
    case data
    /// DATA with END_STREAM.
    case dataEndStream
    /// PRIORITY.
    case priority
    /// RST_STREAM.
    case rstStream
    /// WINDOW_UPDATE on this stream.
    case windowUpdate
    /// PUSH_PROMISE sent on this stream (the associated stream, not the promised one).
    case pushPromise

    /// The kind of `frame` (nil for CONTINUATION and connection-level frames).
    public init?(_ frame: HTTP2Frame) {
        switch frame.payload {
        case .headers(let headers): self = headers.endStream ? .headersEndStream : .headers
        case .data(let data): self = data.endStream ? .dataEndStream : .data
        case .priority: self = .priority
        case .rstStream: self = .rstStream
        case .windowUpdate where frame.streamID != 0: self = .windowUpdate
        case .pushPromise: self = .pushPromise
        default: return nil
        }
    }

    var endsStream: Bool { self == .headersEndStream || self == .dataEndStream }

    /// `HEADERS+END_STREAM`, `WINDOW_UPDATE`.
    public var description: String {
        switch self {
        case .headers: "HEADERS"
        case .headersEndStream: "HEADERS+END_STREAM"
        case .data: "DATA"
        case .dataEndStream: "DATA+END_STREAM"
        case .priority: "PRIORITY"
        case .rstStream: "RST_STREAM"
        case .windowUpdate: "WINDOW_UPDATE"
        case .pushPromise: "PUSH_PROMISE"
        }
    }
}

/// What to do with a received frame the stream state allows.
public enum StreamFrameDisposition: Hashable, Sendable {
    /// Process it.
    case process
    /// Discard it: it arrived on a stream this endpoint reset, or is a late WINDOW_UPDATE, PRIORITY or
    /// RST_STREAM after the stream closed (RFC 9113 §5.1). DATA still counts against the connection
    /// window, and a field block is still decoded (to keep HPACK in step).
    case ignore
}

/// A frame this endpoint must not send in the stream's state: a bug in the caller, reported as a
/// value instead of a crash so the connection can fail the request cleanly.
public struct StreamSendError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stream.
    public let streamID: UInt32
    /// The frame that may not be sent.
    public let frame: StreamFrameKind
    /// The stream's state.
    public let state: StreamState

    /// `cannot send DATA on stream 1 in state half-closed (local)`.
    public var description: String { "cannot send \(self.frame) on stream \(self.streamID) in state \(self.state)" }
}

/// The lifecycle of one stream (RFC 9113 §5.1) as a value: frames sent and received in, the new
/// state or the error out.
///
/// Receiving checks what the peer may send in each state and throws the error the RFC names:
/// a connection PROTOCOL_ERROR for frames on idle or reserved streams that may not appear there,
/// a stream STREAM_CLOSED for frames after the peer's END_STREAM, and, on a closed stream, what
/// §5.1 prescribes for the way it closed (late frames after our RST_STREAM are ignored). Sending
/// checks what this endpoint may send and throws ``StreamSendError`` otherwise.
///
/// Twisted has no counterpart (it has no HTTP/2 client).
public struct StreamStateMachine: Hashable, Sendable {
    /// The stream's identifier.
    public let streamID: UInt32
    /// The current state.
    public private(set) var state: StreamState

    /// A stream in `state` (idle for a new one).
    public init(streamID: UInt32, state: StreamState = .idle) {
        self.streamID = streamID
        self.state = state
    }

    /// A frame of `kind` arrived on this stream.
    ///
    /// - Returns: whether to process or ignore it.
    /// - Throws: ``HTTP2Error``, a stream or connection error as RFC 9113 §5.1 names it.
    public mutating func receive(_ kind: StreamFrameKind) throws(HTTP2Error) -> StreamFrameDisposition {
        let id = self.streamID
        func protocolError() -> HTTP2Error {
            .connection(.protocolError, "\(kind) on stream \(id) in state \(self.state)")
        }
        switch (self.state, kind) {
        case (_, .priority):
            return self.state.isClosed ? .ignore : .process
        case (.idle, .headers): self.state = .open
        case (.idle, .headersEndStream): self.state = .halfClosedRemote
        case (.idle, _): throw protocolError()

        case (.reservedLocal, .rstStream): self.state = .closed(.resetByPeer(.noError))
        case (.reservedLocal, .windowUpdate): break
        case (.reservedLocal, _): throw protocolError()

        case (.reservedRemote, .headers): self.state = .halfClosedLocal
        case (.reservedRemote, .headersEndStream): self.state = .closed(.endStream)
        case (.reservedRemote, .rstStream): self.state = .closed(.resetByPeer(.noError))
        case (.reservedRemote, _): throw protocolError()

        case (.open, .rstStream), (.halfClosedLocal, .rstStream), (.halfClosedRemote, .rstStream):
            self.state = .closed(.resetByPeer(.noError))
        case (.open, _):
            if kind.endsStream { self.state = .halfClosedRemote }
        case (.halfClosedLocal, _):
            if kind.endsStream { self.state = .closed(.endStream) }

        case (.halfClosedRemote, .windowUpdate): break
        case (.halfClosedRemote, _):
            throw .stream(id, .streamClosed, "\(kind) on stream \(id) after the peer's END_STREAM")

        case (.closed(.resetLocally), _):
            return .ignore
        case (.closed(.endStream), .windowUpdate), (.closed(.endStream), .rstStream), (.closed(.resetByPeer), .rstStream):
            return .ignore
        case (.closed(.endStream), .data), (.closed(.endStream), .dataEndStream):
            throw .stream(id, .streamClosed, "\(kind) on closed stream \(id)")
        case (.closed(.endStream), _):
            throw .connection(.streamClosed, "\(kind) on closed stream \(id)")
        case (.closed(.resetByPeer), _):
            throw .stream(id, .streamClosed, "\(kind) on stream \(id) after the peer's RST_STREAM")
        }
        return .process
    }

    /// A RST_STREAM with `code` arrived (as ``receive(_:)`` with `.rstStream`, keeping the code).
    public mutating func receiveReset(_ code: HTTP2ErrorCode) throws(HTTP2Error) -> StreamFrameDisposition {
        let disposition = try self.receive(.rstStream)
        if self.state == .closed(.resetByPeer(.noError)) { self.state = .closed(.resetByPeer(code)) }
        return disposition
    }

    /// The peer promised this (idle) stream with PUSH_PROMISE on another stream: idle to reserved (remote).
    ///
    /// - Throws: a connection PROTOCOL_ERROR if the stream is not idle (RFC 9113 §6.6).
    public mutating func receivePromise() throws(HTTP2Error) {
        guard self.state == .idle else {
            throw .connection(.protocolError, "PUSH_PROMISE for stream \(self.streamID) in state \(self.state)")
        }
        self.state = .reservedRemote
    }

    /// This endpoint sends a frame of `kind` on this stream.
    ///
    /// - Throws: ``StreamSendError`` when the state forbids it; the state is then unchanged.
    public mutating func send(_ kind: StreamFrameKind) throws(StreamSendError) {
        switch (self.state, kind) {
        case (_, .priority): return
        case (.idle, .headers): self.state = .open
        case (.idle, .headersEndStream): self.state = .halfClosedLocal

        case (.reservedLocal, .headers): self.state = .halfClosedRemote
        case (.reservedLocal, .headersEndStream): self.state = .closed(.endStream)
        case (.reservedLocal, .rstStream), (.reservedRemote, .rstStream), (.open, .rstStream),
            (.halfClosedLocal, .rstStream), (.halfClosedRemote, .rstStream):
            self.state = .closed(.resetLocally(.noError))
        case (.reservedRemote, .windowUpdate): return

        case (.open, _):
            if kind.endsStream { self.state = .halfClosedLocal }
        case (.halfClosedLocal, .windowUpdate): return
        case (.halfClosedRemote, _):
            if kind.endsStream { self.state = .closed(.endStream) }
        default:
            throw StreamSendError(streamID: self.streamID, frame: kind, state: self.state)
        }
    }

    /// This endpoint sends RST_STREAM with `code` (as ``send(_:)`` with `.rstStream`, keeping the code).
    public mutating func sendReset(_ code: HTTP2ErrorCode) throws(StreamSendError) {
        try self.send(.rstStream)
        self.state = .closed(.resetLocally(code))
    }
}

extension StreamState {
    /// True in "closed", however reached.
    public var isClosed: Bool {
        if case .closed = self { return true }
        return false
    }

    /// True while the peer may still send DATA: open or half-closed (local).
    public var peerMaySendData: Bool { self == .open || self == .halfClosedLocal }

    /// True while this endpoint may still send DATA: open or half-closed (remote).
    public var maySendData: Bool { self == .open || self == .halfClosedRemote }
}
