import Glibc
import Reactor

/// Stores cookies from responses and gives the `Cookie` header for requests, following RFC 6265's
/// storage (§5.3) and retrieval (§5.4) models, with RFC 6265bis's cookie prefixes and secure-origin rules.
///
/// - Storing (``store(setCookies:from:)``): a cookie without `Domain` is host-only (sent to its host
///   alone); one with `Domain` is sent to that domain and its subdomains, and is refused when the domain
///   does not domain-match the request's host, or is a public suffix (a single label such as `com`, or
///   a known registry such as `co.uk`) other than the host itself; an IP-address host only gets
///   host-only cookies. A `Secure` cookie may only come over https, and a cookie from http may not shadow
///   a `Secure` one; `__Secure-` and `__Host-` names must meet their prefix's rules. A cookie with the
///   same name, domain and path replaces the stored one and keeps its creation time; `Max-Age` (which
///   wins over `Expires`) of zero or less, or an `Expires` in the past, deletes it.
/// - Sending (``cookieHeader(for:)``): the cookies whose domain matches the host (exactly, for host-only
///   ones), whose path path-matches the request's, that have not expired, and, for `Secure` ones, only
///   with https; longer paths first, then earlier creation. Sending updates their last-access time.
/// - Time: expiry is measured on `clock` (the reactor's, or a test's fake ``Clock``): the jar's
///   ``now`` is the Unix time it was made at plus the time that has passed on `clock` since, so advancing
///   a fake clock expires cookies, and a wall clock that jumps does not.
/// - Limits: at most ``Limits/perDomain`` cookies per domain (expired ones go first, then those not
///   `Secure`, then the least recently used) and ``Limits/total`` in all (least recently used first).
/// - Ports do not separate cookies (RFC 6265 §8.5); `SameSite` and `HttpOnly` are recorded, not
///   enforced (see ``SameSite``).
/// - Saving and loading: the Netscape `cookies.txt` format of curl and Python's `MozillaCookieJar`
///   (``netscapeFile(includeSessionCookies:)``, ``save(to:threads:includeSessionCookies:)``).
///
/// The jar is a class confined to one reactor thread, so that every agent and client of that reactor
/// can share one; its rules live in a value (tested without a clock), which the class pairs with the
/// clock.
///
/// Threading: reactor thread only (the thread of `clock`).
///
/// Twisted: `http.cookiejar.CookieJar` (`cookielib`), which Twisted's `CookieAgent` takes.
public final class CookieJar {
    /// The size limits of a jar.
    public struct Limits: Sendable, Hashable {
        /// The most cookies kept for one domain (the RFC's example and a common browser figure: 50).
        public var perDomain: Int
        /// The most cookies kept in all (the RFC's example: 3000). Past it, the jar evicts down to nine
        /// tenths of it.
        public var total: Int

        /// Limits of `perDomain` per domain and `total` in all; both at least 1.
        public init(perDomain: Int = 50, total: Int = 3000) {
            precondition(perDomain >= 1 && total >= 1, "cookie jar limits must be at least 1")
            self.perDomain = perDomain
            self.total = total
        }
    }

    /// What storing one `Set-Cookie` did.
    public enum StoreOutcome: Sendable, Hashable {
        /// The cookie is in the jar (new, or replacing one with the same name, domain and path).
        case stored(Cookie)
        /// The cookie had already expired: it was not kept, and removed the stored cookie with the same
        /// name, domain and path if there was one (how servers delete cookies).
        case expired(Cookie)
        /// The cookie was ignored, for this reason.
        case rejected(CookieRejection)
    }

    /// The clock expiry is measured on.
    public let clock: any ReactorTime
    /// The Unix time at `clock`'s zero: ``now`` is this plus `clock.now`.
    public let unixTimeAtClockZero: Duration
    var store: CookieStore

    /// An empty jar.
    ///
    /// - Parameters:
    ///   - clock: The reactor (or a test's fake ``Clock``) whose time expires cookies.
    ///   - unixTime: The Unix time (since 1970-01-01T00:00:00Z) it is now, by default the system's real-time
    ///     clock. Tests pass a fixed one.
    ///   - limits: The size limits.
    public init(clock: any ReactorTime, unixTime: Duration? = nil, limits: Limits = Limits()) {
        self.clock = clock
        self.unixTimeAtClockZero = (unixTime ?? Self.systemUnixTime()) - clock.now
        self.store = CookieStore(limits: limits)
    }

    /// The current Unix time on the jar's clock.
    public var now: Duration { unixTimeAtClockZero + clock.now }

    /// The jar's limits.
    public var limits: CookieJar.Limits { store.limits }

    /// How many cookies the jar holds (expired ones not yet evicted included).
    public var count: Int { store.count }

    // MARK: - Requests and responses

    /// The `Cookie` header value for a request to `uri`, or `nil` when no cookie matches; the cookies
    /// sent get `now` as their last-access time.
    ///
    /// Twisted: `CookieJar.add_cookie_header(request)`.
    public func cookieHeader(for uri: URI) -> String? {
        store.cookieHeader(for: Self.request(uri), now: now)
    }

