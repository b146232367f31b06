/// The client side of an HTTP/2 connection (RFC 9113) as a value: bytes and requests in, frames to
/// write and events to deliver out. No I/O, no clock, no locks.
///
/// It composes the module's pieces: ``FrameDecoder`` and ``FrameEncoder``, an ``HPACKEncoder`` and
/// ``HPACKDecoder``, a ``StreamStateMachine``, send ``FlowControlWindow`` and ``ReceiveWindow`` and
/// ``ResponseStreamValidator`` per stream, ``SettingsNegotiation``, ``GoAwayTracker`` and a
/// ``StreamIDAllocator``. What it does:
/// - ``start()`` writes the preface, our SETTINGS and a connection WINDOW_UPDATE; the server's first
///   frame must be SETTINGS.
/// - ``request(_:fields:endStream:)`` opens a stream while the server's
///   SETTINGS_MAX_CONCURRENT_STREAMS allows, and queues the request otherwise; queued requests open
///   as streams close.
/// - Request bodies (``sendData(streamID:_:endStream:)``) are sent as windows allow and buffered
///   otherwise; ``Action/resumeProducing(streamID:)`` says when the buffer emptied.
/// - Response data is delivered as read; the windows reopen as the consumer reports what it took
///   (``consumed(streamID:octets:)``), so a paused consumer holds the server back.
/// - PING is answered; GOAWAY stops new streams, fails those above its last stream id as
///   `.refused` (retry-safe) and lets the others finish; the connection closes when none is left.
/// - Every violation becomes the RFC's error: a stream error resets the stream (RST_STREAM) and
///   fails its request; a connection error writes GOAWAY, fails every stream and closes.
///
/// The `HTTP2ClientConnection` protocol object (to come) performs the actions on a transport.
///
/// Twisted: none (Twisted has no HTTP/2 client); the nearest is python h2's `H2Connection` in client
/// mode, which `twisted.web._http2` drives on the server side.
public struct HTTP2ClientStateMachine: Sendable {
    enum Phase: Hashable, Sendable {
        /// `start()` not called yet.
        case idle
        /// Preface sent; the server's SETTINGS not yet received.
        case awaitingServerSettings
        /// Running.
        case active
        /// A GOAWAY was received or sent (or ids ran out): no new streams; closes when the last ends.
        case draining
        /// Closed (after a connection error, a final GOAWAY, or the transport's end).
        case closed
    }

    struct Stream: Sendable {
        var state: StreamStateMachine
        var send: FlowControlWindow
        var receive: ReceiveWindow
        var response: ResponseStreamValidator
        var request: RequestID
        /// Request body octets not yet sent, and whether END_STREAM follows them.
        var pending: [UInt8] = []
        var pendingEnd = false
    }

    let configuration: Configuration
    var phase: Phase = .idle
    var decoder = FrameDecoder()
    var hpackDecoder: HPACKDecoder
    var hpackEncoder: HPACKEncoder
    var settings = SettingsNegotiation(role: .client)
    var goAway = GoAwayTracker()
    var ids = StreamIDAllocator(role: .client)
    var connectionSend = FlowControlWindow(streamID: 0)
    var connectionReceive = ReceiveWindow(streamID: 0)
    var streams: [UInt32: Stream] = [:]
    /// How recently closed streams closed, oldest first (bounded by `closedStreamMemory`).
    var closed: [UInt32: StreamCloseReason] = [:]
    var closedOrder: [UInt32] = []
    /// Requests waiting for a stream slot, in order.
    var queue: [(id: RequestID, fields: [HeaderField], endStream: Bool)] = []
    /// A field block being assembled: its stream, END_STREAM of its HEADERS, and the fragments so far.
    var block: (streamID: UInt32, endStream: Bool, isPushPromise: Bool, bytes: [UInt8])?
    /// PINGs sent and not yet answered.
    var pings: [UInt64] = []
    /// Output of the current input.
    var output: [UInt8] = []
    var actions: [Action] = []

