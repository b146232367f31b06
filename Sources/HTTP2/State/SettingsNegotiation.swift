/// SETTINGS negotiation for one connection (RFC 9113 §6.5.3) as a value: which of our settings are
/// in force, which were sent and await acknowledgement, and the peer's.
///
/// Our settings take effect only when the peer acknowledges them, in the order sent; the peer's
/// take effect when received, and must be acknowledged at once. Each event returns the settings
/// before and after, so the connection can apply the differences (HPACK table sizes, frame size
/// limits, window adjustments, the stream limit).
public struct SettingsNegotiation: Hashable, Sendable {
    /// Which end of the connection this endpoint is (the peer's rules differ, RFC 9113 §6.5.2).
    public enum Role: Hashable, Sendable {
        /// The endpoint that sent the connection preface (odd stream ids).
        case client
        /// The endpoint that accepted the connection (even stream ids, may push).
        case server
    }

    /// A change of settings in force.
    public struct Change: Hashable, Sendable {
        /// The settings before.
        public let previous: HTTP2Settings
        /// The settings now in force.
        public let current: HTTP2Settings

        /// The change in SETTINGS_INITIAL_WINDOW_SIZE, to apply to every stream window (§6.9.2).
        public var initialWindowDelta: Int { self.current.initialWindowSize - self.previous.initialWindowSize }
    }

    /// This endpoint's role.
    public let role: Role
    /// Our settings the peer has acknowledged (in force for what the peer sends).
    public private(set) var local = HTTP2Settings()
    /// The peer's settings (in force for what we send).
    public private(set) var remote = HTTP2Settings()
    /// Our SETTINGS frames sent and not yet acknowledged, oldest first.
    public private(set) var pending: [[HTTP2Setting]] = []

    /// A negotiation at the start of a connection: both sides at the RFC's initial values.
    public init(role: Role) { self.role = role }

    /// True while a SETTINGS frame of ours awaits its ACK (the connection's SETTINGS_TIMEOUT runs).
    public var awaitingAcknowledgement: Bool { !self.pending.isEmpty }

    /// We send `parameters`: returns the SETTINGS frame to write, recorded as pending.
    public mutating func send(_ parameters: [HTTP2Setting]) -> HTTP2Frame {
        self.pending.append(parameters)
        return HTTP2Frame(streamID: 0, .settings(SettingsFrame(parameters)))
    }

    /// A SETTINGS frame arrived (RFC 9113 §6.5.3).
    ///
    /// - Returns: for parameters, the change of the peer's settings and the ACK frame to write;
    ///   for an ACK, the change of our settings now in force (and no frame).
    /// - Throws: a connection PROTOCOL_ERROR for an ACK with nothing pending, or a server enabling
    ///   push (a client's rule, RFC 9113 §6.5.2).
    public mutating func receive(_ frame: SettingsFrame) throws(HTTP2Error) -> (change: Change, reply: HTTP2Frame?) {
        if frame.ack {
            guard !self.pending.isEmpty else {
                throw .connection(.protocolError, "a SETTINGS acknowledgement with no SETTINGS outstanding")
            }
            let previous = self.local
            self.local.apply(self.pending.removeFirst())
            return (Change(previous: previous, current: self.local), nil)
        }
        if self.role == .client, frame.parameters.contains(HTTP2Setting(.enablePush, 1)) {
            throw .connection(.protocolError, "a server sent SETTINGS_ENABLE_PUSH = 1")
        }
        let previous = self.remote
        self.remote.apply(frame.parameters)
        return (Change(previous: previous, current: self.remote), HTTP2Frame(streamID: 0, .settings(.ack)))
    }
}