    /// The cookies a request to `uri` would send, in the order they would be sent; nothing is updated.
    public func cookies(for uri: URI) -> [Cookie] {
        store.cookies(for: Self.request(uri), now: now)
    }

    /// Stores the `Set-Cookie` header values of a response to a request for `uri`, in order.
    ///
    /// - Returns: What happened to each, in order (a header that does not parse is
    ///   ``StoreOutcome/rejected(_:)``).
    ///
    /// Twisted: `CookieJar.extract_cookies(response, request)`.
    @discardableResult
    public func store(setCookies headers: some Sequence<String>, from uri: URI) -> [StoreOutcome] {
        let request = Self.request(uri)
        let now = self.now
        return headers.map { header in
            do throws(CookieRejection) {
                return store.receive(try SetCookie(parsing: header), from: request, now: now)
            } catch {
                return .rejected(error)
            }
        }
    }

    /// Stores one parsed `Set-Cookie` received from a request for `uri`.
    @discardableResult
    public func store(_ setCookie: SetCookie, from uri: URI) -> StoreOutcome {
        store.receive(setCookie, from: Self.request(uri), now: now)
    }

    /// ``cookieHeader(for:)`` for a request already in the rules' terms (``CookieAgent`` computes it once
    /// per exchange).
    func cookieHeader(for request: CookieStore.Request) -> String? {
        store.cookieHeader(for: request, now: now)
    }

    /// ``store(setCookies:from:)`` without collecting the outcomes.
    func storeQuietly(setCookies headers: [String], from request: CookieStore.Request) {
        let now = self.now
        for header in headers {
            if let setCookie = try? SetCookie(parsing: header) { _ = store.receive(setCookie, from: request, now: now) }
        }
    }

    // MARK: - By hand

    /// Every cookie that has not expired, by domain, then in creation order.
    public var cookies: [Cookie] { store.all(now: now) }

    /// Puts `cookie` in the jar as it is (no `Set-Cookie` rules), replacing the one with the same name,
    /// domain and path (whose creation time it keeps). Its creation time, when zero, and its last-access
    /// time become ``now``; an expired cookie removes the stored one and is not kept.
    ///
    /// - Throws: ``CookieRejection/emptyName``, ``CookieRejection/controlCharacter``, or
    ///   ``CookieRejection/invalidCookie(_:)`` for an empty domain or a path not starting with `/`.
    ///
    /// Twisted: `CookieJar.set_cookie(cookie)`.
    @discardableResult
    public func set(_ cookie: Cookie) throws(CookieRejection) -> StoreOutcome {
        var cookie = cookie
        guard !cookie.name.isEmpty else { throw .emptyName }
        guard !SetCookie.hasControlCharacter(cookie.name), !SetCookie.hasControlCharacter(cookie.value) else {
            throw .controlCharacter
        }
        cookie.domain = SetCookie.asciiLowercased(cookie.domain.hasPrefix(".") ? cookie.domain.dropFirst() : cookie.domain[...])
        guard !cookie.domain.isEmpty else { throw .invalidCookie("the domain is empty") }
        guard cookie.path.hasPrefix("/") else { throw .invalidCookie("the path does not start with '/'") }
        let now = self.now
        if cookie.creationTime == .zero { cookie.creationTime = now }
        cookie.lastAccessTime = now
        return store.insert(cookie, now: now)
    }

    /// Removes the cookie with this name, domain and path; returns whether there was one.
    ///
    /// Twisted: `CookieJar.clear(domain, path, name)`.
    @discardableResult
    public func remove(name: String, domain: String, path: String) -> Bool {
        store.remove(name: name, domain: domain, path: path) != nil
    }

    /// Removes every cookie, or those of one domain field; returns how many.
    ///
    /// Twisted: `CookieJar.clear()`, `CookieJar.clear(domain)`.
    @discardableResult
    public func removeAll(domain: String? = nil) -> Int {
        guard let domain else { return store.removeAll { _ in true } }
        return store.removeAll { $0.domain == domain }
    }

    /// Removes the session cookies (those without an expiry time): the end of the RFC's "session".
    ///
    /// Twisted: `CookieJar.clear_session_cookies()`.
    @discardableResult
    public func removeSessionCookies() -> Int {
        store.removeAll(where: \.isSession)
    }

    /// Removes the cookies that have expired (the jar also drops them as it meets them).
    ///
    /// Twisted: `CookieJar.clear_expired_cookies()`.
    @discardableResult
    public func removeExpired() -> Int {
        let now = self.now
        return store.removeAll { $0.isExpired(at: now) }
    }

    // MARK: - Helpers

    /// The request as the rules see it: host, path and whether the scheme is secure (`https`, `wss`).
    static func request(_ uri: URI) -> CookieStore.Request {
        CookieStore.Request(host: uri.host, path: uri.path, isSecure: uri.scheme == "https" || uri.scheme == "wss")
    }

    /// The system's real-time clock as a Unix time.
    static func systemUnixTime() -> Duration {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return .seconds(Int64(spec.tv_sec)) + .nanoseconds(Int64(spec.tv_nsec))
    }
}

@available(*, unavailable)
extension CookieJar: Sendable {}
