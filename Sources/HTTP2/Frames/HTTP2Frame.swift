/// One HTTP/2 frame (RFC 9113 §4.1, §6): a stream identifier and a typed payload.
///
/// Byte payloads (DATA, field block fragments, GOAWAY debug data) are slices of the buffer the
/// decoder read them from: no copy is made. Padding is removed and its length kept, because it
/// counts towards flow control (``DataFrame/flowControlledLength``).
public struct HTTP2Frame: Hashable, Sendable, CustomStringConvertible {
    /// The stream identifier (31 bits; 0 for connection-level frames).
    public var streamID: UInt32
    /// The frame's type-specific content.
    public var payload: Payload

    /// A frame.
    public init(streamID: UInt32, _ payload: Payload) {
        self.streamID = streamID
        self.payload = payload
    }

    /// The type-specific content of a frame.
    public enum Payload: Hashable, Sendable {
        /// DATA (§6.1).
        case data(DataFrame)
        /// HEADERS (§6.2): the first fragment of a field block, maybe with priority fields.
        case headers(HeadersFrame)
        /// PRIORITY (§6.3).
        case priority(PriorityFields)
        /// RST_STREAM (§6.4).
        case rstStream(HTTP2ErrorCode)
        /// SETTINGS (§6.5): parameters, or an acknowledgement (with none).
        case settings(SettingsFrame)
        /// PUSH_PROMISE (§6.6).
        case pushPromise(PushPromiseFrame)
        /// PING (§6.7): eight opaque octets as a big-endian integer.
        case ping(PingFrame)
        /// GOAWAY (§6.8).
        case goAway(GoAwayFrame)
        /// WINDOW_UPDATE (§6.9): an increment of 1...2^31-1.
        case windowUpdate(increment: UInt32)
        /// CONTINUATION (§6.10): a further fragment of the field block begun by HEADERS or PUSH_PROMISE.
        case continuation(ContinuationFrame)
    }

    /// The frame type of ``payload``.
    public var type: FrameType {
        switch self.payload {
        case .data: .data
        case .headers: .headers
        case .priority: .priority
        case .rstStream: .rstStream
        case .settings: .settings
        case .pushPromise: .pushPromise
        case .ping: .ping
        case .goAway: .goAway
        case .windowUpdate: .windowUpdate
        case .continuation: .continuation
        }
    }

    /// `TYPE stream N …` with the payload's fields.
    public var description: String { "\(self.type) stream \(self.streamID) \(self.payload)" }
}

/// The content of a DATA frame.
public struct DataFrame: Hashable, Sendable {
    /// The data, padding removed.
    public var data: ArraySlice<UInt8>
    /// END_STREAM: the sender's last frame on the stream.
    public var endStream: Bool
    /// The Pad Length field when the frame was PADDED (the padding octets removed), else nil.
    public var padding: Int?

    /// A DATA payload; `padding` (0...255) adds a Pad Length field and that many zero octets.
    public init(data: ArraySlice<UInt8>, endStream: Bool = false, padding: Int? = nil) {
        self.data = data
        self.endStream = endStream
        self.padding = padding
    }

    /// The octets the frame counts against flow-control windows: its whole payload, including the
    /// Pad Length field and the padding (RFC 9113 §6.1, §6.9).
    public var flowControlledLength: Int { self.data.count + (self.padding.map { $0 + 1 } ?? 0) }
}

/// The deprecated priority fields of HEADERS and PRIORITY frames (RFC 9113 §5.3.2, §6.3).
public struct PriorityFields: Hashable, Sendable {
    /// The E flag: an exclusive dependency.
    public var exclusive: Bool
    /// The stream this one depends on.
    public var dependency: UInt32
    /// The weight field as sent (0...255; the weight is this plus one).
    public var weight: UInt8

    /// Priority fields.
    public init(exclusive: Bool = false, dependency: UInt32 = 0, weight: UInt8 = 15) {
        self.exclusive = exclusive
        self.dependency = dependency
        self.weight = weight
    }
}

