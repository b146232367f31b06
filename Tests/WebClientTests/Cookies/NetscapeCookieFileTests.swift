import ReactorTesting
import Testing

@testable import WebClient

@Suite("Netscape cookies.txt format")
struct NetscapeCookieFileTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func encodeWritesCurlsLayout() {
        let cookies = [
            Cookie(name: "id", value: "abc", domain: "example.com", expires: .seconds(1_767_225_600), isHostOnly: false),
            Cookie(name: "s", value: "xyz", domain: "www.example.com", path: "/account", isSecure: true, isHTTPOnly: true),
            Cookie(name: "empty", value: "", domain: "127.0.0.1", expires: .seconds(-5)),
        ]
        #expect(text(NetscapeCookieFile.encode(cookies)) == NetscapeCookieFile.header + """
            .example.com\tTRUE\t/\tFALSE\t1767225600\tid\tabc
            #HttpOnly_www.example.com\tFALSE\t/account\tTRUE\t0\ts\txyz
            127.0.0.1\tFALSE\t/\tFALSE\t1\tempty\t

            """)
        #expect(text(NetscapeCookieFile.encode(cookies, includeSessionCookies: false)).contains("\ts\t") == false)
    }

    @Test func cookiesTheFormatCannotHoldAreLeftOut() {
        let cookies = [
            Cookie(name: "tab", value: "a\tb", domain: "h.com"),
            Cookie(name: "nl", value: "v", domain: "h.com", path: "/a\nb"),
            Cookie(name: "", value: "v", domain: "h.com"),
            Cookie(name: "ok", value: "v", domain: "h.com"),
        ]
        let contents = NetscapeCookieFile.decode(NetscapeCookieFile.encode(cookies))
        #expect(contents.cookies.map(\.name) == ["ok"])
        #expect(contents.problems.isEmpty)
    }

    @Test func decodeReadsWhatCurlAndPythonWrite() {
        let file = """
            # Netscape HTTP Cookie File\r
            # https://curl.se/docs/http-cookies.html\r
            \r
            .Example.com\tTRUE\t/\tFALSE\t1767225600\tid\tabc\r
            #HttpOnly_www.example.com\tFALSE\t/account\tTRUE\t0\ts\txyz
            sub.example.com\ttrue\t/p\tfalse\t\tnodot\tv
            h.com\tFALSE\t/\tFALSE\t0\tnovalue
            h.com\tFALSE\t\tFALSE\t0\temptypath\tv
            $ a Python-style comment
               # indented comment
            """
        let contents = NetscapeCookieFile.decode(Array(file.utf8))
        #expect(contents.problems.isEmpty)
        #expect(contents.cookies.count == 5)
        let id = contents.cookies[0]
        #expect(id == Cookie(name: "id", value: "abc", domain: "example.com", expires: .seconds(1_767_225_600), isHostOnly: false))
        let s = contents.cookies[1]
        #expect(s.isHTTPOnly && s.isSecure && s.isHostOnly && s.isSession && s.path == "/account")
        #expect(contents.cookies[2].isHostOnly == false && contents.cookies[2].isSession)
        #expect(contents.cookies[3].value == "")
        #expect(contents.cookies[4].path == "/")
    }

    @Test func badLinesAreReportedAndSkipped() {
        let file = """
            ok.com\tFALSE\t/\tFALSE\t0\tgood\t1
            too\tfew\tfields
            h.com\tMAYBE\t/\tFALSE\t0\tn\tv
            h.com\tFALSE\t/\tYES\t0\tn\tv
            h.com\tFALSE\t/\tFALSE\tsoon\tn\tv
            \tFALSE\t/\tFALSE\t0\tn\tv
            h.com\tFALSE\t/\tFALSE\t0\t\tv
            h.com\tFALSE\t/\tFALSE\t0\tn\tv\u{01}
            h.com\tFALSE\t/\tFALSE\t0\tn\tv\textra
            """
        let contents = NetscapeCookieFile.decode(Array(file.utf8))
        #expect(contents.cookies.map(\.name) == ["good"])
        #expect(contents.problems == [
            .init(line: 2, reason: .fieldCount(3)), .init(line: 3, reason: .badFlag("MAYBE")),
            .init(line: 4, reason: .badFlag("YES")), .init(line: 5, reason: .badExpiry("soon")),
            .init(line: 6, reason: .emptyDomain), .init(line: 7, reason: .emptyName),
            .init(line: 8, reason: .controlCharacter), .init(line: 9, reason: .fieldCount(8)),
        ])
        #expect(contents.problems[3].description == "cookies file line 5: the expiry \"soon\" is not a number of seconds")
    }

    /// Header bytes 0x80–0xFF (held as U+0080–U+00FF) are written back as the same bytes.
    @Test func bytesRoundTripExactly() {
        let cookie = Cookie(name: "n", value: "caf\u{E9}", domain: "h.com")
        let bytes = NetscapeCookieFile.encode([cookie])
        #expect(Array(bytes.suffix(5)) == [0x63, 0x61, 0x66, 0xE9, 0x0A])
        #expect(NetscapeCookieFile.decode(bytes).cookies == [cookie])
    }

    /// A jar saved and loaded into another jar holds the same cookies; expired ones are left out.
    @Test func jarRoundTrip() throws {
        let (jar, _) = makeJar()
        jar.store(
            setCookies: [
                "a=1; Max-Age=3600; Domain=example.com; Path=/p", "b=2; HttpOnly", "c=3; Max-Age=5", "d=\"q\"; SameSite=Lax",
            ], from: try URI("https://www.example.com/x/y"))
        jar.store(setCookies: ["s=1; Secure; Max-Age=100"], from: try URI("https://www.example.com/"))
        let file = jar.netscapeFile()
        let (other, _) = makeJar()
        let report = other.loadNetscapeFile(file)
        #expect(report == CookieJar.LoadReport(loaded: 5, expired: 0))
        let strip = { (cookies: [Cookie]) in
            cookies.map { c in "\(c.name)=\(c.value) \(c.domain)\(c.path) \(c.expires?.components.seconds ?? 0) \(c.isHostOnly)\(c.isSecure)\(c.isHTTPOnly)" }
        }
        #expect(strip(other.cookies) == strip(jar.cookies))
        let (later, laterClock) = makeJar()
        laterClock.advance(.seconds(6))
        #expect(later.loadNetscapeFile(file) == CookieJar.LoadReport(loaded: 4, expired: 1))
        #expect(later.cookieHeader(for: try URI("https://www.example.com/x/")) == "b=2; d=\"q\"; s=1")
    }
}
