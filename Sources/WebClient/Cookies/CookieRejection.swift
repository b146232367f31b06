/// Why a `Set-Cookie` was ignored: by the parser (RFC 6265 §5.2, ``SetCookie/init(parsing:)``) or by the
/// jar's storage rules (§5.3, ``CookieJar/store(_:from:)``), or why a cookie set by hand was refused
/// (``CookieJar/set(_:)``).
///
/// Ignoring a cookie is what the RFC asks of a user agent, so these are reported (in the outcome of each
/// stored `Set-Cookie`), never thrown at the request: a response with a bad cookie is still a response.
///
/// Twisted: none (`cookielib` drops such cookies silently).
public enum CookieRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name-value pair has no `=` (§5.2 step 2; `Set-Cookie: foo`).
    case missingEquals
    /// The name is empty (§5.2 step 5; `Set-Cookie: =foo`).
    case emptyName
    /// The name or value holds a control character other than a tab (RFC 6265bis §5.7 step 3).
    case controlCharacter
    /// The name and value together are longer than 4096 bytes (RFC 6265bis §5.6 step 5).
    case tooLarge

    /// The `Domain` attribute does not domain-match the request's host (§5.3 step 6): a cookie for
    /// another site, a sibling, a subdomain of the host, or a name when the host is an IP address.
    case domainMismatch(domain: String, host: String)
    /// The `Domain` attribute is a public suffix (a single label such as `com` or `localhost`, or one of
    /// the multi-label suffixes Torsion knows, such as `co.uk`) and not the host itself (§5.3 step 5).
    case publicSuffix(domain: String)
    /// A `Secure` cookie came over a connection that is not secure (RFC 6265bis §5.7 step 13: only
    /// `https` responses may set `Secure` cookies).
    case secureFromInsecureOrigin
    /// A cookie from a connection that is not secure would shadow a `Secure` cookie of the same name
    /// (RFC 6265bis §5.7 step 16, "Leave Secure Cookies Alone").
    case wouldShadowSecureCookie
    /// A `__Secure-` cookie without the `Secure` attribute (RFC 6265bis §5.7 step 20).
    case securePrefix
    /// A `__Host-` cookie that is not `Secure`, has a `Domain` attribute, or whose `Path` is not `/`
    /// (RFC 6265bis §5.7 step 21).
    case hostPrefix
    /// A cookie set by hand (``CookieJar/set(_:)``) has an empty domain or a path not starting with `/`.
    case invalidCookie(String)

    /// What was wrong, in words.
    public var description: String {
        switch self {
        case .missingEquals: "the name-value pair has no '='"
        case .emptyName: "the cookie name is empty"
        case .controlCharacter: "the name or value holds a control character"
        case .tooLarge: "the name and value are longer than 4096 bytes"
        case .domainMismatch(let domain, let host): "Domain=\(domain) does not domain-match the host \(host)"
        case .publicSuffix(let domain): "Domain=\(domain) is a public suffix"
        case .secureFromInsecureOrigin: "a Secure cookie may only be set over https"
        case .wouldShadowSecureCookie: "it would shadow a Secure cookie of the same name (set over http)"
        case .securePrefix: "a __Secure- cookie needs the Secure attribute"
        case .hostPrefix: "a __Host- cookie needs Secure, Path=/ and no Domain"
        case .invalidCookie(let reason): "invalid cookie: \(reason)"
        }
    }
}
