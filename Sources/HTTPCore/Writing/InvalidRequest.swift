/// A request refused before any byte was written, because caller data would make an invalid
/// or ambiguous message (header injection, bad framing, conflicting connection options).
///
/// Nothing was sent and the connection is untouched; retrying the same request fails again.
public struct InvalidRequest: Error, CustomStringConvertible, Equatable, Sendable {
    /// Which part of the request is at fault.
    public enum Component: String, Sendable, Equatable, CaseIterable {
        /// The method is empty or not a token.
        case method
        /// The request-target is empty or holds SP, a control byte, `#` or non-ASCII.
        case target
        /// The host is empty, holds a byte outside RFC 3986 host syntax (e.g. userinfo's `@`),
        /// or a caller `Host` field disagrees with it.
        case host
        /// A header name is empty or not a token.
        case headerName = "header name"
        /// A header value holds CR, LF, NUL or a character above U+00FF.
        case headerValue = "header value"
        /// A caller `Content-Length`/`Transfer-Encoding` contradicts the body, or a length is negative.
        case framing
        /// A caller `Connection` field is malformed, contradicts `persistent`, or asks for an upgrade.
        case connection
        /// An `Upgrade` field outside the explicit `upgrade` parameter, or a malformed one.
        case upgrade
    }

    /// The faulty part.
    public let component: Component
    /// The header field involved, when there is one (as given, possibly containing bad bytes).
    public let field: String?
    /// What is wrong, naming the field, e.g. `header "X-A" value contains CR`.
    public let message: String

    /// Creates an error; the request writer is the usual source.
    public init(_ component: Component, field: String? = nil, _ message: String) {
        self.component = component
        self.field = field
        self.message = message
    }

    /// `"invalid request: <message>"`.
    public var description: String { "invalid request: \(self.message)" }
}
