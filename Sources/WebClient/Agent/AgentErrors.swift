/// The Agent cannot make requests for this URI scheme: its endpoint factory has no endpoint for it.
///
/// The standard factory (``StandardEndpointFactory``) serves `http` and `https`; any other scheme
/// (`ftp://example.com/`, `mailto:alice@example.com`) fails with this error. Reported as the failure of
/// ``Agent/request(method:uri:headers:bodyProducer:timeouts:)`` before any connection is attempted.
///
/// Twisted: `twisted.web.error.SchemeNotSupported`.
public struct SchemeNotSupported: Error, CustomStringConvertible, Equatable, Sendable {
    /// The scheme of the URI, lowercased.
    public let scheme: String

    /// Creates the error.
    public init(scheme: String) {
        self.scheme = scheme
    }

    /// Names the scheme.
    public var description: String { "scheme \(scheme) is not supported" }
}
