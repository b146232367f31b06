import Testing

@testable import WebClient

@Suite("Set-Cookie parsing (RFC 6265 §5.2)")
struct SetCookieParserTests {
    func parse(_ header: String) throws -> SetCookie {
        try SetCookie(parsing: header)
    }

    @Test func nameValueAndEveryAttribute() throws {
        let cookie = try parse(
            "SID=31d4d96e407aad42; Path=/docs; Domain=.Example.COM; Secure; HttpOnly; SameSite=lax; "
                + "Expires=Wed, 09 Jun 2021 10:18:14 GMT; Max-Age=3600; Priority=High")
        #expect(cookie.name == "SID")
        #expect(cookie.value == "31d4d96e407aad42")
        #expect(cookie.path == "/docs")
        #expect(cookie.domain == "example.com")
        #expect(cookie.isSecure && cookie.isHTTPOnly)
        #expect(cookie.sameSite == .lax)
        #expect(cookie.expires == CookieDate.time(year: 2021, month: 6, day: 9, hour: 10, minute: 18, second: 14))
        #expect(cookie.maxAge == 3600)
    }

    /// §5.2 steps 1–5: the pair runs to the first `;`, splits at the first `=`, loses WSP around both.
    @Test func nameValuePairRules() throws {
        #expect(try parse("  A  = BC  ;foo;;;   bar") == SetCookie(name: "A", value: "BC"))
        #expect(try parse("A=== BC") == SetCookie(name: "A", value: "== BC"))
        #expect(try parse("\tfoo\t=\tbar\t \t;\tttt") == SetCookie(name: "foo", value: "bar"))
        #expect(try parse("a=\"quoted; value\"").value == "\"quoted")
        #expect(try parse("a=\"b\"").value == "\"b\"")
        #expect(try parse("x=").value == "")
        #expect(try parse("foo bar=baz").name == "foo bar")
        #expect(try parse("z=y, a=b").value == "y, a=b")
        #expect(try parse("$Version=1; foo=bar") == SetCookie(name: "$Version", value: "1"))
    }

    @Test func ignoredHeadersSayWhy() throws {
        #expect(throws: CookieRejection.missingEquals) { try parse("foo") }
        #expect(throws: CookieRejection.missingEquals) { try parse("") }
        #expect(throws: CookieRejection.missingEquals) { try parse("foo;bar=baz") }
        #expect(throws: CookieRejection.emptyName) { try parse("=bar") }
        #expect(throws: CookieRejection.emptyName) { try parse("  =bar") }
        #expect(throws: CookieRejection.emptyName) { try parse("=") }
        #expect(throws: CookieRejection.controlCharacter) { try parse("a=b\u{01}c") }
        #expect(throws: CookieRejection.controlCharacter) { try parse("a\u{7F}=b") }
        #expect(throws: CookieRejection.tooLarge) { try parse("a=" + String(repeating: "x", count: 4096)) }
        #expect(try parse("a=" + String(repeating: "x", count: 4095)).value.count == 4095)
        #expect(try parse("a=b\tc").value == "b\tc")  // a tab inside is allowed
    }

    @Test func attributeNamesIgnoreCaseAndUnknownOnesAreIgnored() throws {
        #expect(try parse("a=b; seCURe").isSecure)
        #expect(try parse("a=b; HTTPONLY").isHTTPOnly)
        #expect(try parse("a=b; Secure=yes").isSecure)
        #expect(try parse("a=b; Secure    ; qux").isSecure)
        #expect(try !parse("a=b; \"Secure\"").isSecure)
        #expect(try !parse("a=b; Secure qux").isSecure)
        #expect(try parse("a=b; version=1; customvalue=\"1000 or more\"; Partitioned") == SetCookie(name: "a", value: "b"))
        #expect(try parse("a=b; Path    =/qux").path == "/qux")
        #expect(try parse("a=b; Path=    /qux").path == "/qux")
    }

    /// §5.2.2: digits with an optional `-`; anything else ignores the attribute; the last valid one counts.
    @Test func maxAge() throws {
        #expect(try parse("a=b; Max-Age=0").maxAge == 0)
        #expect(try parse("a=b; max-age=-20").maxAge == -20)
        #expect(try parse("a=b; Max-Age=60; Max-Age=oops").maxAge == 60)
        #expect(try parse("a=b; Max-Age=50,399").maxAge == nil)
        #expect(try parse("a=b; Max-Age=2.63").maxAge == nil)
        #expect(try parse("a=b; Max-Age=-").maxAge == nil)
        #expect(try parse("a=b; Max-Age=").maxAge == nil)
        #expect(try parse("a=b; Max-Age=+5").maxAge == nil)
        #expect(try parse("a=b; Max-Age=99999999999999999999999").maxAge == SetCookie.maxAgeLimit)
        #expect(try parse("a=b; Max-Age=-99999999999999999999999").maxAge == -SetCookie.maxAgeLimit)
    }

