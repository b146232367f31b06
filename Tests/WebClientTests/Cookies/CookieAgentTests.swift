import Deferred
import DeferredTesting
import ReactorTesting
import Testing
import WebClientTesting

@testable import WebClient

/// A test double of a redirect agent: follows `Location` on 3xx answers, each hop through `agent` (as
/// `RedirectAgent` does), so that a `CookieAgent` inside it sees every hop.
private final class FollowingAgent: HTTPAgent {
    let agent: any HTTPAgent

    init(_ agent: any HTTPAgent) {
        self.agent = agent
    }

    func request(
        method: String, uri: String, headers: Headers, bodyProducer: (any BodyProducer)?, timeouts: AgentTimeouts?
    ) -> Deferred<Response> {
        agent.request(method: method, uri: uri, headers: headers, bodyProducer: bodyProducer, timeouts: timeouts)
            .addCallback { (response: Response) -> Deferred<Response> in
                guard (300..<400).contains(response.code), let location = response.headers.first(name: "Location"),
                    let base = try? URI(uri)
                else { return .succeed(response) }
                response.discardBody()
                let next = location.hasPrefix("/") ? "\(base.scheme)://\(base.hostHeaderValue)\(location)" : location
                return self.request(method: method, uri: next, headers: headers, bodyProducer: nil, timeouts: timeouts)
            }
    }
}

@Suite("CookieAgent over StubHTTPClient")
struct CookieAgentTests {
    /// A stub server, a jar on the stub's clock, and a client whose agent is `wrap(CookieAgent(stub))`.
    func setUp(
        wrap: (any HTTPAgent) -> any HTTPAgent = { $0 }, handler: @escaping (StubRequest) -> StubResponse
    ) -> (StubHTTPClient, CookieJar, HTTPClient) {
        let stub = StubHTTPClient(handler: handler)
        let jar = CookieJar(clock: stub.clock, unixTime: .seconds(1_300_000_000))
        let client = HTTPClient(agent: wrap(CookieAgent(stub.agent, jar: jar)), reactor: stub.clock)
        return (stub, jar, client)
    }

    func get(_ client: HTTPClient, _ url: String, headers: Headers = Headers()) throws -> String {
        let response = try successResultOf(client.get(url, headers: headers))
        return try successResultOf(client.text(response))
    }

    @Test func storesEverySetCookieInOrderAndSendsThemBack() throws {
        let (stub, jar, client) = setUp { request in
            if request.path == "/login" {
                return StubResponse(headers: Headers([("Set-Cookie", "a=1"), ("Set-Cookie", "b=2; Path=/"), ("set-cookie", "a=3")]), text: "in")
            }
            return StubResponse(text: request.headers["Cookie"] ?? "-")
        }
        #expect(try get(client, "http://example.com/login") == "in")
        #expect(stub.requests[0].headers.contains(name: "Cookie") == false)
        #expect(jar.cookies.map(\.value) == ["3", "2"])
        #expect(try get(client, "http://example.com/next") == "a=3; b=2")
        #expect(stub.requests[1].headers.count(name: "Cookie") == 1)
    }

    @Test func aCookieTheCallerSetIsNeverOverwritten() throws {
        let (stub, jar, client) = setUp { request in
            StubResponse(headers: ["Set-Cookie": "server=1"], text: request.headers["Cookie"] ?? "-")
        }
        #expect(try get(client, "http://example.com/") == "-")
        #expect(try get(client, "http://example.com/", headers: ["Cookie": "mine=1"]) == "mine=1")
        #expect(try get(client, "http://example.com/", headers: ["cookie": ""]) == "")
        #expect(stub.requests.map { $0.headers.count(name: "Cookie") } == [0, 1, 1])
        #expect(jar.count == 1)  // the responses' cookies are still stored
        #expect(try get(client, "http://example.com/") == "server=1")
    }

    @Test func theJarsRulesDecideWhatIsSent() throws {
        let (stub, jar, client) = setUp { request in
            switch request.path {
            case "/app/login":
                StubResponse(
                    headers: Headers([
                        ("Set-Cookie", "app=1"), ("Set-Cookie", "wide=1; Domain=example.com; Path=/"),
                        ("Set-Cookie", "evil=1; Domain=other.com"), ("Set-Cookie", "broken"),
                        ("Set-Cookie", "sec=1; Secure"),
                    ]), text: "ok")
            default: StubResponse(text: request.headers["Cookie"] ?? "-")
            }
        }
        #expect(try get(client, "http://www.example.com/app/login") == "ok")
        #expect(jar.cookies.map(\.name) == ["wide", "app"])
        #expect(try get(client, "http://www.example.com/app/x") == "app=1; wide=1")
        #expect(try get(client, "http://www.example.com/other") == "wide=1")
        #expect(try get(client, "http://api.example.com/") == "wide=1")
        #expect(try get(client, "http://other.com/") == "-")
        #expect(stub.requests.count == 5)
    }

    /// Nested inside a redirect-following agent, every hop goes through the cookie agent: each
    /// intermediate response's cookies are stored and each hop sends its own URI's cookies.
    @Test func everyRedirectHopGoesThroughTheCookieAgent() throws {
        let (stub, jar, client) = setUp(wrap: { FollowingAgent($0) }) { request in
            let host = request.headers["Host"] ?? ""
            switch (host, request.path) {
            case ("example.com", "/start"):
                return StubResponse(status: 302, headers: ["Location": "/next", "Set-Cookie": "hop1=1"])
            case ("example.com", "/next"):
                return StubResponse(
                    status: 302, headers: ["Location": "http://other.example/end", "Set-Cookie": "hop2=2"])
            default:
                return StubResponse(headers: ["Set-Cookie": "end=3"], text: request.headers["Cookie"] ?? "-")
            }
        }
        try jar.set(Cookie(name: "there", value: "0", domain: "other.example"))
        #expect(try get(client, "http://example.com/start") == "there=0")
        #expect(stub.requests.map(\.path) == ["/start", "/next", "/end"])
        #expect(stub.requests.map { $0.headers["Cookie"] } == [nil, "hop1=1", "there=0"])
        #expect(jar.cookies.map(\.name).sorted() == ["end", "hop1", "hop2", "there"])
        #expect(jar.cookieHeader(for: try URI("http://example.com/")) == "hop1=1; hop2=2")
    }

    @Test func aURIThatDoesNotParseIsLeftToTheWrappedAgent() throws {
        let (stub, _, client) = setUp { _ in StubResponse(text: "x") }
        _ = try failureResultOf(client.get("not a uri"), InvalidURI.self)
        #expect(stub.requests.isEmpty)
    }

    @Test func failuresPassThrough() throws {
        let (stub, jar, client) = setUp { _ in StubResponse(text: "x") }
        _ = try failureResultOf(client.get("https://example.com/"), SchemeNotSupported.self)
        #expect(stub.requests.isEmpty)
        #expect(jar.count == 0)
    }
}
