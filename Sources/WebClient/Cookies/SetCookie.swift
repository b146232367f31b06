/// One `Set-Cookie` header as RFC 6265 §5.2's user-agent algorithm reads it: the name, the value and the
/// attributes that count (for each, the last valid occurrence), before the jar applies its storage rules.
///
/// Parse with ``init(parsing:)``; write with ``headerValue``, which parses back to an equal value.
/// Strings hold header bytes isomorphically, as ``Headers`` does (byte 0xE9 is `U+00E9`), so a value of
/// UTF-8 bytes goes back on the wire unchanged.
///
/// Twisted: none (`cookielib`'s `parse_ns_headers` and its `Cookie` arguments).
public struct SetCookie: Sendable, Hashable, CustomStringConvertible {
    /// The cookie's name: not empty, no `=` or `;`, no leading or trailing space or tab.
    public var name: String
    /// The cookie's value, kept as sent (quotes included): no `;`, no leading or trailing space or tab.
    public var value: String
    /// The last `Expires` attribute that parsed as a cookie date (§5.2.1), as a Unix time.
    public var expires: Duration?
    /// The last valid `Max-Age` attribute (§5.2.2), in seconds; zero or less means "expired now". It wins
    /// over ``expires``. Values beyond ±10¹² seconds are clamped to that.
    public var maxAge: Int64?
    /// The last non-empty `Domain` attribute (§5.2.3), without one leading `.`, lowercased; `""` (from
    /// `Domain=.`) and `nil` both make a host-only cookie.
    public var domain: String?
    /// The last `Path` attribute, or `nil` when the last one was empty or did not start with `/`, or there
    /// was none: the jar then uses the request's default path (§5.1.4).
    public var path: String?
    /// Whether a `Secure` attribute was present: the cookie is only sent over https (§5.2.5).
    public var isSecure: Bool
    /// Whether an `HttpOnly` attribute was present (§5.2.6). Recorded and saved; an HTTP client has no
    /// scripts to hide the cookie from.
    public var isHTTPOnly: Bool
    /// The last `SameSite` attribute (RFC 6265bis §5.6.7), or `nil` for none or an unknown value.
    public var sameSite: SameSite?

    /// The largest `Max-Age` magnitude kept, in seconds (about 31,700 years).
    public static let maxAgeLimit: Int64 = 1_000_000_000_000

    /// A cookie from its parts (nothing is checked here; ``init(parsing:)`` is the checked way in).
    public init(
        name: String, value: String, expires: Duration? = nil, maxAge: Int64? = nil, domain: String? = nil,
        path: String? = nil, isSecure: Bool = false, isHTTPOnly: Bool = false, sameSite: SameSite? = nil
    ) {
        self.name = name
        self.value = value
        self.expires = expires
        self.maxAge = maxAge
        self.domain = domain
        self.path = path
        self.isSecure = isSecure
        self.isHTTPOnly = isHTTPOnly
        self.sameSite = sameSite
    }

    /// The `Set-Cookie` header value that means this cookie: `name=value`, then `Expires` (an IMF-fixdate),
    /// `Max-Age`, `Domain`, `Path`, `Secure`, `HttpOnly` and `SameSite` when set. ``init(parsing:)`` reads
    /// it back to an equal value (a domain that is empty or starts with `.`, a space or a tab is written
    /// with one more leading `.`, which the parser removes).
    public var headerValue: String {
        var out = name + "=" + value
        if let expires { out += "; Expires=" + CookieDate.format(expires) }
        if let maxAge { out += "; Max-Age=" + String(maxAge) }
        if let domain {
            let first = domain.utf8.first
            let needsDot = first == nil || first == UInt8(ascii: ".") || first == 0x20 || first == 0x09
            out += "; Domain=" + (needsDot ? "." + domain : domain)
        }
        if let path { out += "; Path=" + path }
        if isSecure { out += "; Secure" }
        if isHTTPOnly { out += "; HttpOnly" }
        if let sameSite { out += "; SameSite=" + sameSite.rawValue }
        return out
    }

    /// ``headerValue``.
    public var description: String { headerValue }
}

/// A cookie's `SameSite` attribute (RFC 6265bis §5.6.7).
///
/// Recorded, saved and offered to the caller, not enforced: every request an agent makes is its own
/// top-level request, so there is no cross-site context to withhold cookies from.
public enum SameSite: String, Sendable, Hashable, CaseIterable {
    /// `SameSite=Strict`.
    case strict = "Strict"
    /// `SameSite=Lax`.
    case lax = "Lax"
    /// `SameSite=None`.
    case none = "None"
}
