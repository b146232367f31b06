/// The cookies of a ``CookieJar`` and RFC 6265's storage (§5.3) and retrieval (§5.4) rules, as a value:
/// every operation takes the current time, so the rules are tested without a clock.
///
/// Cookies are indexed by their domain field: a request for `a.b.example.com` looks at the entries for
/// `a.b.example.com`, `b.example.com`, `example.com` and `com` (one dictionary lookup each), never at
/// the whole store. Within a domain, entries keep their creation order.
struct CookieStore: Sendable {
    /// What a request looks like to the rules.
    struct Request: Sendable {
        /// The canonical host: lowercase, an IPv6 address without brackets.
        var host: String
        /// The request path (`/` or longer), without the query.
        var path: String
        /// Whether the connection is secure (https).
        var isSecure: Bool
        /// Whether ``host`` is an IP address (domain cookies never match it).
        var hostIsIP: Bool

        init(host: String, path: String, isSecure: Bool) {
            self.host = host
            self.path = path.isEmpty ? "/" : path
            self.isSecure = isSecure
            self.hostIsIP = CookieMatching.isIPAddress(host)
        }

        /// The domain fields whose cookies may match: the host, then (for a name) each parent domain,
        /// `a.b.example.com`, `b.example.com`, `example.com`, `com`.
        func candidateDomains(_ body: (String) -> Void) {
            body(host)
            guard !hostIsIP else { return }
            var host = host
            host.withUTF8 { bytes in
                for index in bytes.indices where bytes[index] == UInt8(ascii: ".") && index + 1 < bytes.count {
                    body(String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)...]), as: UTF8.self))
                }
            }
        }
    }

    /// A stored cookie with its place in the creation order (ties of ``Cookie/creationTime`` are broken
    /// by it, so cookies stored in the same instant keep the order they came in).
    struct Entry: Sendable {
        var cookie: Cookie
        var order: UInt64
    }

    /// The size limits (see ``CookieJar/Limits``).
    var limits: CookieJar.Limits
    /// The cookies by their domain field.
    private(set) var buckets: [String: [Entry]] = [:]
    /// How many cookies are stored.
    private(set) var count = 0
    private var nextOrder: UInt64 = 0
    /// How many `Secure` cookies carry each name: the "Leave Secure Cookies Alone" check looks further
    /// only for names that have one.
    private var secureNames: [String: Int] = [:]

    init(limits: CookieJar.Limits) {
        self.limits = limits
    }

    // MARK: - Storing (§5.3)

    /// Applies the storage model to a parsed `Set-Cookie` received in answer to `request`.
    mutating func receive(_ set: SetCookie, from request: Request, now: Duration) -> CookieJar.StoreOutcome {
        var domain = set.domain ?? ""
        if !domain.isEmpty, request.hostIsIP || CookieMatching.isPublicSuffix(domain) {
            // §5.3 step 5: a public suffix is only allowed as the host itself, and then makes a host-only
            // cookie; an IP address is treated the same way (it has no subdomains to share with).
            guard domain == request.host else {
                return .rejected(
                    request.hostIsIP
                        ? .domainMismatch(domain: domain, host: request.host) : .publicSuffix(domain: domain))
            }
            domain = ""
        }
        let isHostOnly = domain.isEmpty
        if isHostOnly {
            domain = request.host
        } else if !CookieMatching.domainMatches(host: request.host, domain: domain, hostIsIP: request.hostIsIP) {
            return .rejected(.domainMismatch(domain: domain, host: request.host))
        }
        if set.isSecure, !request.isSecure { return .rejected(.secureFromInsecureOrigin) }
        let path = set.path ?? CookieMatching.defaultPath(request.path)
        if !set.isSecure, !request.isSecure, shadowsSecureCookie(name: set.name, domain: domain, path: path) {
            return .rejected(.wouldShadowSecureCookie)
        }
        if set.name.utf8.first == UInt8(ascii: "_") {
            if Self.hasPrefix(set.name, "__secure-"), !set.isSecure { return .rejected(.securePrefix) }
            if Self.hasPrefix(set.name, "__host-"), !set.isSecure || !isHostOnly || set.path != "/" {
                return .rejected(.hostPrefix)
            }
        }
        let expires: Duration? =
            if let maxAge = set.maxAge {
                maxAge <= 0 ? CookieDate.earliest : min(now + .seconds(maxAge), CookieDate.latest)
            } else {
                set.expires.map { min($0, CookieDate.latest) }
            }
        let cookie = Cookie(
            name: set.name, value: set.value, domain: domain, path: path, expires: expires, isHostOnly: isHostOnly,
            isSecure: set.isSecure, isHTTPOnly: set.isHTTPOnly, sameSite: set.sameSite, creationTime: now,
            lastAccessTime: now)
        return insert(cookie, now: now)
    }

    /// Stores `cookie`, replacing the cookie with the same name, domain and path (whose creation time it
    /// keeps, §5.3 step 11); an expired cookie only removes that one. Then applies the size limits.
    mutating func insert(_ cookie: Cookie, now: Duration) -> CookieJar.StoreOutcome {
        var cookie = cookie
        let expired = cookie.isExpired(at: now)
        let domain = cookie.domain
        let (old, bucketCount) = Self.place(&cookie, expired: expired, in: &buckets[domain, default: []], nextOrder: &nextOrder)
        if bucketCount == 0 { buckets[domain] = nil }
        if let old { removed(old.cookie) }
        if expired { return .expired(cookie) }
        added(cookie)
        if bucketCount > limits.perDomain { evictFromDomain(domain, now: now) }
        if count > limits.total { evictFromStore(now: now) }
        return .stored(cookie)
    }

    /// Puts `cookie` in its domain's entries in one access: over the entry with the same name and path
    /// (keeping its creation time and order), or at the end; an expired cookie only removes that entry.
    /// Returns the entry replaced and the entries' count.
    private static func place(
        _ cookie: inout Cookie, expired: Bool, in entries: inout [Entry], nextOrder: inout UInt64
    ) -> (old: Entry?, count: Int) {
        if let index = entries.firstIndex(where: { $0.cookie.name == cookie.name && $0.cookie.path == cookie.path }) {
            let old = entries[index]
            cookie.creationTime = old.cookie.creationTime
            if expired {
                entries.remove(at: index)
            } else {
                entries[index] = Entry(cookie: cookie, order: old.order)
            }
            return (old, entries.count)
        }
        if !expired {
            entries.append(Entry(cookie: cookie, order: nextOrder))
            nextOrder += 1
        }
        return (nil, entries.count)
    }

    /// §5.7 step 16 of RFC 6265bis: whether a stored `Secure` cookie named `name` has a domain that
    /// domain-matches `domain` (or the other way round) and a path that `path` path-matches.
    private func shadowsSecureCookie(name: String, domain: String, path: String) -> Bool {
        guard !secureNames.isEmpty, secureNames[name, default: 0] > 0 else { return false }
        for (key, entries) in buckets
        where CookieMatching.domainMatches(host: key, domain: domain)
            || CookieMatching.domainMatches(host: domain, domain: key)
        {
            for entry in entries where entry.cookie.isSecure && entry.cookie.name == name {
                if CookieMatching.pathMatches(requestPath: path, cookiePath: entry.cookie.path) { return true }
            }
        }
        return false
    }

    private static func hasPrefix(_ name: String, _ lowercasePrefix: String) -> Bool {
        let prefix = lowercasePrefix.utf8
        guard name.utf8.count >= prefix.count else { return false }
        return zip(name.utf8, prefix).allSatisfy { a, b in (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == b }
    }

    // MARK: - Retrieval (§5.4)

    /// The `Cookie` header for `request` (§5.4): the matching cookies' `name=value` pairs joined by `; `,
    /// longer paths first, then earlier creation; `nil` when none matches. The cookies sent get `now` as
    /// their last-access time; expired cookies met on the way are removed.
    mutating func cookieHeader(for request: Request, now: Duration) -> String? {
        var matches: [Match] = []
        visitMatches(for: request, now: now, touch: true) { entry in matches.append(Match(entry)) }
        guard !matches.isEmpty else { return nil }
        if matches.count > 1 { matches.sort(by: Match.sendsBefore) }
        var length = 2 * (matches.count - 1)
        for match in matches { length += match.name.utf8.count + 1 + match.value.utf8.count }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var offset = 0
            func append(_ text: String) {
                var text = text
                text.withUTF8 { bytes in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[offset...]).initialize(from: bytes)
                    offset += bytes.count
                }
            }
            for (index, match) in matches.enumerated() {
                if index > 0 {
                    buffer[offset] = UInt8(ascii: ";")
                    buffer[offset + 1] = UInt8(ascii: " ")
                    offset += 2
                }
                append(match.name)
                buffer[offset] = UInt8(ascii: "=")
                offset += 1
                append(match.value)
            }
            return offset
        }
    }

    /// What the `Cookie` header needs of a matching cookie.
    private struct Match {
        var name: String
        var value: String
        var pathLength: Int
        var creation: Duration
        var order: UInt64

        init(_ entry: Entry) {
            name = entry.cookie.name
            value = entry.cookie.value
            pathLength = entry.cookie.path.utf8.count
            creation = entry.cookie.creationTime
            order = entry.order
        }

        /// §5.4 step 2: longer paths first, then earlier creation (then arrival order).
        static func sendsBefore(_ a: Match, _ b: Match) -> Bool {
            if a.pathLength != b.pathLength { return a.pathLength > b.pathLength }
            if a.creation != b.creation { return a.creation < b.creation }
            return a.order < b.order
        }
    }

    /// The cookies ``cookieHeader(for:now:)`` would send, in that order, without updating them.
    mutating func cookies(for request: Request, now: Duration) -> [Cookie] {
        var found: [Entry] = []
        visitMatches(for: request, now: now, touch: false) { found.append($0) }
        found.sort { a, b in
            let pathA = a.cookie.path.utf8.count
            let pathB = b.cookie.path.utf8.count
            if pathA != pathB { return pathA > pathB }
            if a.cookie.creationTime != b.cookie.creationTime { return a.cookie.creationTime < b.cookie.creationTime }
            return a.order < b.order
        }
        return found.map(\.cookie)
    }

    /// Calls `body` with each stored cookie that matches `request` (§5.4 step 1), looking only at the
    /// entries of the host's domain and its parents; with `touch`, their last-access time becomes `now`.
    private mutating func visitMatches(for request: Request, now: Duration, touch: Bool, _ body: (inout Entry) -> Void) {
        request.candidateDomains { key in
            // (No binding of the entries here: a second reference would make the mutation below copy them.)
            guard let hasExpired = buckets[key]?.contains(where: { $0.cookie.isExpired(at: now) }) else { return }
            if hasExpired { removeExpired(inDomain: key, now: now) }
            let isHost = key.utf8.count == request.host.utf8.count
            buckets[key]?.withUnsafeMutableBufferPointer { entries in
                for index in entries.indices {
                    guard isHost || !entries[index].cookie.isHostOnly, !entries[index].cookie.isSecure || request.isSecure,
                        CookieMatching.pathMatches(requestPath: request.path, cookiePath: entries[index].cookie.path)
                    else { continue }
                    if touch { entries[index].cookie.lastAccessTime = now }
                    body(&entries[index])
                }
            }
        }
    }

    // MARK: - Removal and limits

    /// Removes the cookie with this name, domain and path; returns it.
    @discardableResult
    mutating func remove(name: String, domain: String, path: String) -> Entry? {
        guard let index = buckets[domain]?.firstIndex(where: { $0.cookie.name == name && $0.cookie.path == path })
        else { return nil }
        let entry = buckets[domain]!.remove(at: index)
        if buckets[domain]!.isEmpty { buckets[domain] = nil }
        removed(entry.cookie)
        return entry
    }

    /// Removes every cookie `predicate` picks; returns how many.
    @discardableResult
    mutating func removeAll(where predicate: (Cookie) -> Bool) -> Int {
        var gone: [Cookie] = []
        for key in Array(buckets.keys) {
            buckets[key]!.removeAll { entry in
                guard predicate(entry.cookie) else { return false }
                gone.append(entry.cookie)
                return true
            }
            if buckets[key]!.isEmpty { buckets[key] = nil }
        }
        for cookie in gone { removed(cookie) }
        return gone.count
    }

    /// Removes the expired cookies of one domain.
    private mutating func removeExpired(inDomain key: String, now: Duration) {
        var gone: [Cookie] = []
        buckets[key]?.removeAll { entry in
            guard entry.cookie.isExpired(at: now) else { return false }
            gone.append(entry.cookie)
            return true
        }
        if buckets[key]?.isEmpty == true { buckets[key] = nil }
        for cookie in gone { removed(cookie) }
    }

    /// Keeps a domain within ``CookieJar/Limits/perDomain``: expired cookies go first, then those that are
    /// not `Secure`, then the rest, least recently accessed first (RFC 6265bis §5.7's priorities).
    private mutating func evictFromDomain(_ key: String, now: Duration) {
        removeExpired(inDomain: key, now: now)
        guard var entries = buckets[key], entries.count > limits.perDomain else { return }
        let excess = entries.count - limits.perDomain
        let victims = Set(
            entries.indices.sorted { a, b in Self.evictsBefore(entries[a], entries[b]) }.prefix(excess))
        var kept: [Entry] = []
        kept.reserveCapacity(limits.perDomain)
        for index in entries.indices {
            if victims.contains(index) { removed(entries[index].cookie) } else { kept.append(entries[index]) }
        }
        entries = kept
        buckets[key] = entries
    }

    /// Keeps the store within ``CookieJar/Limits/total``: expired cookies go first, then the least
    /// recently accessed, down to ``CookieJar/Limits/total`` less a tenth, so that a full jar does not
    /// sort itself on every new cookie.
    private mutating func evictFromStore(now: Duration) {
        removeAll { $0.isExpired(at: now) }
        guard count > limits.total else { return }
        let target = limits.total - limits.total / 10
        var all: [(key: String, entry: Entry)] = []
        all.reserveCapacity(count)
        for (key, entries) in buckets { for entry in entries { all.append((key, entry)) } }
        all.sort { a, b in
            a.entry.cookie.lastAccessTime != b.entry.cookie.lastAccessTime
                ? a.entry.cookie.lastAccessTime < b.entry.cookie.lastAccessTime : a.entry.order < b.entry.order
        }
        for victim in all.prefix(count - target) {
            remove(name: victim.entry.cookie.name, domain: victim.key, path: victim.entry.cookie.path)
        }
    }

    /// The eviction order within a domain: not `Secure` before `Secure`, then earlier last access, then
    /// earlier creation.
    private static func evictsBefore(_ a: Entry, _ b: Entry) -> Bool {
        if a.cookie.isSecure != b.cookie.isSecure { return !a.cookie.isSecure }
        if a.cookie.lastAccessTime != b.cookie.lastAccessTime { return a.cookie.lastAccessTime < b.cookie.lastAccessTime }
        return a.order < b.order
    }

    private mutating func added(_ cookie: Cookie) {
        count += 1
        if cookie.isSecure { secureNames[cookie.name, default: 0] += 1 }
    }

    private mutating func removed(_ cookie: Cookie) {
        count -= 1
        if cookie.isSecure {
            secureNames[cookie.name, default: 1] -= 1
            if secureNames[cookie.name] == 0 { secureNames[cookie.name] = nil }
        }
    }

    // MARK: - Listing

    /// Every cookie not expired at `now`, by domain, then in creation order.
    func all(now: Duration) -> [Cookie] {
        buckets.keys.sorted().flatMap { key in
            buckets[key]!.sorted { $0.order < $1.order }.lazy.map(\.cookie).filter { !$0.isExpired(at: now) }
        }
    }
}
