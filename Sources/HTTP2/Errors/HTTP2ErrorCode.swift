/// An HTTP/2 error code (RFC 9113 §7), as carried by RST_STREAM and GOAWAY frames.
///
/// A struct rather than an enum because the registry is open: an unknown code received from a peer
/// is kept as it is (RFC 9113 §7: "Unknown or unsupported error codes MUST NOT trigger any special
/// behavior") and can be compared, printed and sent back unchanged.
public struct HTTP2ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 32-bit code on the wire.
    public let rawValue: UInt32

    /// Wraps a code from the wire; every value is accepted.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// NO_ERROR (0x0): a graceful shutdown, not an error.
    public static let noError = Self(rawValue: 0x0)
    /// PROTOCOL_ERROR (0x1): an unspecific protocol violation.
    public static let protocolError = Self(rawValue: 0x1)
    /// INTERNAL_ERROR (0x2): the endpoint failed on its own.
    public static let internalError = Self(rawValue: 0x2)
    /// FLOW_CONTROL_ERROR (0x3): the peer broke the flow-control protocol.
    public static let flowControlError = Self(rawValue: 0x3)
    /// SETTINGS_TIMEOUT (0x4): a SETTINGS frame was not acknowledged in time.
    public static let settingsTimeout = Self(rawValue: 0x4)
    /// STREAM_CLOSED (0x5): a frame arrived on a half-closed or closed stream.
    public static let streamClosed = Self(rawValue: 0x5)
    /// FRAME_SIZE_ERROR (0x6): a frame had an invalid size.
    public static let frameSizeError = Self(rawValue: 0x6)
    /// REFUSED_STREAM (0x7): the stream was refused before any processing (safe to retry).
    public static let refusedStream = Self(rawValue: 0x7)
    /// CANCEL (0x8): the stream is no longer needed.
    public static let cancel = Self(rawValue: 0x8)
    /// COMPRESSION_ERROR (0x9): the field-block compression context cannot be maintained.
    public static let compressionError = Self(rawValue: 0x9)
    /// CONNECT_ERROR (0xa): a CONNECT tunnel was reset or closed abnormally.
    public static let connectError = Self(rawValue: 0xa)
    /// ENHANCE_YOUR_CALM (0xb): the peer is generating excessive load.
    public static let enhanceYourCalm = Self(rawValue: 0xb)
    /// INADEQUATE_SECURITY (0xc): the transport does not meet the security requirements.
    public static let inadequateSecurity = Self(rawValue: 0xc)
    /// HTTP_1_1_REQUIRED (0xd): use HTTP/1.1 for this request.
    public static let http11Required = Self(rawValue: 0xd)

    /// The RFC's name (`PROTOCOL_ERROR`), or `UNKNOWN(0x…)` for a code outside the registry.
    public var description: String {
        let names = [
            "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
            "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR",
            "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
        ]
        if self.rawValue < names.count { return names[Int(self.rawValue)] }
        return "UNKNOWN(0x\(String(self.rawValue, radix: 16)))"
    }
}
