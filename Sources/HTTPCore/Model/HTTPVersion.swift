/// An HTTP version as `major.minor` single digits (`HTTP/1.1` is `HTTPVersion(major: 1, minor: 1)`), of a
/// status line or a request line.
public struct HTTPVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major version; the response parser only produces 1.
    public var major: Int
    /// The minor version; minors above 1 are kept as received and behave like 1.1.
    public var minor: Int

    /// A version from its two numbers.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// Orders by major, then minor.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// `"HTTP/1.1"`.
    public var description: String { "HTTP/\(self.major).\(self.minor)" }
}
