@testable import WebClient
import Testing

@Suite("URI")
struct URITests {
    @Test func plainHTTP() throws {
        let u = try URI("http://Example.COM/a/b?x=1#frag")
        #expect(u.scheme == "http")
        #expect(u.host == "example.com")
        #expect(u.port == 80)
        #expect(u.originForm == "/a/b?x=1")
        #expect(u.hostHeaderValue == "example.com")
    }

    @Test func defaultPortsAndExplicitPorts() throws {
        #expect(try URI("https://h").port == 443)
        #expect(try URI("https://h").originForm == "/")
        #expect(try URI("http://h:8080").hostHeaderValue == "h:8080")
        #expect(try URI("http://h:80/").hostHeaderValue == "h")
        #expect(try URI("https://h:443/").hostHeaderValue == "h")
    }

    @Test func hostHeaderFollowsChangesToSchemeHostAndPort() throws {
        var u = try URI("http://example.com/a")
        u.port = 8080
        #expect(u.hostHeaderValue == "example.com:8080")
        u.host = "::1"
        #expect(u.hostHeaderValue == "[::1]:8080")
        u.scheme = "https"
        u.port = 443
        #expect(u.hostHeaderValue == "[::1]")
        #expect(u == (try URI("https://[::1]/a")))
    }

    @Test func ipv6Literals() throws {
        let u = try URI("http://[::1]:8080/x")
        #expect(u.host == "::1")
        #expect(u.port == 8080)
        #expect(u.isIPv6Literal)
        #expect(u.hostHeaderValue == "[::1]:8080")
        #expect(try URI("http://[2001:DB8::1]/").hostHeaderValue == "[2001:db8::1]")
        #expect(throws: InvalidURI.self) { try URI("http://[::1/") }
        #expect(throws: InvalidURI.self) { try URI("http://[::1]x/") }
    }

    @Test func userinfoIsKeptApartFromHost() throws {
        let u = try URI("http://al%20ice:s%3Acret@h:81/p")
        #expect(u.host == "h")
        #expect(u.hostHeaderValue == "h:81")
        #expect(u.userinfo?.user == "al ice")
        #expect(u.userinfo?.password == "s:cret")
        #expect(!u.description.contains("al"))
    }

    @Test func percentEncodingIsNotRedone() throws {
        let u = try URI("http://h/a%20b/c d?q=%2F x")
        #expect(u.path == "/a%20b/c%20d")
        #expect(u.query == "q=%2F%20x")
    }

    @Test func controlAndNonASCIIBytesAreEncoded() throws {
        let u = try URI("http://h/é\u{1}")
        #expect(u.path == "/%C3%A9%01")
    }

    @Test(arguments: [
        "example.com/x", "http//h/", "http://", "http://:80/", "http://h:0/", "http://h:65536/", "http://h:8a/",
        "http://h h/", "1http://h/", "http:/path", "https:example.com", "ht tp://h/", ":x",
    ])
    func invalid(text: String) {
        #expect(throws: InvalidURI.self) { try URI(text) }
    }

    @Test(arguments: [
        ("ftp://example.com/", "ftp", "example.com", 0, "/", "ftp://example.com/"),
        ("ftp://example.com:21/pub", "ftp", "example.com", 21, "/pub", "ftp://example.com:21/pub"),
        ("mailto:alice@example.com", "mailto", "", 0, "alice@example.com", "mailto:alice@example.com"),
        ("urn:isbn:0451450523", "urn", "", 0, "isbn:0451450523", "urn:isbn:0451450523"),
        ("file:///etc/hosts", "file", "", 0, "/etc/hosts", "file:///etc/hosts"),
        ("WS://h:81/chat?x=1", "ws", "h", 81, "/chat", "ws://h:81/chat?x=1"),
    ])
    func everyRFC3986SchemeParses(
        text: String, scheme: String, host: String, port: Int, path: String, description: String
    ) throws {
        let u = try URI(text)
        #expect(u.scheme == scheme && u.host == host && u.port == port && u.path == path)
        #expect(u.description == description)
    }
}
