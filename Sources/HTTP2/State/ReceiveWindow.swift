/// A flow-control window the peer sends against, and the policy that reopens it (RFC 9113 §5.2,
/// §6.9): one per stream and one for the connection (stream 0).
///
/// The window is not reopened as DATA arrives but as the **consumer reads** it: ``receive(_:)``
/// shrinks the window and counts the octets as buffered; ``consume(_:)`` (the body consumer took
/// them) counts them as owed to the peer, and once the owed octets reach ``updateThreshold`` it
/// returns the WINDOW_UPDATE increment to send. A consumer that pauses therefore stops the
/// updates, the window runs down to zero, and the server must stop sending: memory per stream stays
/// bounded by ``target``.
public struct ReceiveWindow: Hashable, Sendable {
    /// The stream this window belongs to (0 for the connection): the scope of its errors.
    public let streamID: UInt32
    /// Octets the peer may still send before our next WINDOW_UPDATE (negative after we lowered
    /// SETTINGS_INITIAL_WINDOW_SIZE).
    public private(set) var size: Int
    /// The window we keep granting: our SETTINGS_INITIAL_WINDOW_SIZE for a stream, our chosen
    /// connection window for stream 0.
    public private(set) var target: Int
    /// Octets received and not yet consumed.
    public private(set) var buffered = 0
    /// Octets consumed and not yet returned to the peer with WINDOW_UPDATE.
    public private(set) var owed = 0

    /// A window whose peer starts with `initialSize` (65,535 unless our SETTINGS said otherwise, and
    /// always 65,535 for the connection) and that we keep at `target`.
    public init(streamID: UInt32, initialSize: Int = 65_535, target: Int? = nil) {
        self.streamID = streamID
        self.size = initialSize
        self.target = target ?? initialSize
    }

    /// Owed octets that trigger a WINDOW_UPDATE: half the target (as nghttp2 and Go do), so updates
    /// are batched and the peer never stalls on a window that a running consumer keeps reading.
    public var updateThreshold: Int { max(1, self.target / 2) }

    /// A DATA frame whose flow-controlled length is `octets` arrived.
    ///
    /// - Throws: FLOW_CONTROL_ERROR when the peer sent more than the window allows (a stream error
    ///   for a stream's window, a connection error for the connection's).
    public mutating func receive(_ octets: Int) throws(HTTP2Error) {
        guard octets <= self.size else {
            let message = "\(octets) octets of DATA exceed the window of \(self.size)"
            throw self.streamID == 0
                ? .connection(.flowControlError, message) : .stream(self.streamID, .flowControlError, message)
        }
        self.size -= octets
        self.buffered += octets
    }

    /// The consumer took `octets` of what was received (or they need no consumer: padding, data of a
    /// stream that was reset). Returns the WINDOW_UPDATE increment to send now, if any.
    public mutating func consume(_ octets: Int) -> UInt32? {
        precondition(octets <= self.buffered, "consuming \(octets) octets of \(self.buffered) received")
        self.buffered -= octets
        self.owed += octets
        return self.flushIfDue()
    }

    /// Our SETTINGS_INITIAL_WINDOW_SIZE (for a stream) changed to `target` and the peer acknowledged
    /// it: the window moves by the difference (RFC 9113 §6.9.2). For the connection window, which
    /// SETTINGS does not change, use ``setConnectionTarget(_:)``.
    public mutating func applyInitialWindowSize(_ target: Int) {
        self.size += target - self.target
        self.target = target
    }

    /// Raises (or lowers) the connection window we keep; returns the WINDOW_UPDATE increment that
    /// brings the peer's view up to it now, if it grew.
    public mutating func setConnectionTarget(_ target: Int) -> UInt32? {
        let grant = target - (self.size + self.buffered + self.owed)
        self.target = target
        guard grant > 0 else { return nil }
        self.size += grant
        return UInt32(grant)
    }

    private mutating func flushIfDue() -> UInt32? {
        guard self.owed >= self.updateThreshold else { return nil }
        // Never grant past the target (a lowered initial window may leave the size negative).
        let grant = min(self.owed, self.target - self.size - self.buffered)
        self.owed = 0
        guard grant > 0 else { return nil }
        self.size += grant
        return UInt32(grant)
    }
}
