/// Allocates the identifiers of locally initiated streams (RFC 9113 §5.1.1): odd for a client,
/// even for a server, each larger than the last, up to 2^31 - 1.
///
/// When identifiers run out the connection cannot open more streams: the caller must send GOAWAY
/// and open a new connection for further requests.
public struct StreamIDAllocator: Hashable, Sendable {
    private let first: UInt32
    /// The highest identifier allocated so far (0 if none).
    public private(set) var lastAllocated: UInt32 = 0

    /// An allocator for a client (1, 3, 5, …) or a server (2, 4, 6, …), or starting at `first`
    /// (which must have the role's parity).
    public init(role: SettingsNegotiation.Role, first: UInt32? = nil) {
        self.first = first ?? (role == .client ? 1 : 2)
    }

    /// The identifier the next ``allocate()`` returns, or nil when exhausted.
    public var nextID: UInt32? {
        if self.lastAllocated == 0 { return self.first }
        return self.lastAllocated <= 0x7FFF_FFFF - 2 ? self.lastAllocated + 2 : nil
    }

    /// True when no identifier is left.
    public var isExhausted: Bool { self.nextID == nil }

    /// The next identifier, or nil when the 31-bit space is used up.
    public mutating func allocate() -> UInt32? {
        guard let id = self.nextID else { return nil }
        self.lastAllocated = id
        return id
    }
}
