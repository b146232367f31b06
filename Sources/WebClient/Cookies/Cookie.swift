/// A cookie as a jar stores it: the fields of RFC 6265 §5.3.
///
/// Times are Unix times (the `Duration` since 1970-01-01T00:00:00Z) on the jar's clock (see
/// ``CookieJar``). Strings hold header bytes isomorphically, as ``Headers`` does.
///
/// Twisted: `http.cookiejar.Cookie` (what `cookielib` stores for Twisted's `CookieAgent`).
public struct Cookie: Sendable, Hashable, CustomStringConvertible {
    /// The name (not empty).
    public var name: String
    /// The value, as the server sent it.
    public var value: String
    /// The domain, lowercased, without a leading `.`: the request's host for a host-only cookie, the
    /// `Domain` attribute otherwise.
    public var domain: String
    /// The path: the cookie is sent with requests whose path path-matches it (§5.1.4).
    public var path: String
    /// When the cookie expires, or `nil` for a session cookie (the RFC's persistent-flag false): one
    /// that lives until ``CookieJar/removeSessionCookies()`` or the jar's end.
    public var expires: Duration?
    /// Whether the cookie goes only to ``domain`` itself (no `Domain` attribute), not to its subdomains.
    public var isHostOnly: Bool
    /// Whether the cookie goes only over secure connections (https).
    public var isSecure: Bool
    /// Whether the cookie had `HttpOnly` (kept and saved; it changes nothing for an HTTP client).
    public var isHTTPOnly: Bool
    /// The `SameSite` attribute, recorded (see ``SameSite``).
    public var sameSite: SameSite?
    /// When the cookie was first stored (a replacement keeps the time of the cookie it replaced).
    public var creationTime: Duration
    /// When the cookie was last sent (or stored).
    public var lastAccessTime: Duration

    /// A cookie from its fields.
    public init(
        name: String, value: String, domain: String, path: String = "/", expires: Duration? = nil,
        isHostOnly: Bool = true, isSecure: Bool = false, isHTTPOnly: Bool = false, sameSite: SameSite? = nil,
        creationTime: Duration = .zero, lastAccessTime: Duration = .zero
    ) {
        self.name = name
        self.value = value
        self.domain = domain
        self.path = path
        self.expires = expires
        self.isHostOnly = isHostOnly
        self.isSecure = isSecure
        self.isHTTPOnly = isHTTPOnly
        self.sameSite = sameSite
        self.creationTime = creationTime
        self.lastAccessTime = lastAccessTime
    }

    /// Whether the cookie is a session cookie (it has no expiry time).
    public var isSession: Bool { expires == nil }

    /// Whether the cookie has expired at `time` (its expiry is at or before it).
    public func isExpired(at time: Duration) -> Bool {
        guard let expires else { return false }
        return expires <= time
    }

    /// The cookie as a `Set-Cookie` header value for its domain and path (``SetCookie/headerValue``):
    /// `name=value; Expires=…; Domain=…; Path=…` and its flags.
    public var description: String {
        SetCookie(
            name: name, value: value, expires: expires, domain: isHostOnly ? nil : domain, path: path,
            isSecure: isSecure, isHTTPOnly: isHTTPOnly, sameSite: sameSite
        ).headerValue
    }
}