/// The content of a HEADERS frame.
public struct HeadersFrame: Hashable, Sendable {
    /// This frame's fragment of the HPACK field block, padding removed.
    public var fragment: ArraySlice<UInt8>
    /// END_STREAM.
    public var endStream: Bool
    /// END_HEADERS: the block is complete; otherwise CONTINUATION frames follow.
    public var endHeaders: Bool
    /// The priority fields when the PRIORITY flag was set.
    public var priority: PriorityFields?
    /// The Pad Length when PADDED.
    public var padding: Int?

    /// A HEADERS payload.
    public init(
        fragment: ArraySlice<UInt8>, endStream: Bool = false, endHeaders: Bool = true, priority: PriorityFields? = nil,
        padding: Int? = nil
    ) {
        self.fragment = fragment
        self.endStream = endStream
        self.endHeaders = endHeaders
        self.priority = priority
        self.padding = padding
    }
}

/// The content of a SETTINGS frame: parameters in order, or an acknowledgement.
public struct SettingsFrame: Hashable, Sendable {
    /// The ACK flag (then ``parameters`` is empty).
    public var ack: Bool
    /// The parameters, in the order sent (unknown identifiers included).
    public var parameters: [HTTP2Setting]

    /// A SETTINGS payload with parameters.
    public init(_ parameters: [HTTP2Setting]) {
        self.ack = false
        self.parameters = parameters
    }

    /// A SETTINGS acknowledgement.
    public static let ack = SettingsFrame(ack: true)

    private init(ack: Bool) {
        self.ack = ack
        self.parameters = []
    }
}

/// The content of a PUSH_PROMISE frame.
public struct PushPromiseFrame: Hashable, Sendable {
    /// The stream the server reserves.
    public var promisedStreamID: UInt32
    /// This frame's fragment of the field block (the promised request's header fields).
    public var fragment: ArraySlice<UInt8>
    /// END_HEADERS.
    public var endHeaders: Bool
    /// The Pad Length when PADDED.
    public var padding: Int?

    /// A PUSH_PROMISE payload.
    public init(promisedStreamID: UInt32, fragment: ArraySlice<UInt8>, endHeaders: Bool = true, padding: Int? = nil) {
        self.promisedStreamID = promisedStreamID
        self.fragment = fragment
        self.endHeaders = endHeaders
        self.padding = padding
    }
}

/// The content of a PING frame.
public struct PingFrame: Hashable, Sendable {
    /// The eight opaque octets, big-endian.
    public var opaqueData: UInt64
    /// The ACK flag: this answers a PING.
    public var ack: Bool

    /// A PING payload.
    public init(opaqueData: UInt64, ack: Bool = false) {
        self.opaqueData = opaqueData
        self.ack = ack
    }
}

/// The content of a GOAWAY frame.
public struct GoAwayFrame: Hashable, Sendable {
    /// The highest stream the sender may have processed; higher ones were not processed at all.
    public var lastStreamID: UInt32
    /// Why the connection is closing (NO_ERROR for a graceful shutdown).
    public var errorCode: HTTP2ErrorCode
    /// Opaque diagnostic data.
    public var debugData: ArraySlice<UInt8>

    /// A GOAWAY payload.
    public init(lastStreamID: UInt32, errorCode: HTTP2ErrorCode, debugData: ArraySlice<UInt8> = []) {
        self.lastStreamID = lastStreamID
        self.errorCode = errorCode
        self.debugData = debugData
    }
}

/// The content of a CONTINUATION frame.
public struct ContinuationFrame: Hashable, Sendable {
    /// A further fragment of the field block.
    public var fragment: ArraySlice<UInt8>
    /// END_HEADERS: the block is complete.
    public var endHeaders: Bool

    /// A CONTINUATION payload.
    public init(fragment: ArraySlice<UInt8>, endHeaders: Bool = true) {
        self.fragment = fragment
        self.endHeaders = endHeaders
    }
}
