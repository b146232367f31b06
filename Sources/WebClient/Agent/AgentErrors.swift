/// The Agent cannot make requests for this URI scheme.
///
/// Plain `http` is supported; `https` fails with this error until TLS support lands, and any other
/// scheme always does. Reported as the failure of ``Agent/request(method:uri:headers:bodyProducer:)``
/// before any connection is attempted.
///
/// Twisted: `twisted.web.error.SchemeNotSupported`.
public struct SchemeNotSupported: Error, CustomStringConvertible, Equatable, Sendable {
    /// The scheme of the URI, lowercased.
    public let scheme: String

    /// Creates the error.
    public init(scheme: String) {
        self.scheme = scheme
    }

    /// Names the scheme, and says why for `https`.
    public var description: String {
        scheme == "https"
            ? "scheme https is not supported yet (no TLS support); use http"
            : "scheme \(scheme) is not supported (only http)"
    }
}