    @Test func expires() throws {
        #expect(try parse("a=b; Expires=Fri, 07 Aug 2019 08:04:19 GMT").expires != nil)
        #expect(try parse("a=b; Expires=tomorrow").expires == nil)
        #expect(try parse("a=b; expires=Thu, 10 Apr 1980 16:33:12 GMT; Expires=garbage").expires
            == CookieDate.time(year: 1980, month: 4, day: 10, hour: 16, minute: 33, second: 12))
        // The comma of the date is not a cookie separator.
        let comma = try parse("foo=bar; Expires=Fri 07 Aug 2019 08:04:19 GMT, baz=qux")
        #expect(comma.value == "bar" && comma.expires != nil)
    }

    /// §5.2.3: one leading dot dropped, lowercased; an empty Domain is ignored; the last one counts.
    @Test func domain() throws {
        #expect(try parse("a=b; Domain=.Example.org").domain == "example.org")
        #expect(try parse("a=b; Domain=..example.org").domain == ".example.org")
        #expect(try parse("a=b; domain=  .home.example.org").domain == "home.example.org")
        #expect(try parse("a=b; Domain=.").domain == "")
        #expect(try parse("a=b; Domain=").domain == nil)
        #expect(try parse("a=b; domain=example.org; domain=").domain == "example.org")
        #expect(try parse("a=b; domain=.example.org; domain=home.example.org").domain == "home.example.org")
        #expect(try parse("a=b; domain=\"example.org\"").domain == "\"example.org\"")
    }

    /// §5.2.4: a path not starting with `/` means the default path; the last Path counts.
    @Test func path() throws {
        #expect(try parse("a=b; Path=/").path == "/")
        #expect(try parse("a=b; Path").path == nil)
        #expect(try parse("a=b; Path=").path == nil)
        #expect(try parse("a=b; Path=relative").path == nil)
        #expect(try parse("a=b; Path=/qux; Path=/").path == "/")
        #expect(try parse("a=b; Path=/; Path=").path == nil)
        #expect(try parse("a=b; Path=/qux      ; taz").path == "/qux")
    }

    @Test func sameSite() throws {
        #expect(try parse("a=b; SameSite=Strict").sameSite == .strict)
        #expect(try parse("a=b; SAMESITE=NONE").sameSite == SameSite.none)
        #expect(try parse("a=b; SameSite=Lax; SameSite=bogus").sameSite == nil)
        #expect(try parse("a=b; SameSite").sameSite == nil)
    }

    /// RFC 6265bis §5.6 step 6: an attribute value longer than 1024 bytes is ignored.
    @Test func longAttributeValuesAreIgnored() throws {
        let long = "/" + String(repeating: "p", count: 1024)
        #expect(try parse("a=b; Path=/ok; Path=\(long)").path == "/ok")
        #expect(try parse("a=b; Path=\(long.dropLast())").path?.count == 1024)
    }

    /// The serialised form parses back to the same value.
    @Test func headerValueRoundTrips() throws {
        let cookies = [
            SetCookie(name: "a", value: "b"),
            SetCookie(
                name: "SID", value: "\"x=y\"", expires: CookieDate.time(year: 2030, month: 2, day: 3, hour: 4, minute: 5, second: 6),
                maxAge: -1, domain: "example.com", path: "/a b", isSecure: true, isHTTPOnly: true, sameSite: .strict),
            SetCookie(name: "n", value: "v", domain: ""),
            SetCookie(name: "n", value: "v", domain: ".odd"),
            try parse("foo=bar; domain=  .  home.example.org"),  // found by the fuzzer: "  home.example.org"
            SetCookie(name: "n", value: "caf\u{E9}", maxAge: 0, sameSite: SameSite.none),
        ]
        for cookie in cookies {
            #expect(try parse(cookie.headerValue) == cookie, "\(cookie.headerValue)")
        }
        #expect(cookies[1].headerValue == "SID=\"x=y\"; Expires=Sun, 03 Feb 2030 04:05:06 GMT; Max-Age=-1; "
            + "Domain=example.com; Path=/a b; Secure; HttpOnly; SameSite=Strict")
    }
}
