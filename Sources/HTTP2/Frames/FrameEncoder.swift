/// Serializes ``HTTP2Frame``s (RFC 9113 §4.1, §6), appending to a byte array.
///
/// The encoder writes what it is given; the callers (the connection's state machines) decide what
/// may be sent. Header blocks longer than the peer's SETTINGS_MAX_FRAME_SIZE are split into HEADERS
/// (or PUSH_PROMISE) plus CONTINUATION frames by ``encodeHeaderBlock(streamID:block:endStream:priority:maxFrameSize:into:)``.
public enum FrameEncoder {
    /// Appends `frame`. Padding (`padding` fields, 0...255) adds a Pad Length field and zero octets.
    public static func encode(_ frame: HTTP2Frame, into output: inout [UInt8]) {
        let stream = frame.streamID
        switch frame.payload {
        case .data(let data):
            let flags = data.endStream ? FrameFlags.endStream : 0
            writePadded(.data, flags: flags, stream: stream, padding: data.padding, fixed: [], body: data.data, into: &output)
        case .headers(let headers):
            var flags: UInt8 = 0
            if headers.endStream { flags |= FrameFlags.endStream }
            if headers.endHeaders { flags |= FrameFlags.endHeaders }
            var fixed: [UInt8] = []
            if let priority = headers.priority {
                flags |= FrameFlags.priority
                appendPriority(priority, into: &fixed)
            }
            writePadded(.headers, flags: flags, stream: stream, padding: headers.padding, fixed: fixed, body: headers.fragment, into: &output)
        case .priority(let priority):
            writeHeader(length: 5, type: .priority, flags: 0, stream: stream, into: &output)
            appendPriority(priority, into: &output)
        case .rstStream(let code):
            writeHeader(length: 4, type: .rstStream, flags: 0, stream: stream, into: &output)
            appendUInt32(code.rawValue, into: &output)
        case .settings(let settings):
            writeHeader(length: settings.parameters.count * 6, type: .settings, flags: settings.ack ? FrameFlags.ack : 0, stream: stream, into: &output)
            for parameter in settings.parameters {
                output.append(UInt8(parameter.id.rawValue >> 8))
                output.append(UInt8(parameter.id.rawValue & 0xFF))
                appendUInt32(parameter.value, into: &output)
            }
        case .pushPromise(let promise):
            var fixed: [UInt8] = []
            appendUInt32(promise.promisedStreamID & 0x7FFF_FFFF, into: &fixed)
            let flags = promise.endHeaders ? FrameFlags.endHeaders : 0
            writePadded(.pushPromise, flags: flags, stream: stream, padding: promise.padding, fixed: fixed, body: promise.fragment, into: &output)
        case .ping(let ping):
            writeHeader(length: 8, type: .ping, flags: ping.ack ? FrameFlags.ack : 0, stream: stream, into: &output)
            appendUInt32(UInt32(truncatingIfNeeded: ping.opaqueData >> 32), into: &output)
            appendUInt32(UInt32(truncatingIfNeeded: ping.opaqueData), into: &output)
        case .goAway(let goAway):
            writeHeader(length: 8 + goAway.debugData.count, type: .goAway, flags: 0, stream: stream, into: &output)
            appendUInt32(goAway.lastStreamID & 0x7FFF_FFFF, into: &output)
            appendUInt32(goAway.errorCode.rawValue, into: &output)
            output.append(contentsOf: goAway.debugData)
        case .windowUpdate(let increment):
            writeHeader(length: 4, type: .windowUpdate, flags: 0, stream: stream, into: &output)
            appendUInt32(increment & 0x7FFF_FFFF, into: &output)
        case .continuation(let continuation):
            let flags = continuation.endHeaders ? FrameFlags.endHeaders : 0
            writeHeader(length: continuation.fragment.count, type: .continuation, flags: flags, stream: stream, into: &output)
            output.append(contentsOf: continuation.fragment)
        }
    }

    /// Appends a complete field block as HEADERS followed by as many CONTINUATION frames as
    /// `maxFrameSize` (the peer's SETTINGS_MAX_FRAME_SIZE) requires; END_HEADERS is on the last one.
    public static func encodeHeaderBlock(
        streamID: UInt32, block: ArraySlice<UInt8>, endStream: Bool, priority: PriorityFields? = nil,
        maxFrameSize: Int = 16_384, into output: inout [UInt8]
    ) {
        let firstRoom = maxFrameSize - (priority == nil ? 0 : 5)
        let first = block.prefix(firstRoom)
        var rest = block.dropFirst(firstRoom)
        let headers = HeadersFrame(fragment: first, endStream: endStream, endHeaders: rest.isEmpty, priority: priority)
        encode(HTTP2Frame(streamID: streamID, .headers(headers)), into: &output)
        while !rest.isEmpty {
            let piece = rest.prefix(maxFrameSize)
            rest = rest.dropFirst(maxFrameSize)
            encode(HTTP2Frame(streamID: streamID, .continuation(ContinuationFrame(fragment: piece, endHeaders: rest.isEmpty))), into: &output)
        }
    }

    /// Appends a frame header (RFC 9113 §4.1).
    @inline(__always)
    public static func writeHeader(length: Int, type: FrameType, flags: UInt8, stream: UInt32, into output: inout [UInt8]) {
        output.append(UInt8(truncatingIfNeeded: length >> 16))
        output.append(UInt8(truncatingIfNeeded: length >> 8))
        output.append(UInt8(truncatingIfNeeded: length))
        output.append(type.rawValue)
        output.append(flags)
        appendUInt32(stream & 0x7FFF_FFFF, into: &output)
    }

    private static func writePadded(
        _ type: FrameType, flags: UInt8, stream: UInt32, padding: Int?, fixed: [UInt8], body: ArraySlice<UInt8>,
        into output: inout [UInt8]
    ) {
        guard let padding else {
            writeHeader(length: fixed.count + body.count, type: type, flags: flags, stream: stream, into: &output)
            output.append(contentsOf: fixed)
            output.append(contentsOf: body)
            return
        }
        precondition((0...255).contains(padding), "padding must be 0...255 octets")
        writeHeader(length: 1 + fixed.count + body.count + padding, type: type, flags: flags | FrameFlags.padded, stream: stream, into: &output)
        output.append(UInt8(padding))
        output.append(contentsOf: fixed)
        output.append(contentsOf: body)
        output.append(contentsOf: repeatElement(0, count: padding))
    }

    @inline(__always)
    private static func appendUInt32(_ value: UInt32, into output: inout [UInt8]) {
        output.append(UInt8(truncatingIfNeeded: value >> 24))
        output.append(UInt8(truncatingIfNeeded: value >> 16))
        output.append(UInt8(truncatingIfNeeded: value >> 8))
        output.append(UInt8(truncatingIfNeeded: value))
    }

    private static func appendPriority(_ priority: PriorityFields, into output: inout [UInt8]) {
        appendUInt32((priority.exclusive ? 0x8000_0000 : 0) | (priority.dependency & 0x7FFF_FFFF), into: &output)
        output.append(priority.weight)
    }
}
