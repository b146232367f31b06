/// What a received GOAWAY (RFC 9113 §6.8) means for the streams this endpoint opened.
///
/// The peer processed nothing on streams above `lastStreamID`: they are safe to retry on a new
/// connection whatever their method. Streams at or below it may have been processed: they go on
/// (with NO_ERROR they normally complete; with an error code they may still complete or be reset),
/// and fail with a typed error if the connection closes first. No new stream may be opened.
public struct GoAwayTracker: Hashable, Sendable {
    /// The outcome of one GOAWAY for the locally initiated streams still active.
    public struct Outcome: Hashable, Sendable {
        /// Streams above the last stream id, in increasing order: not processed, safe to retry elsewhere.
        public let retry: [UInt32]
        /// Streams at or below it, in increasing order: may have been processed; they go on.
        public let continuing: [UInt32]
        /// The frame's error code (NO_ERROR for a graceful shutdown).
        public let errorCode: HTTP2ErrorCode
    }

    /// The last GOAWAY received, if any.
    public private(set) var received: GoAwayFrame?

    /// No GOAWAY yet.
    public init() {}

    /// False once a GOAWAY arrived: new streams must go to another connection.
    public var mayOpenStreams: Bool { self.received == nil }

    /// A GOAWAY arrived while `activeStreams` (locally initiated, not closed) are in flight.
    ///
    /// - Throws: a connection PROTOCOL_ERROR if its last stream id is higher than an earlier
    ///   GOAWAY's (RFC 9113 §6.8: "MUST NOT increase").
    public mutating func receive(_ frame: GoAwayFrame, activeStreams: some Sequence<UInt32>) throws(HTTP2Error) -> Outcome {
        if let earlier = self.received, frame.lastStreamID > earlier.lastStreamID {
            throw .connection(
                .protocolError, "GOAWAY raised the last stream id from \(earlier.lastStreamID) to \(frame.lastStreamID)")
        }
        self.received = frame
        var retry: [UInt32] = []
        var continuing: [UInt32] = []
        for id in activeStreams.sorted() {
            if id > frame.lastStreamID { retry.append(id) } else { continuing.append(id) }
        }
        return Outcome(retry: retry, continuing: continuing, errorCode: frame.errorCode)
    }
}
