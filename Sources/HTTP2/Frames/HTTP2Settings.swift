/// A SETTINGS parameter identifier (RFC 9113 §6.5.2). Unknown identifiers are kept, and ignored
/// when settings are applied (RFC 9113 §6.5.2: "MUST ignore").
public struct HTTP2SettingID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit identifier on the wire.
    public let rawValue: UInt16

    /// Wraps an identifier; every value is accepted.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// SETTINGS_HEADER_TABLE_SIZE (0x1): the HPACK table size the sender's decoder allows. Initial 4096.
    public static let headerTableSize = Self(rawValue: 0x1)
    /// SETTINGS_ENABLE_PUSH (0x2): 0 or 1. Initial 1; a server never sends 1.
    public static let enablePush = Self(rawValue: 0x2)
    /// SETTINGS_MAX_CONCURRENT_STREAMS (0x3): streams the sender lets the peer open. Initial unlimited.
    public static let maxConcurrentStreams = Self(rawValue: 0x3)
    /// SETTINGS_INITIAL_WINDOW_SIZE (0x4): the sender's initial stream receive window. Initial 65,535.
    public static let initialWindowSize = Self(rawValue: 0x4)
    /// SETTINGS_MAX_FRAME_SIZE (0x5): the largest frame payload the sender accepts. Initial 16,384.
    public static let maxFrameSize = Self(rawValue: 0x5)
    /// SETTINGS_MAX_HEADER_LIST_SIZE (0x6): advisory header list limit of the sender. Initial unlimited.
    public static let maxHeaderListSize = Self(rawValue: 0x6)

    /// The RFC's name, or `UNKNOWN(0x…)`.
    public var description: String {
        let names = [
            "", "HEADER_TABLE_SIZE", "ENABLE_PUSH", "MAX_CONCURRENT_STREAMS", "INITIAL_WINDOW_SIZE",
            "MAX_FRAME_SIZE", "MAX_HEADER_LIST_SIZE",
        ]
        if self.rawValue >= 1 && self.rawValue < names.count { return "SETTINGS_" + names[Int(self.rawValue)] }
        return "UNKNOWN(0x\(String(self.rawValue, radix: 16)))"
    }
}

/// One SETTINGS parameter: an identifier and its 32-bit value.
public struct HTTP2Setting: Hashable, Sendable, CustomStringConvertible {
    /// Which setting.
    public var id: HTTP2SettingID
    /// Its value.
    public var value: UInt32

    /// A parameter.
    public init(_ id: HTTP2SettingID, _ value: UInt32) {
        self.id = id
        self.value = value
    }

    /// `SETTINGS_MAX_FRAME_SIZE=16384`.
    public var description: String { "\(self.id)=\(self.value)" }
}

/// The values of all SETTINGS an endpoint has in force, with the RFC's initial values.
///
/// `nil` for the two limits the RFC leaves unlimited until set.
public struct HTTP2Settings: Hashable, Sendable {
    /// SETTINGS_HEADER_TABLE_SIZE.
    public var headerTableSize: Int = 4096
    /// SETTINGS_ENABLE_PUSH.
    public var enablePush: Bool = true
    /// SETTINGS_MAX_CONCURRENT_STREAMS; nil is unlimited.
    public var maxConcurrentStreams: Int? = nil
    /// SETTINGS_INITIAL_WINDOW_SIZE.
    public var initialWindowSize: Int = 65_535
    /// SETTINGS_MAX_FRAME_SIZE.
    public var maxFrameSize: Int = 16_384
    /// SETTINGS_MAX_HEADER_LIST_SIZE; nil is unlimited.
    public var maxHeaderListSize: Int? = nil

    /// The initial values of RFC 9113 §6.5.2.
    public init() {}

    /// The largest flow-control window (RFC 9113 §6.9.1): 2^31 - 1.
    public static let maxWindowSize = Int(Int32.max)
    /// The allowed range of SETTINGS_MAX_FRAME_SIZE (RFC 9113 §6.5.2).
    public static let frameSizeRange = 16_384...16_777_215

    /// Applies `parameters` in order (RFC 9113 §6.5.3); unknown identifiers are ignored. The values
    /// were range-checked by the frame decoder.
    public mutating func apply(_ parameters: [HTTP2Setting]) {
        for parameter in parameters {
            let value = Int(parameter.value)
            switch parameter.id {
            case .headerTableSize: self.headerTableSize = value
            case .enablePush: self.enablePush = value == 1
            case .maxConcurrentStreams: self.maxConcurrentStreams = value
            case .initialWindowSize: self.initialWindowSize = value
            case .maxFrameSize: self.maxFrameSize = value
            case .maxHeaderListSize: self.maxHeaderListSize = value
            default: break
            }
        }
    }

    /// Checks one received parameter's value (RFC 9113 §6.5.2); nil if valid.
    static func violation(_ parameter: HTTP2Setting) -> HTTP2Error? {
        switch parameter.id {
        case .enablePush where parameter.value > 1:
            return .connection(.protocolError, "SETTINGS_ENABLE_PUSH is \(parameter.value), not 0 or 1")
        case .initialWindowSize where parameter.value > UInt32(Self.maxWindowSize):
            return .connection(.flowControlError, "SETTINGS_INITIAL_WINDOW_SIZE \(parameter.value) exceeds 2^31-1")
        case .maxFrameSize where !Self.frameSizeRange.contains(Int(parameter.value)):
            return .connection(.protocolError, "SETTINGS_MAX_FRAME_SIZE \(parameter.value) is outside 16384...16777215")
        default:
            return nil
        }
    }
}
