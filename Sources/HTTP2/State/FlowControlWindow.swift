/// A flow-control window this endpoint sends against (RFC 9113 §5.2, §6.9): how many DATA octets
/// the peer currently accepts on a stream, or on the connection (stream 0).
///
/// The size may go negative when the peer lowers SETTINGS_INITIAL_WINDOW_SIZE (§6.9.2); nothing
/// may be sent until WINDOW_UPDATEs bring it back above zero. It may never exceed 2^31 - 1.
public struct FlowControlWindow: Hashable, Sendable {
    /// The stream this window belongs to (0 for the connection): the scope of its errors.
    public let streamID: UInt32
    /// Octets that may be sent now (negative after a SETTINGS decrease).
    public private(set) var size: Int

    /// A window of `size` octets (65,535 initially, RFC 9113 §6.9.2).
    public init(streamID: UInt32, size: Int = 65_535) {
        self.streamID = streamID
        self.size = size
    }

    /// Octets that may be sent now (never negative).
    public var available: Int { max(0, self.size) }

    /// A WINDOW_UPDATE of `increment` arrived.
    ///
    /// - Throws: FLOW_CONTROL_ERROR if the window would exceed 2^31 - 1 (RFC 9113 §6.9.1): a stream
    ///   error for a stream's window, a connection error for the connection's. The size is unchanged.
    public mutating func increase(by increment: UInt32) throws(HTTP2Error) {
        let new = self.size + Int(increment)
        guard new <= HTTP2Settings.maxWindowSize else {
            let message = "WINDOW_UPDATE of \(increment) takes the window past 2^31-1"
            throw self.streamID == 0
                ? .connection(.flowControlError, message) : .stream(self.streamID, .flowControlError, message)
        }
        self.size = new
    }

    /// The peer's SETTINGS_INITIAL_WINDOW_SIZE changed by `delta` (stream windows only, §6.9.2).
    ///
    /// - Throws: a connection FLOW_CONTROL_ERROR if the window would exceed 2^31 - 1.
    public mutating func adjust(by delta: Int) throws(HTTP2Error) {
        let new = self.size + delta
        guard new <= HTTP2Settings.maxWindowSize else {
            throw .connection(.flowControlError, "SETTINGS_INITIAL_WINDOW_SIZE takes stream \(self.streamID)'s window past 2^31-1")
        }
        self.size = new
    }

    /// `octets` of DATA were sent (`octets` <= ``available``, checked by a precondition: sending past
    /// the window is a bug in the caller).
    public mutating func consume(_ octets: Int) {
        precondition(octets <= self.available, "sending \(octets) octets past a window of \(self.size)")
        self.size -= octets
    }
}
