import ReactorTesting
import Testing

@testable import WebClient

/// A jar on a fake clock that starts at a fixed Unix time (2011-03-13T07:06:40Z).
func makeJar(limits: CookieJar.Limits = CookieJar.Limits()) -> (CookieJar, Clock) {
    let clock = Clock()
    return (CookieJar(clock: clock, unixTime: .seconds(1_300_000_000), limits: limits), clock)
}

func uri(_ text: String) -> URI {
    try! URI(text)
}

extension CookieJar {
    /// Stores headers received from `from`, then returns the Cookie header for `to` (default: `from`).
    func exchange(_ setCookies: [String], from: String, to: String? = nil) -> String? {
        store(setCookies: setCookies, from: uri(from))
        return cookieHeader(for: uri(to ?? from))
    }

    func rejection(_ setCookie: String, from: String) -> CookieRejection? {
        if case .rejected(let reason) = store(setCookies: [setCookie], from: uri(from)).first { return reason }
        return nil
    }
}

@Suite("CookieJar: storage and retrieval (RFC 6265 §5.3, §5.4)")
struct CookieJarTests {
    @Test func hostOnlyCookieGoesToItsHostOnly() {
        let (jar, _) = makeJar()
        #expect(jar.exchange(["a=1"], from: "http://www.example.com/") == "a=1")
        #expect(jar.cookieHeader(for: uri("http://sub.www.example.com/")) == nil)
        #expect(jar.cookieHeader(for: uri("http://example.com/")) == nil)
        #expect(jar.cookieHeader(for: uri("http://www.example.com:8080/x")) == "a=1")  // ports do not count
        let cookie = jar.cookies[0]
        #expect(cookie.isHostOnly && cookie.domain == "www.example.com" && cookie.path == "/")
    }

    @Test func domainCookieGoesToTheDomainAndItsSubdomains() {
        let (jar, _) = makeJar()
        jar.store(setCookies: ["a=1; Domain=example.com", "b=2; Domain=.www.example.com"], from: uri("http://www.example.com/"))
        #expect(jar.cookieHeader(for: uri("http://example.com/")) == "a=1")
        #expect(jar.cookieHeader(for: uri("http://www.example.com/")) == "a=1; b=2")
        #expect(jar.cookieHeader(for: uri("http://x.y.www.example.com/")) == "a=1; b=2")
        #expect(jar.cookieHeader(for: uri("http://notexample.com/")) == nil)
        #expect(jar.cookieHeader(for: uri("http://other.com/")) == nil)
    }

