extension HTTP2ClientStateMachine {
    /// The caller's name for a request (any value unique among its requests on this connection).
    public typealias RequestID = Int

    /// What the connection object must do after an input, in order.
    public enum Action: Hashable, Sendable {
        /// Write these bytes to the transport (all frames produced by one input, coalesced).
        case write([UInt8])
        /// The request got a stream (its HEADERS are in this input's write).
        case streamOpened(RequestID, streamID: UInt32)
        /// An interim (1xx) response head.
        case informational(streamID: UInt32, status: Int, fields: HeaderList)
        /// The final response head: deliver the response.
        case responseHead(streamID: UInt32, status: Int, fields: HeaderList)
        /// Response body octets (a slice of what was read): hand them to the body consumer, and report
        /// them with ``HTTP2ClientStateMachine/consumed(streamID:octets:)`` once it has taken them.
        case data(streamID: UInt32, ArraySlice<UInt8>)
        /// Trailers; the response ends next.
        case trailers(streamID: UInt32, fields: HeaderList)
        /// The response is complete.
        case responseEnded(streamID: UInt32)
        /// The stream failed; see ``StreamFailure`` for whether the request may be retried. Each stream
        /// ends once: with `.responseEnded` or with this, never both.
        case streamFailed(streamID: UInt32, StreamFailure)
        /// A request that never got a stream (GOAWAY, stream ids exhausted, connection closed):
        /// never sent, so always safe to send on another connection.
        case requestNotSent(RequestID)
        /// The request body producer of this stream may produce again: everything buffered was sent.
        case resumeProducing(streamID: UInt32)
        /// The peer answered our PING with this payload.
        case pingAcknowledged(UInt64)
        /// The peer sent GOAWAY: no new streams on this connection (the pool must stop using it).
        case goAwayReceived(lastStreamID: UInt32, HTTP2ErrorCode)
        /// Close the transport (after writing the preceding bytes); `error` is why, nil when graceful.
        case closeConnection(HTTP2Error?)
    }

    /// How a stream failed.
    public enum StreamFailure: Hashable, Sendable {
        /// The server did not process the stream (RST_STREAM REFUSED_STREAM, or a stream above a
        /// GOAWAY's last stream id): safe to retry on another connection, whatever the method.
        case refused
        /// The server reset the stream with this code (RST_STREAM).
        case reset(HTTP2ErrorCode)
        /// The response was malformed or broke a stream rule; we reset the stream with the error's code.
        case streamError(HTTP2Error)
        /// The connection failed (our connection error, or the peer's GOAWAY with an error code).
        case connectionError(HTTP2Error)
        /// The request was cancelled by the caller (we sent RST_STREAM CANCEL).
        case cancelled
        /// The transport closed before the stream ended.
        case connectionClosed

        /// True when the request was certainly not processed and may be sent again elsewhere.
        public var isRetrySafe: Bool { self == .refused }
    }

    /// The connection's settings and limits.
    public struct Configuration: Hashable, Sendable {
        /// Our SETTINGS_INITIAL_WINDOW_SIZE: the most response data buffered per stream.
        public var streamWindow: Int = 65_535
        /// The connection receive window we keep (raised from 65,535 by a WINDOW_UPDATE at start).
        public var connectionWindow: Int = 1 << 20
        /// Our SETTINGS_MAX_HEADER_LIST_SIZE, also the HPACK decoder's limit.
        public var maxHeaderListSize: Int = 64 * 1024
        /// Our SETTINGS_HEADER_TABLE_SIZE (the peer's encoder's table).
        public var headerTableSize: Int = 4096
        /// How our requests' fields are indexed.
        public var indexingPolicy: IndexingPolicy = .default
        /// The most frames of closed streams remembered, to treat their late frames as §5.1 says.
        public var closedStreamMemory: Int = 256

        /// The defaults above.
        public init() {}
    }
}
