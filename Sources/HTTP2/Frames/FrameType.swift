/// The type octet of an HTTP/2 frame (RFC 9113 §6, §11.2).
///
/// A struct because the registry is open: frames of unknown types are skipped by the decoder
/// (RFC 9113 §4.1, §5.5) and can still be named and encoded.
public struct FrameType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The octet on the wire.
    public let rawValue: UInt8

    /// Wraps a type octet; every value is accepted.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// DATA (0x0), §6.1.
    public static let data = Self(rawValue: 0x0)
    /// HEADERS (0x1), §6.2.
    public static let headers = Self(rawValue: 0x1)
    /// PRIORITY (0x2), §6.3 (deprecated signalling, still parsed).
    public static let priority = Self(rawValue: 0x2)
    /// RST_STREAM (0x3), §6.4.
    public static let rstStream = Self(rawValue: 0x3)
    /// SETTINGS (0x4), §6.5.
    public static let settings = Self(rawValue: 0x4)
    /// PUSH_PROMISE (0x5), §6.6.
    public static let pushPromise = Self(rawValue: 0x5)
    /// PING (0x6), §6.7.
    public static let ping = Self(rawValue: 0x6)
    /// GOAWAY (0x7), §6.8.
    public static let goAway = Self(rawValue: 0x7)
    /// WINDOW_UPDATE (0x8), §6.9.
    public static let windowUpdate = Self(rawValue: 0x8)
    /// CONTINUATION (0x9), §6.10.
    public static let continuation = Self(rawValue: 0x9)

    /// The RFC's name (`WINDOW_UPDATE`), or `UNKNOWN(0x…)`.
    public var description: String {
        let names = [
            "DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE", "PING", "GOAWAY",
            "WINDOW_UPDATE", "CONTINUATION",
        ]
        if self.rawValue < names.count { return names[Int(self.rawValue)] }
        return "UNKNOWN(0x\(String(self.rawValue, radix: 16)))"
    }
}

/// The flag bits of the frame header that this module interprets (RFC 9113 §6); other bits are
/// ignored on receipt and never sent.
enum FrameFlags {
    static let endStream: UInt8 = 0x1
    static let ack: UInt8 = 0x1
    static let endHeaders: UInt8 = 0x4
    static let padded: UInt8 = 0x8
    static let priority: UInt8 = 0x20
}

/// The connection preface (RFC 9113 §3.4).
public enum ConnectionPreface {
    /// The 24 octets a client sends first, before its SETTINGS frame:
    /// `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`.
    public static let client: [UInt8] = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
}