    @Test func domainThatDoesNotMatchTheHostIsRefused() {
        let (jar, _) = makeJar()
        #expect(jar.rejection("a=1; Domain=other.com", from: "http://www.example.com/")
            == .domainMismatch(domain: "other.com", host: "www.example.com"))
        #expect(jar.rejection("a=1; Domain=sub.www.example.com", from: "http://www.example.com/")
            == .domainMismatch(domain: "sub.www.example.com", host: "www.example.com"))
        #expect(jar.rejection("a=1; Domain=ample.com", from: "http://example.com/")
            == .domainMismatch(domain: "ample.com", host: "example.com"))
        #expect(jar.rejection("a=1; Domain=example.com.", from: "http://example.com/") != nil)
        #expect(jar.count == 0)
    }

    /// §5.3 step 5: a public suffix only as the host itself, and then host-only.
    @Test func publicSuffixesAreRefusedUnlessTheyAreTheHost() {
        let (jar, _) = makeJar()
        #expect(jar.rejection("a=1; Domain=com", from: "http://example.com/") == .publicSuffix(domain: "com"))
        #expect(jar.rejection("a=1; Domain=.co.uk", from: "http://bbc.co.uk/") == .publicSuffix(domain: "co.uk"))
        #expect(jar.exchange(["a=1; Domain=bbc.co.uk"], from: "http://www.bbc.co.uk/") == "a=1")
        #expect(jar.exchange(["b=2; Domain=localhost"], from: "http://localhost/") == "b=2")
        let local = jar.cookies(for: uri("http://localhost/"))
        #expect(local.map(\.isHostOnly) == [true])
        #expect(jar.rejection("c=3; Domain=localhost", from: "http://app.localhost/") == .publicSuffix(domain: "localhost"))
    }

    /// An IP-address host gets host-only cookies only; a Domain naming the address itself is accepted
    /// as host-only (as browsers do), any other is refused.
    @Test func ipAddressHosts() {
        let (jar, _) = makeJar()
        #expect(jar.exchange(["a=1"], from: "http://127.0.0.1/") == "a=1")
        #expect(jar.exchange(["b=2; Domain=127.0.0.1"], from: "http://127.0.0.1/") == "a=1; b=2")
        #expect(jar.cookies.allSatisfy { $0.isHostOnly })
        #expect(jar.rejection("c=3; Domain=0.0.1", from: "http://127.0.0.1/") == .domainMismatch(domain: "0.0.1", host: "127.0.0.1"))
        #expect(jar.rejection("c=3; Domain=1", from: "http://127.0.0.1/") == .domainMismatch(domain: "1", host: "127.0.0.1"))
        #expect(jar.exchange(["v6=1"], from: "http://[::1]:8080/") == "v6=1")
        #expect(jar.rejection("c=3; Domain=::1", from: "http://[::1]/") == nil)
        #expect(jar.rejection("c=3; Domain=1.2.3.4", from: "http://www.example.com/") != nil)
        #expect(jar.cookieHeader(for: uri("http://127.0.0.2/")) == nil)
    }

    /// §5.1.4: default path from the request path; path-matching at `/` boundaries.
    @Test func pathsDefaultAndMatch() {
        let (jar, _) = makeJar()
        jar.store(setCookies: ["d=1"], from: uri("http://h.com/docs/api/index.html?q=1"))
        jar.store(setCookies: ["top=1"], from: uri("http://h.com/file"))
        jar.store(setCookies: ["p=1; Path=/docs"], from: uri("http://h.com/"))
        jar.store(setCookies: ["s=1; Path=/docs/"], from: uri("http://h.com/"))
        #expect(jar.cookies.first { $0.name == "d" }?.path == "/docs/api")
        #expect(jar.cookies.first { $0.name == "top" }?.path == "/")
        #expect(jar.cookieHeader(for: uri("http://h.com/docs")) == "p=1; top=1")
        #expect(jar.cookieHeader(for: uri("http://h.com/docs/")) == "s=1; p=1; top=1")
        #expect(jar.cookieHeader(for: uri("http://h.com/docs/api")) == "d=1; s=1; p=1; top=1")
        #expect(jar.cookieHeader(for: uri("http://h.com/docs/api/x")) == "d=1; s=1; p=1; top=1")
        #expect(jar.cookieHeader(for: uri("http://h.com/docsx")) == "top=1")
        #expect(jar.cookieHeader(for: uri("http://h.com/docs/apix")) == "s=1; p=1; top=1")
        #expect(CookieMatching.defaultPath("") == "/")
        #expect(CookieMatching.defaultPath("x/y") == "/")
        #expect(CookieMatching.defaultPath("/a/") == "/a")
    }

    /// §5.4 step 2: longer paths first, then earlier creation; a replacement keeps its creation time.
    @Test func cookieHeaderOrder() {
        let (jar, clock) = makeJar()
        jar.store(setCookies: ["a=1; Path=/"], from: uri("http://h.com/"))
        clock.advance(.seconds(1))
        jar.store(setCookies: ["b=1; Path=/x"], from: uri("http://h.com/"))
        clock.advance(.seconds(1))
        jar.store(setCookies: ["c=1; Path=/"], from: uri("http://h.com/"))
        jar.store(setCookies: ["d=1; Path=/"], from: uri("http://h.com/"))  // same instant: arrival order
        #expect(jar.cookieHeader(for: uri("http://h.com/x")) == "b=1; a=1; c=1; d=1")
        clock.advance(.seconds(1))
        jar.store(setCookies: ["a=2; Path=/"], from: uri("http://h.com/"))
        #expect(jar.cookieHeader(for: uri("http://h.com/x")) == "b=1; a=2; c=1; d=1")
        #expect(jar.cookies.first { $0.name == "a" }?.creationTime == jar.unixTimeAtClockZero)
    }

    /// §5.3 step 11: same name, domain and path replace; a different path or domain is another cookie.
    @Test func replacement() {
        let (jar, _) = makeJar()
        jar.store(setCookies: ["a=1", "a=2", "a=3; Path=/p", "a=4; Domain=h.com"], from: uri("http://h.com/"))
        #expect(jar.count == 2)
        #expect(jar.cookieHeader(for: uri("http://h.com/p")) == "a=3; a=4")
        #expect(jar.cookies.first { $0.path == "/" }?.isHostOnly == false)  // the Domain one replaced the host-only one
    }

    @Test func secureCookiesOnlyOverHTTPSAndOnlyFromHTTPS() {
        let (jar, _) = makeJar()
        #expect(jar.rejection("s=1; Secure", from: "http://h.com/") == .secureFromInsecureOrigin)
        jar.store(setCookies: ["s=1; Secure", "p=2"], from: uri("https://h.com/"))
        #expect(jar.cookieHeader(for: uri("https://h.com/")) == "s=1; p=2")
        #expect(jar.cookieHeader(for: uri("http://h.com/")) == "p=2")
        #expect(jar.cookieHeader(for: uri("wss://h.com/")) == "s=1; p=2")
    }

    /// RFC 6265bis §5.7 step 16: http may not overlay a Secure cookie of the same name.
    @Test func leaveSecureCookiesAlone() {
        let (jar, _) = makeJar()
        jar.store(setCookies: ["a=secure; Secure; Path=/login; Domain=h.com"], from: uri("https://www.h.com/"))
        #expect(jar.rejection("a=evil; Path=/login", from: "http://www.h.com/") == .wouldShadowSecureCookie)
        #expect(jar.rejection("a=evil; Path=/login/en", from: "http://h.com/") == .wouldShadowSecureCookie)
        #expect(jar.rejection("a=ok; Path=/", from: "http://www.h.com/") == nil)
        #expect(jar.rejection("b=ok; Path=/login", from: "http://www.h.com/") == nil)
        #expect(jar.rejection("a=ok; Path=/login", from: "http://other.com/") == nil)
        #expect(jar.rejection("a=fine; Path=/login", from: "https://www.h.com/") == nil)
    }

    /// RFC 6265bis §5.7 steps 20–21 (prefixes matched in any case).
    @Test func cookiePrefixes() {
        let (jar, _) = makeJar()
        #expect(jar.rejection("__Secure-SID=1; Domain=h.com", from: "https://h.com/") == .securePrefix)
        #expect(jar.rejection("__secure-SID=1", from: "https://h.com/") == .securePrefix)
        #expect(jar.rejection("__Secure-SID=1; Domain=h.com; Secure", from: "https://h.com/") == nil)
        #expect(jar.rejection("__Host-SID=1", from: "https://h.com/") == .hostPrefix)
        #expect(jar.rejection("__Host-SID=1; Secure", from: "https://h.com/") == .hostPrefix)
        #expect(jar.rejection("__Host-SID=1; Secure; Path=/; Domain=h.com", from: "https://h.com/") == .hostPrefix)
        #expect(jar.rejection("__HOST-SID=1; Secure; Path=/x", from: "https://h.com/") == .hostPrefix)
        #expect(jar.rejection("__Host-SID=1; Secure; Path=/", from: "https://h.com/") == nil)
        #expect(jar.rejection("__Host-SID=1; Secure; Path=/", from: "http://h.com/") == .secureFromInsecureOrigin)
        #expect(jar.cookieHeader(for: uri("https://h.com/")) == "__Secure-SID=1; __Host-SID=1")
    }

    /// Expiry is measured on the jar's clock; Max-Age wins over Expires; an expired cookie deletes.
    @Test func expiryOnTheFakeClock() {
        let (jar, clock) = makeJar()
        // 1_300_000_000 is Sun, 13 Mar 2011 07:06:40 GMT.
        jar.store(
            setCookies: [
                "short=1; Max-Age=10", "long=1; Max-Age=100; Expires=Sun, 13 Mar 2011 07:06:45 GMT",
                "dated=1; Expires=Sun, 13 Mar 2011 07:07:00 GMT", "session=1",
            ], from: uri("http://h.com/"))
        #expect(jar.cookieHeader(for: uri("http://h.com/")) == "short=1; long=1; dated=1; session=1")
        clock.advance(.seconds(10))
        #expect(jar.cookieHeader(for: uri("http://h.com/")) == "long=1; dated=1; session=1")
        clock.advance(.seconds(10))
        #expect(jar.cookieHeader(for: uri("http://h.com/")) == "long=1; session=1")
        clock.advance(.seconds(80))
        #expect(jar.cookieHeader(for: uri("http://h.com/")) == "session=1")
        #expect(jar.count == 1)  // the expired ones were evicted as they were met
        #expect(jar.cookies.map(\.isSession) == [true])
        #expect(jar.removeSessionCookies() == 1)
        #expect(jar.count == 0)
    }

    @Test func deletingByExpiry() {
        let (jar, _) = makeJar()
        jar.store(setCookies: ["a=1", "b=1", "c=1"], from: uri("http://h.com/"))
        let outcomes = jar.store(
            setCookies: ["a=; Max-Age=0", "b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "c=2; Max-Age=-1; Expires=Fri, 01 Jan 2100 00:00:00 GMT"],
            from: uri("http://h.com/"))
        #expect(outcomes.allSatisfy { if case .expired = $0 { true } else { false } })
        #expect(jar.count == 0)
        // Expires in the future but Max-Age zero: Max-Age wins. Max-Age positive beats a past Expires.
        jar.store(setCookies: ["d=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=5"], from: uri("http://h.com/"))
        #expect(jar.cookieHeader(for: uri("http://h.com/")) == "d=1")
    }

    @Test func largeMaxAgeIsClampedToTheLatestDate() {
        let (jar, _) = makeJar()
        jar.store(setCookies: ["a=1; Max-Age=99999999999999"], from: uri("http://h.com/"))
        #expect(jar.cookies.first?.expires == CookieDate.latest)
    }

    @Test func lastAccessTimeIsUpdatedBySendingOnly() {
        let (jar, clock) = makeJar()
        jar.store(setCookies: ["a=1"], from: uri("http://h.com/"))
        clock.advance(.seconds(5))
        _ = jar.cookies(for: uri("http://h.com/"))
        #expect(jar.cookies[0].lastAccessTime == jar.unixTimeAtClockZero)
        _ = jar.cookieHeader(for: uri("http://h.com/"))
        #expect(jar.cookies[0].lastAccessTime == jar.unixTimeAtClockZero + .seconds(5))
    }

    /// Past the per-domain limit: expired first, then not-Secure least recently used, then the rest.
    @Test func perDomainEviction() {
        let (jar, clock) = makeJar(limits: CookieJar.Limits(perDomain: 3, total: 100))
        jar.store(setCookies: ["s=1; Secure"], from: uri("https://h.com/"))
        clock.advance(.seconds(1))
        jar.store(setCookies: ["a=1", "b=1"], from: uri("https://h.com/"))
        clock.advance(.seconds(1))
        _ = jar.cookieHeader(for: uri("https://h.com/"))  // all three used now; a before b in order
        jar.store(setCookies: ["c=1"], from: uri("https://h.com/"))
        #expect(jar.cookies.map(\.name) == ["s", "b", "c"])
        jar.store(setCookies: ["e=1; Max-Age=1"], from: uri("https://h.com/"))
        clock.advance(.seconds(2))
        jar.store(setCookies: ["f=1"], from: uri("https://h.com/"))  // the expired e goes, not an older one
        #expect(jar.cookies.map(\.name) == ["s", "c", "f"])
        jar.store(setCookies: ["other=1"], from: uri("https://other.com/"))  // other domains are not counted
        #expect(jar.count == 4)
    }

    /// Past the total limit: least recently used first, down to nine tenths of the limit.
    @Test func totalEviction() {
        let (jar, clock) = makeJar(limits: CookieJar.Limits(perDomain: 50, total: 20))
        for i in 0..<20 {
            jar.store(setCookies: ["c\(i)=1"], from: uri("http://d\(i).com/"))
            clock.advance(.seconds(1))
        }
        _ = jar.cookieHeader(for: uri("http://d0.com/"))  // d0 becomes the most recently used
        jar.store(setCookies: ["new=1"], from: uri("http://new.com/"))
        #expect(jar.count == 18)
        let names = Set(jar.cookies.map(\.name))
        #expect(names.contains("c0") && names.contains("new"))
        #expect(!names.contains("c1") && !names.contains("c2") && !names.contains("c3"))
        #expect(names.contains("c4"))
    }

    @Test func settingAndRemovingByHand() throws {
        let (jar, clock) = makeJar()
        try jar.set(Cookie(name: "a", value: "1", domain: ".Example.com", isHostOnly: false))
        #expect(jar.cookieHeader(for: uri("http://www.example.com/")) == "a=1")
        #expect(jar.cookies[0].creationTime == jar.now)
        clock.advance(.seconds(1))
        try jar.set(Cookie(name: "a", value: "2", domain: "example.com", isHostOnly: false))
        #expect(jar.cookies.map(\.value) == ["2"])
        #expect(jar.cookies[0].creationTime == jar.unixTimeAtClockZero)
        #expect(throws: CookieRejection.emptyName) { try jar.set(Cookie(name: "", value: "1", domain: "h.com")) }
        #expect(throws: CookieRejection.controlCharacter) { try jar.set(Cookie(name: "n", value: "a\nb", domain: "h.com")) }
        #expect(throws: CookieRejection.invalidCookie("the domain is empty")) { try jar.set(Cookie(name: "n", value: "", domain: ".")) }
        #expect(throws: CookieRejection.invalidCookie("the path does not start with '/'")) {
            try jar.set(Cookie(name: "n", value: "", domain: "h.com", path: "x"))
        }
        #expect(jar.remove(name: "a", domain: "example.com", path: "/"))
        #expect(!jar.remove(name: "a", domain: "example.com", path: "/"))
        jar.store(setCookies: ["x=1", "y=1"], from: uri("http://h.com/"))
        jar.store(setCookies: ["z=1"], from: uri("http://g.com/"))
        #expect(jar.removeAll(domain: "h.com") == 2)
        #expect(jar.removeAll() == 1)
        #expect(jar.count == 0)
    }

    @Test func removeExpired() {
        let (jar, clock) = makeJar()
        jar.store(setCookies: ["a=1; Max-Age=1", "b=1"], from: uri("http://h.com/"))
        clock.advance(.seconds(1))
        #expect(jar.count == 2)
        #expect(jar.cookies.map(\.name) == ["b"])
        #expect(jar.removeExpired() == 1)
        #expect(jar.count == 1)
    }

    /// The RFC's own examples (RFC 6265 §3.1).
    @Test func rfcSection3Examples() {
        let (jar, _) = makeJar()
        #expect(jar.exchange(["SID=31d4d96e407aad42"], from: "http://example.com/") == "SID=31d4d96e407aad42")
        jar.removeAll()
        #expect(jar.exchange(["SID=31d4d96e407aad42; Path=/; Domain=example.com"], from: "http://example.com/", to: "http://www.example.com/")
            == "SID=31d4d96e407aad42")
        jar.removeAll()
        jar.store(
            setCookies: ["SID=31d4d96e407aad42; Path=/; Secure; HttpOnly", "lang=en-US; Path=/; Domain=example.com"],
            from: uri("https://www.example.com/"))
        #expect(jar.cookieHeader(for: uri("https://www.example.com/")) == "SID=31d4d96e407aad42; lang=en-US")
        #expect(jar.cookieHeader(for: uri("http://example.com/")) == "lang=en-US")
        jar.store(setCookies: ["lang=en-US; Expires=Wed, 09 Jun 2021 10:18:14 GMT"], from: uri("https://www.example.com/"))
        #expect(jar.cookieHeader(for: uri("https://www.example.com/")) == "SID=31d4d96e407aad42; lang=en-US; lang=en-US")
        jar.store(setCookies: ["lang=; Expires=Sun, 06 Nov 1994 08:49:37 GMT"], from: uri("https://www.example.com/"))
        #expect(jar.cookieHeader(for: uri("https://www.example.com/")) == "SID=31d4d96e407aad42; lang=en-US")
    }
}