    /// A connection with `configuration`; nothing happens until ``start()``.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.hpackDecoder = HPACKDecoder(
            maxTableSize: 4096, maxHeaderListSize: configuration.maxHeaderListSize, maxStringLength: configuration.maxHeaderListSize)
        self.hpackEncoder = HPACKEncoder(policy: configuration.indexingPolicy)
    }

    /// Streams open or half-closed (ours, not yet finished).
    public var activeStreamCount: Int { self.streams.count }
    /// Requests waiting for a stream.
    public var queuedRequestCount: Int { self.queue.count }
    /// True until the connection is closed or draining: new requests may be sent on it.
    public var isAvailable: Bool { self.phase == .active || self.phase == .awaitingServerSettings }
    /// The server's settings in force.
    public var peerSettings: HTTP2Settings { self.settings.remote }
    /// True while our SETTINGS await acknowledgement (run the SETTINGS timeout meanwhile).
    public var awaitingSettingsAcknowledgement: Bool { self.settings.awaitingAcknowledgement }
    /// The state of stream `id`, if it is active.
    public func streamState(_ id: UInt32) -> StreamState? { self.streams[id]?.state.state }
    /// Request body octets buffered for stream `id` waiting for window.
    public func bufferedRequestBytes(_ id: UInt32) -> Int { self.streams[id]?.pending.count ?? 0 }

    // MARK: - Inputs

    /// Starts the connection: the preface, our SETTINGS, and a WINDOW_UPDATE raising the connection window.
    public mutating func start() -> [Action] {
        guard self.phase == .idle else { return [] }
        self.phase = .awaitingServerSettings
        self.output += ConnectionPreface.client
        var parameters = [HTTP2Setting(.enablePush, 0), HTTP2Setting(.maxHeaderListSize, UInt32(self.configuration.maxHeaderListSize))]
        if self.configuration.streamWindow != 65_535 {
            parameters.append(HTTP2Setting(.initialWindowSize, UInt32(self.configuration.streamWindow)))
        }
        if self.configuration.headerTableSize != 4096 {
            parameters.append(HTTP2Setting(.headerTableSize, UInt32(self.configuration.headerTableSize)))
        }
        self.write(self.settings.send(parameters))
        if let increment = self.connectionReceive.setConnectionTarget(self.configuration.connectionWindow) {
            self.write(HTTP2Frame(streamID: 0, .windowUpdate(increment: increment)))
        }
        return self.finish()
    }

    /// Sends a request's header fields (pseudo-headers first, lowercase names): opens a stream now
    /// if the server's limit allows, else queues the request. `endStream` when there is no body.
    public mutating func request(_ id: RequestID, fields: [HeaderField], endStream: Bool) -> [Action] {
        guard self.isAvailable else {
            self.actions.append(.requestNotSent(id))
            return self.finish()
        }
        self.queue.append((id, fields, endStream))
        self.openQueuedStreams()
        return self.finish()
    }

    /// Queues request body octets on stream `streamID` and sends what the windows allow.
    public mutating func sendData(streamID: UInt32, _ bytes: ArraySlice<UInt8>, endStream: Bool) -> [Action] {
        guard var stream = self.streams[streamID], stream.state.state.maySendData, !stream.pendingEnd else { return self.finish() }
        stream.pending += bytes
        stream.pendingEnd = endStream
        self.streams[streamID] = stream
        self.flush(streamID)
        return self.finish()
    }

    /// The body consumer of stream `streamID` took `octets` of delivered data: reopens the stream
    /// and connection windows. Ignored once the stream is no longer active (its unread octets were
    /// returned to the connection window when it ended).
    public mutating func consumed(streamID: UInt32, octets: Int) -> [Action] {
        guard var stream = self.streams[streamID], octets <= stream.receive.buffered else { return self.finish() }
        if let increment = stream.receive.consume(octets), stream.state.state.peerMaySendData {
            self.write(HTTP2Frame(streamID: streamID, .windowUpdate(increment: increment)))
        }
        self.streams[streamID] = stream
        self.creditConnection(octets)
        return self.finish()
    }

    /// The caller gave up on a request: a queued one is dropped, an open stream is reset with CANCEL.
    public mutating func cancel(_ id: RequestID) -> [Action] {
        if let index = self.queue.firstIndex(where: { $0.id == id }) {
            self.queue.remove(at: index)
            self.actions.append(.requestNotSent(id))
        } else if let (streamID, _) = self.streams.first(where: { $0.value.request == id }) {
            self.resetStream(streamID, code: .cancel, failure: .cancelled)
        }
        return self.finish()
    }

    /// Sends a PING with `opaqueData` (a liveness check; ``Action/pingAcknowledged(_:)`` answers it).
    public mutating func ping(_ opaqueData: UInt64) -> [Action] {
        guard self.phase != .closed && self.phase != .idle else { return [] }
        self.pings.append(opaqueData)
        self.write(HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: opaqueData))))
        return self.finish()
    }

    /// Our SETTINGS were not acknowledged in time: a SETTINGS_TIMEOUT connection error (RFC 9113 §6.5.3).
    public mutating func settingsTimedOut() -> [Action] {
        guard self.settings.awaitingAcknowledgement, self.phase != .closed else { return [] }
        self.connectionError(.connection(.settingsTimeout, "SETTINGS not acknowledged in time"))
        return self.finish()
    }

    /// Closes gracefully: GOAWAY NO_ERROR, no new streams; the connection closes when active ones end.
    public mutating func shutdown() -> [Action] {
        guard self.phase == .active || self.phase == .awaitingServerSettings else { return [] }
        self.write(HTTP2Frame(streamID: 0, .goAway(GoAwayFrame(lastStreamID: 0, errorCode: .noError))))
        self.phase = .draining
        self.failQueue()
        self.closeIfDrained()
        return self.finish()
    }

    /// The transport closed: every request still in flight fails.
    public mutating func connectionLost() -> [Action] {
        guard self.phase != .closed else { return [] }
        self.phase = .closed
        for id in self.streams.keys.sorted() { self.fail(id, .connectionClosed) }
        self.streams.removeAll()
        self.failQueue()
        return self.finish()
    }

    /// Bytes read from the transport: decoded, and every frame handled in order.
    public mutating func receive(_ bytes: [UInt8]) -> [Action] {
        guard self.phase != .closed && self.phase != .idle else { return [] }
        self.decoder.feed(bytes)
        while self.phase != .closed {
            do throws(HTTP2Error) {
                guard let frame = try self.decoder.next() else { break }
                try self.handle(frame)
            } catch {
                if case .stream(let id) = error.scope {
                    self.streamError(id, error)
                } else {
                    self.connectionError(error)
                }
            }
        }
        return self.finish()
    }

    // MARK: - Shared helpers

    mutating func write(_ frame: HTTP2Frame) { FrameEncoder.encode(frame, into: &self.output) }

    mutating func finish() -> [Action] {
        var result = self.actions
        if !self.output.isEmpty {
            result.insert(.write(self.output), at: 0)
            self.output = []
        }
        self.actions = []
        return result
    }

    /// Opens queued requests while the server's limit and the stream ids allow.
    mutating func openQueuedStreams() {
        let limit = self.settings.remote.maxConcurrentStreams ?? Int.max
        while self.isAvailable, !self.queue.isEmpty, self.streams.count < limit {
            guard let id = self.ids.allocate() else {
                // Identifiers used up: this connection can take no more streams.
                self.phase = .draining
                self.failQueue()
                self.closeIfDrained()
                return
            }
            let request = self.queue.removeFirst()
            var stream = Stream(
                state: StreamStateMachine(streamID: id),
                send: FlowControlWindow(streamID: id, size: self.settings.remote.initialWindowSize),
                receive: ReceiveWindow(streamID: id, initialSize: self.settings.local.initialWindowSize),
                response: ResponseStreamValidator(
                    streamID: id, isHeadRequest: request.fields.contains { $0.name.elementsEqual(":method".utf8) && $0.value.elementsEqual("HEAD".utf8) }),
                request: request.id)
            try? stream.state.send(request.endStream ? .headersEndStream : .headers)  // idle: always allowed
            stream.pendingEnd = request.endStream
            let block = self.hpackEncoder.encode(request.fields)
            FrameEncoder.encodeHeaderBlock(
                streamID: id, block: block[...], endStream: request.endStream, maxFrameSize: self.settings.remote.maxFrameSize,
                into: &self.output)
            self.streams[id] = stream
            self.actions.append(.streamOpened(request.id, streamID: id))
        }
    }

    /// Sends stream `id`'s pending body as far as the windows allow.
    mutating func flush(_ id: UInt32) {
        guard var stream = self.streams[id], stream.state.state.maySendData else { return }
        let hadPending = !stream.pending.isEmpty
        var sent = 0
        while sent < stream.pending.count {
            let room = min(stream.send.available, self.connectionSend.available, self.settings.remote.maxFrameSize)
            guard room > 0 else { break }
            let chunk = stream.pending[sent..<min(stream.pending.count, sent + room)]
            sent += chunk.count
            stream.send.consume(chunk.count)
            self.connectionSend.consume(chunk.count)
            let last = sent == stream.pending.count && stream.pendingEnd
            self.write(HTTP2Frame(streamID: id, .data(DataFrame(data: chunk, endStream: last))))
            if last { try? stream.state.send(.dataEndStream) }
        }
        stream.pending.removeFirst(sent)
        if stream.pending.isEmpty && stream.pendingEnd && stream.state.state.maySendData {
            self.write(HTTP2Frame(streamID: id, .data(DataFrame(data: [], endStream: true))))
            try? stream.state.send(.dataEndStream)
        }
        self.streams[id] = stream
        if hadPending && stream.pending.isEmpty && !stream.pendingEnd { self.actions.append(.resumeProducing(streamID: id)) }
        self.retireIfDone(id)
    }

    mutating func failQueue() {
        for request in self.queue { self.actions.append(.requestNotSent(request.id)) }
        self.queue.removeAll()
    }

    mutating func closeIfDrained() {
        if self.phase == .draining && self.streams.isEmpty {
            self.phase = .closed
            self.actions.append(.closeConnection(nil))
        }
    }
}

