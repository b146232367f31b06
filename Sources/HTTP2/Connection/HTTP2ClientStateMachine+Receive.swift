/// Handling of received frames and of errors.
extension HTTP2ClientStateMachine {
    mutating func handle(_ frame: HTTP2Frame) throws(HTTP2Error) {
        let id = frame.streamID
        if self.phase == .awaitingServerSettings {
            guard case .settings(let settings) = frame.payload, !settings.ack else {
                throw .connection(.protocolError, "the server's first frame is \(frame.type), not SETTINGS")
            }
        }
        switch frame.payload {
        case .settings(let settings):
            try self.handleSettings(settings)
        case .ping(let ping):
            if !ping.ack {
                self.write(HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: ping.opaqueData, ack: true))))
            } else if let index = self.pings.firstIndex(of: ping.opaqueData) {
                self.pings.remove(at: index)
                self.actions.append(.pingAcknowledged(ping.opaqueData))
            }
        case .goAway(let goAway):
            try self.handleGoAway(goAway)
        case .windowUpdate(let increment):
            if id == 0 {
                try self.connectionSend.increase(by: increment)
                for streamID in self.streams.keys.sorted() { self.flush(streamID) }
            } else if try self.admit(id, .windowUpdate), var stream = self.streams[id] {
                try stream.send.increase(by: increment)
                self.streams[id] = stream
                self.flush(id)
            }
        case .rstStream(let code):
            try self.handleReset(id, code)
        case .priority:
            _ = try self.admit(id, .priority)
        case .data(let data):
            try self.handleData(id, data)
        case .headers(let headers):
            self.block = (id, headers.endStream, false, Array(headers.fragment))
            try self.checkBlockSize()
            if headers.endHeaders { try self.completeBlock() }
        case .continuation(let continuation):
            self.block?.bytes += continuation.fragment
            try self.checkBlockSize()
            if continuation.endHeaders { try self.completeBlock() }
        case .pushPromise:
            throw .connection(.protocolError, "PUSH_PROMISE although SETTINGS_ENABLE_PUSH is 0")
        }
    }

    /// Applies a received frame kind to stream `id`'s state. True when the frame is for an active
    /// stream and must be processed; false when it is to be ignored.
    mutating func admit(_ id: UInt32, _ kind: StreamFrameKind) throws(HTTP2Error) -> Bool {
        if var stream = self.streams[id] {
            let disposition = try stream.state.receive(kind)
            self.streams[id] = stream
            return disposition == .process
        }
        if self.isIdle(id) {
            // The server cannot open streams (no push), so only PRIORITY may name an idle stream.
            guard kind == .priority else { throw .connection(.protocolError, "\(kind) on idle stream \(id)") }
            return false
        }
        var closed = StreamStateMachine(streamID: id, state: .closed(self.closed[id] ?? .endStream))
        _ = try closed.receive(kind)
        return false
    }

    /// A stream id that was never used: even (server-initiated), or odd beyond the last one we opened.
    func isIdle(_ id: UInt32) -> Bool { id % 2 == 0 || id > self.ids.lastAllocated }

    mutating func handleSettings(_ frame: SettingsFrame) throws(HTTP2Error) {
        let (change, reply) = try self.settings.receive(frame)
        if frame.ack {
            self.decoder.maxFrameSize = change.current.maxFrameSize
            self.hpackDecoder.setMaxTableSizeLimit(change.current.headerTableSize)
            if change.initialWindowDelta != 0 {
                for streamID in self.streams.keys { self.streams[streamID]!.receive.applyInitialWindowSize(change.current.initialWindowSize) }
            }
            return
        }
        if self.phase == .awaitingServerSettings { self.phase = .active }
        self.hpackEncoder.setPeerMaxTableSize(change.current.headerTableSize)
        if change.initialWindowDelta != 0 {
            for streamID in self.streams.keys.sorted() { try self.streams[streamID]!.send.adjust(by: change.initialWindowDelta) }
        }
        if let reply { self.write(reply) }
        self.openQueuedStreams()
        if change.initialWindowDelta > 0 || change.current.maxFrameSize != change.previous.maxFrameSize {
            for streamID in self.streams.keys.sorted() { self.flush(streamID) }
        }
    }

    mutating func handleGoAway(_ frame: GoAwayFrame) throws(HTTP2Error) {
        let outcome = try self.goAway.receive(frame, activeStreams: self.streams.keys)
        self.actions.append(.goAwayReceived(lastStreamID: frame.lastStreamID, frame.errorCode))
        if self.phase != .closed { self.phase = .draining }
        self.failQueue()
        for id in outcome.retry {
            self.fail(id, .refused)
            self.retire(id, reason: .resetByPeer(.refusedStream))
        }
        self.closeIfDrained()
    }

    mutating func handleReset(_ id: UInt32, _ code: HTTP2ErrorCode) throws(HTTP2Error) {
        guard var stream = self.streams[id] else {
            _ = try self.admit(id, .rstStream)
            return
        }
        _ = try stream.state.receiveReset(code)
        self.streams[id] = stream
        // After a complete response, a reset only stops our upload (RFC 9113 §8.1): nothing fails.
        self.fail(id, code == .refusedStream ? .refused : .reset(code))
        self.retireIfDone(id)
    }

    mutating func handleData(_ id: UInt32, _ data: DataFrame) throws(HTTP2Error) {
        let length = data.flowControlledLength
        try self.connectionReceive.receive(length)
        let live: Bool
        do throws(HTTP2Error) {
            live = try self.admit(id, data.endStream ? .dataEndStream : .data)
        } catch {
            self.creditConnection(length)
            throw error
        }
        guard live, var stream = self.streams[id] else {
            // DATA on a stream we reset still counted against the connection window: give it back.
            self.creditConnection(length)
            return
        }
        do throws(HTTP2Error) {
            // The message check first: when either throws, the stream window has not taken the
            // octets, so only the connection window gives them back (the reset returns the rest).
            try stream.response.receiveData(length: data.data.count, endStream: data.endStream)
            try stream.receive.receive(length)
        } catch {
            self.streams[id] = stream
            self.creditConnection(length)
            throw error
        }
        let padding = length - data.data.count
        if padding > 0 {
            // Padding needs no consumer: its window comes back at once.
            if let increment = stream.receive.consume(padding), stream.state.state.peerMaySendData {
                self.write(HTTP2Frame(streamID: id, .windowUpdate(increment: increment)))
            }
            self.creditConnection(padding)
        }
        self.streams[id] = stream
        if !data.data.isEmpty { self.actions.append(.data(streamID: id, data.data)) }
        if data.endStream {
            self.actions.append(.responseEnded(streamID: id))
            self.retireIfDone(id)
        }
    }

    mutating func checkBlockSize() throws(HTTP2Error) {
        let limit = 2 * self.configuration.maxHeaderListSize
        if let block = self.block, block.bytes.count > limit {
            throw .connection(.enhanceYourCalm, "a field block exceeds \(limit) octets")
        }
    }

    mutating func completeBlock() throws(HTTP2Error) {
        guard let block = self.block else { return }
        self.block = nil
        let fields: HeaderList
        do throws(HPACKError) {
            // Every block is decoded, whatever its stream's state, to keep HPACK in step (RFC 9113 §4.3).
            fields = try self.hpackDecoder.decode(block.bytes)
        } catch {
            throw error.http2Error
        }
        let id = block.streamID
        guard try self.admit(id, block.endStream ? .headersEndStream : .headers), var stream = self.streams[id] else { return }
        let section = try stream.response.receiveHeaders(fields, endStream: block.endStream)
        self.streams[id] = stream
        switch section {
        case .informational(let status): self.actions.append(.informational(streamID: id, status: status, fields: fields))
        case .head(let head): self.actions.append(.responseHead(streamID: id, status: head.status, fields: fields))
        case .trailers: self.actions.append(.trailers(streamID: id, fields: fields))
        }
        if block.endStream {
            self.actions.append(.responseEnded(streamID: id))
            self.retireIfDone(id)
        }
    }

    // MARK: - Errors and retirement

    /// A stream error: RST_STREAM with its code; the request fails.
    mutating func streamError(_ id: UInt32, _ error: HTTP2Error) {
        if self.streams[id] != nil {
            self.resetStream(id, code: error.code, failure: .streamError(error))
        } else if self.isIdle(id) {
            // RST_STREAM must not name an idle stream: the violation ends the connection instead.
            self.connectionError(.connection(.protocolError, error.message))
        } else {
            self.write(HTTP2Frame(streamID: id, .rstStream(error.code)))
        }
    }

    /// A connection error: GOAWAY with its code, every request fails, the connection closes.
    mutating func connectionError(_ error: HTTP2Error) {
        guard self.phase != .closed else { return }
        let debug = Array(error.message.utf8.prefix(256))
        self.write(HTTP2Frame(streamID: 0, .goAway(GoAwayFrame(lastStreamID: 0, errorCode: error.code, debugData: debug[...]))))
        self.phase = .closed
        for id in self.streams.keys.sorted() { self.fail(id, .connectionError(error)) }
        self.streams.removeAll()
        self.failQueue()
        self.actions.append(.closeConnection(error))
    }

    /// Resets active stream `id` with `code` and fails its request with `failure`.
    mutating func resetStream(_ id: UInt32, code: HTTP2ErrorCode, failure: StreamFailure) {
        guard var stream = self.streams[id] else { return }
        if (try? stream.state.sendReset(code)) != nil { self.write(HTTP2Frame(streamID: id, .rstStream(code))) }
        self.streams[id] = stream
        self.fail(id, failure)
        self.retire(id, reason: .resetLocally(code))
    }

    /// Reports that active stream `id` failed, unless its response already ended: a request settles
    /// once, so what happens to the upload after a complete response is not a failure.
    mutating func fail(_ id: UInt32, _ failure: StreamFailure) {
        guard let stream = self.streams[id], !stream.response.isComplete else { return }
        self.actions.append(.streamFailed(streamID: id, failure))
    }

    /// Removes stream `id` once both sides are done.
    mutating func retireIfDone(_ id: UInt32) {
        guard let stream = self.streams[id], case .closed(let reason) = stream.state.state else { return }
        self.retire(id, reason: reason)
    }

    /// Removes stream `id`: its unread octets go back to the connection window, queued requests
    /// may take its slot, and a draining connection closes when it was the last.
    mutating func retire(_ id: UInt32, reason: StreamCloseReason) {
        guard let stream = self.streams.removeValue(forKey: id) else { return }
        self.creditConnection(stream.receive.buffered)
        self.closed[id] = reason
        self.closedOrder.append(id)
        if self.closedOrder.count > self.configuration.closedStreamMemory {
            self.closed[self.closedOrder.removeFirst()] = nil
        }
        self.openQueuedStreams()
        self.closeIfDrained()
    }

    /// Returns `octets` to the connection receive window, writing a WINDOW_UPDATE when one is due.
    mutating func creditConnection(_ octets: Int) {
        guard octets > 0, let increment = self.connectionReceive.consume(octets) else { return }
        self.write(HTTP2Frame(streamID: 0, .windowUpdate(increment: increment)))
    }
}
