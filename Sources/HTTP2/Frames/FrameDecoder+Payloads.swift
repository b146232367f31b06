/// The per-type payload rules of RFC 9113 §6.
extension FrameDecoder {
    /// Parses one complete frame; nil for an unknown type (skipped).
    static func parse(_ header: FrameHeader, _ payload: ArraySlice<UInt8>) throws(HTTP2Error) -> HTTP2Frame? {
        let stream = header.streamID
        switch header.type {
        case .data:
            try requireStream(header)
            let (data, padding) = try unpad(header, payload, fixed: 0)
            return HTTP2Frame(
                streamID: stream, .data(DataFrame(data: data, endStream: header.has(FrameFlags.endStream), padding: padding)))

        case .headers:
            try requireStream(header)
            let hasPriority = header.has(FrameFlags.priority)
            let (body, padding) = try unpad(header, payload, fixed: hasPriority ? 5 : 0)
            var priority: PriorityFields?
            var fragment = body
            if hasPriority {
                let fields = readPriority(body)
                // A field block must be decoded whatever happens to the stream (RFC 9113 §4.3), so this
                // stream error is raised as a connection error rather than dropping the block.
                if fields.dependency == stream {
                    throw .connection(.protocolError, "HEADERS on stream \(stream) depends on itself")
                }
                priority = fields
                fragment = body.dropFirst(5)
            }
            return HTTP2Frame(
                streamID: stream,
                .headers(
                    HeadersFrame(
                        fragment: fragment, endStream: header.has(FrameFlags.endStream),
                        endHeaders: header.has(FrameFlags.endHeaders), priority: priority, padding: padding)))

        case .priority:
            try requireStream(header)
            guard payload.count == 5 else {
                throw .stream(stream, .frameSizeError, "PRIORITY of \(payload.count) octets instead of 5")
            }
            let fields = readPriority(payload)
            if fields.dependency == stream { throw .stream(stream, .protocolError, "PRIORITY: the stream depends on itself") }
            return HTTP2Frame(streamID: stream, .priority(fields))

        case .rstStream:
            try requireStream(header)
            guard payload.count == 4 else {
                throw .connection(.frameSizeError, "RST_STREAM of \(payload.count) octets instead of 4")
            }
            return HTTP2Frame(streamID: stream, .rstStream(HTTP2ErrorCode(rawValue: readUInt32(payload))))

        case .settings:
            try requireConnection(header)
            if header.has(FrameFlags.ack) {
                guard payload.isEmpty else {
                    throw .connection(.frameSizeError, "a SETTINGS acknowledgement with \(payload.count) octets")
                }
                return HTTP2Frame(streamID: 0, .settings(.ack))
            }
            guard payload.count % 6 == 0 else {
                throw .connection(.frameSizeError, "SETTINGS of \(payload.count) octets, not a multiple of 6")
            }
            var parameters: [HTTP2Setting] = []
            parameters.reserveCapacity(payload.count / 6)
            var offset = payload.startIndex
            while offset < payload.endIndex {
                let id = HTTP2SettingID(rawValue: UInt16(payload[offset]) << 8 | UInt16(payload[offset + 1]))
                let parameter = HTTP2Setting(id, readUInt32(payload[(offset + 2)...]))
                if let violation = HTTP2Settings.violation(parameter) { throw violation }
                parameters.append(parameter)
                offset += 6
            }
            return HTTP2Frame(streamID: 0, .settings(SettingsFrame(parameters)))

        case .pushPromise:
            try requireStream(header)
            let (body, padding) = try unpad(header, payload, fixed: 4)
            let promised = readUInt32(body) & 0x7FFF_FFFF
            return HTTP2Frame(
                streamID: stream,
                .pushPromise(
                    PushPromiseFrame(
                        promisedStreamID: promised, fragment: body.dropFirst(4), endHeaders: header.has(FrameFlags.endHeaders),
                        padding: padding)))

        case .ping:
            try requireConnection(header)
            guard payload.count == 8 else { throw .connection(.frameSizeError, "PING of \(payload.count) octets instead of 8") }
            let opaque = UInt64(readUInt32(payload)) << 32 | UInt64(readUInt32(payload.dropFirst(4)))
            return HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: opaque, ack: header.has(FrameFlags.ack))))

        case .goAway:
            try requireConnection(header)
            guard payload.count >= 8 else { throw .connection(.frameSizeError, "GOAWAY of \(payload.count) octets, under 8") }
            return HTTP2Frame(
                streamID: 0,
                .goAway(
                    GoAwayFrame(
                        lastStreamID: readUInt32(payload) & 0x7FFF_FFFF,
                        errorCode: HTTP2ErrorCode(rawValue: readUInt32(payload.dropFirst(4))), debugData: payload.dropFirst(8))))

        case .windowUpdate:
            guard payload.count == 4 else {
                throw .connection(.frameSizeError, "WINDOW_UPDATE of \(payload.count) octets instead of 4")
            }
            let increment = readUInt32(payload) & 0x7FFF_FFFF
            if increment == 0 {
                if stream == 0 { throw .connection(.protocolError, "a connection WINDOW_UPDATE of 0") }
                throw .stream(stream, .protocolError, "a WINDOW_UPDATE of 0")
            }
            return HTTP2Frame(streamID: stream, .windowUpdate(increment: increment))

        case .continuation:
            try requireStream(header)
            return HTTP2Frame(
                streamID: stream, .continuation(ContinuationFrame(fragment: payload, endHeaders: header.has(FrameFlags.endHeaders))))

        default:
            return nil
        }
    }

    /// Frames that belong to a stream: a stream id of 0 is a PROTOCOL_ERROR (RFC 9113 §6.1-6.4, 6.6, 6.10).
    @inline(__always)
    private static func requireStream(_ header: FrameHeader) throws(HTTP2Error) {
        if header.streamID == 0 { throw .connection(.protocolError, "\(header.type) on stream 0") }
    }

    /// Connection-level frames: a stream id other than 0 is a PROTOCOL_ERROR (RFC 9113 §6.5, 6.7, 6.8).
    @inline(__always)
    private static func requireConnection(_ header: FrameHeader) throws(HTTP2Error) {
        if header.streamID != 0 { throw .connection(.protocolError, "\(header.type) on stream \(header.streamID)") }
    }

    /// Removes padding (RFC 9113 §6.1, 6.2, 6.6): returns the body (after the Pad Length field,
    /// before the padding) and the Pad Length. `fixed` octets of mandatory fields must fit.
    @inline(__always)
    private static func unpad(_ header: FrameHeader, _ payload: ArraySlice<UInt8>, fixed: Int) throws(HTTP2Error)
        -> (ArraySlice<UInt8>, Int?)
    {
        guard header.has(FrameFlags.padded) else {
            guard payload.count >= fixed else {
                throw .connection(.frameSizeError, "\(header.type) of \(payload.count) octets is too short")
            }
            return (payload, nil)
        }
        guard payload.count >= 1 + fixed else {
            throw .connection(.frameSizeError, "padded \(header.type) of \(payload.count) octets is too short")
        }
        let padding = Int(payload[payload.startIndex])
        guard padding <= payload.count - 1 - fixed else {
            throw .connection(.protocolError, "\(header.type) padding of \(padding) octets exceeds its payload")
        }
        return (payload[(payload.startIndex + 1)..<(payload.endIndex - padding)], padding)
    }

    @inline(__always)
    private static func readUInt32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        let i = bytes.startIndex
        return UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
    }

    @inline(__always)
    private static func readPriority(_ bytes: ArraySlice<UInt8>) -> PriorityFields {
        let word = readUInt32(bytes)
        return PriorityFields(
            exclusive: word & 0x8000_0000 != 0, dependency: word & 0x7FFF_FFFF, weight: bytes[bytes.startIndex + 4])
    }
}
