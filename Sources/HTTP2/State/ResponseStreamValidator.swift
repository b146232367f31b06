/// The shape of one response on a stream (RFC 9113 §8.1) as a value: zero or more interim (1xx)
/// heads, one final head, DATA, optional trailers, END_STREAM; and the content-length rule.
///
/// Fed the decoded field sections and DATA lengths of one stream in order, it returns what each
/// one is and throws a stream PROTOCOL_ERROR for a malformed response: DATA before the final head,
/// an interim head ending the stream, trailers without END_STREAM, DATA beyond `content-length`
/// or a total that differs from it at END_STREAM (no content is allowed for HEAD, 204 and 304).
public struct ResponseStreamValidator: Hashable, Sendable {
    /// What a field section was.
    public enum Section: Hashable, Sendable {
        /// An interim response (100...199 except 101): more heads follow.
        case informational(status: Int)
        /// The final response head.
        case head(ResponseHeaderValidator.Head)
        /// Trailers (the stream ends with them).
        case trailers
    }

    private enum State: Hashable, Sendable {
        case awaitingHead
        /// `expected` is nil when any length is fine; `received` counts DATA octets so far.
        case body(expected: Int?, received: Int, noContent: Bool)
        case complete
    }

    /// The stream.
    public let streamID: UInt32
    /// The request was HEAD: the response has no content whatever its fields say.
    public let isHeadRequest: Bool
    private var state: State = .awaitingHead

    /// A validator for the response to a request on `streamID`.
    public init(streamID: UInt32, isHeadRequest: Bool = false) {
        self.streamID = streamID
        self.isHeadRequest = isHeadRequest
    }

    /// True once the response ended (END_STREAM after a valid message).
    public var isComplete: Bool { self.state == .complete }

    /// A field section arrived (after HPACK decoding), with the frame's END_STREAM.
    public mutating func receiveHeaders(_ fields: HeaderList, endStream: Bool) throws(HTTP2Error) -> Section {
        switch self.state {
        case .awaitingHead:
            let head = try ResponseHeaderValidator.validateHead(fields, streamID: self.streamID)
            if head.status < 200 {
                if endStream {
                    throw ResponseHeaderValidator.malformed(self.streamID, "interim response \(head.status) ends the stream")
                }
                return .informational(status: head.status)
            }
            let noContent = self.isHeadRequest || head.status == 204 || head.status == 304
            self.state = .body(expected: noContent ? 0 : head.contentLength, received: 0, noContent: noContent)
            if endStream { try self.finish() }
            return .head(head)
        case .body:
            guard endStream else { throw ResponseHeaderValidator.malformed(self.streamID, "trailers without END_STREAM") }
            try ResponseHeaderValidator.validateTrailers(fields, streamID: self.streamID)
            try self.finish()
            return .trailers
        case .complete:
            throw ResponseHeaderValidator.malformed(self.streamID, "a field section after the response ended")
        }
    }

    /// A DATA frame with `length` octets of data (padding excluded) arrived, with its END_STREAM.
    public mutating func receiveData(length: Int, endStream: Bool) throws(HTTP2Error) {
        guard case .body(let expected, let received, let noContent) = self.state else {
            throw ResponseHeaderValidator.malformed(
                self.streamID, self.state == .complete ? "DATA after the response ended" : "DATA before the response head")
        }
        let total = received + length
        if let expected, total > expected {
            throw ResponseHeaderValidator.malformed(
                self.streamID, noContent ? "content in a response that has none" : "DATA exceeds content-length \(expected)")
        }
        self.state = .body(expected: expected, received: total, noContent: noContent)
        if endStream { try self.finish() }
    }

    private mutating func finish() throws(HTTP2Error) {
        if case .body(let expected?, let received, let noContent) = self.state, !noContent, received != expected {
            throw ResponseHeaderValidator.malformed(self.streamID, "\(received) octets of DATA for content-length \(expected)")
        }
        self.state = .complete
    }
}
