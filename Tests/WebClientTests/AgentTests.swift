import Deferred
import DeferredTesting
import Reactor
import ReactorTesting
import Testing

@testable import WebClient

/// Routes every URI to one place on a memory reactor, recording what it was asked.
final class RoutingEndpointFactory: EndpointFactory {
    let reactor: MemoryReactorClock
    var asked: [URI] = []

    init(reactor: MemoryReactorClock) {
        self.reactor = reactor
    }

    func endpoint(for uri: URI) throws -> any StreamClientEndpoint {
        asked.append(uri)
        return TCP4ClientEndpoint(reactor: reactor, host: "10.0.0.9", port: 1234, timeout: .seconds(3))
    }
}

@Suite("Agent")
struct AgentTests {
    let reactor = MemoryReactorClock()

    /// An Agent with the standard endpoint factory, whose resolver hands names back as they are, so the
    /// memory reactor records the host name.
    private func agent(
        pool: HTTPConnectionPool? = nil, connectTimeout: Duration = .seconds(30), bindAddress: Address? = nil
    ) -> Agent {
        let factory = StandardEndpointFactory(
            reactor: reactor, connectTimeout: connectTimeout, bindAddress: bindAddress,
            resolver: { host, port in .succeed([.ipv4(host: host, port: port)]) })
        return Agent.usingEndpointFactory(reactor: reactor, endpointFactory: factory, pool: pool)
    }

    private func written(_ index: Int = 0) -> String {
        reactor.tcpClients[index].connector.transport!.text
    }

    private func respond(_ index: Int = 0, _ text: String = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") {
        reactor.tcpClients[index].connector.protocolInstance!.dataReceived(Array(text.utf8))
    }

    @Test func requestConnectsToTheURIHostAndSendsOriginFormWithComputedHost() throws {
        let agent = agent(connectTimeout: .seconds(7), bindAddress: .ipv4(host: "10.1.1.1", port: 0))
        let d = agent.request(method: "GET", uri: "http://Example.COM:8080/a/b?c=d#frag")
        let record = reactor.tcpClients[0]
        #expect(record.host == "example.com" && record.port == 8080)
        #expect(record.timeout == .seconds(7))
        #expect(record.bindAddress == .ipv4(host: "10.1.1.1", port: 0))
        record.connector.complete()
        // The default pool is not persistent, as in Twisted.
        #expect(written() == "GET /a/b?c=d HTTP/1.1\r\nHost: example.com:8080\r\nConnection: close\r\n\r\n")
        respond()
        let response = try successResultOf(d)
        #expect(response.code == 200)
        #expect(try successResultOf(readBody(response)) == Array("ok".utf8))
    }

    @Test(arguments: [
        ("http://example.com/", "example.com", "example.com"),
        ("http://example.com:80/", "example.com", "example.com"),
        ("http://[::1]/", "::1", "[::1]"),
        ("http://[2001:db8::7]:8000/", "2001:db8::7", "[2001:db8::7]:8000"),
        ("http://127.0.0.1:81", "127.0.0.1", "127.0.0.1:81"),
    ])
    func hostHeaderOmitsDefaultPortsAndBracketsIPv6(uri: String, connectHost: String, hostHeader: String) throws {
        let agent = agent()
        _ = agent.request(method: "GET", uri: uri)
        #expect(reactor.tcpClients[0].host == connectHost)
        reactor.tcpClients[0].connector.complete()
        #expect(written().contains("\r\nHost: \(hostHeader)\r\n"))
    }

    @Test func userinfoBecomesBasicAuthorization() throws {
        let agent = agent()
        _ = agent.request(method: "GET", uri: "http://us%65r:p%40ss@example.com/")
        reactor.tcpClients[0].connector.complete()
        // "user:p@ss"
        #expect(written().contains("\r\nAuthorization: Basic dXNlcjpwQHNz\r\n"))
        #expect(!written().contains("@example.com"))
    }

    @Test func callerAuthorizationAndHostWin() throws {
        let agent = agent()
        let headers: Headers = ["Authorization": "Bearer t", "Host": "virtual.example"]
        _ = agent.request(method: "GET", uri: "http://user:pw@example.com/", headers: headers)
        reactor.tcpClients[0].connector.complete()
        #expect(written().contains("Authorization: Bearer t\r\n"))
        #expect(!written().contains("Basic"))
        #expect(written().hasPrefix("GET / HTTP/1.1\r\nHost: virtual.example\r\n"))
    }

    @Test(arguments: [
        ("ws", "ws://example.com:1/"), ("ftp", "ftp://example.com:1/"), ("ftp", "ftp://example.com/"),
        ("mailto", "mailto:alice@example.com"), ("file", "file:///etc/hosts"),
    ])
    func unsupportedSchemesFailBeforeConnecting(scheme: String, uri: String) throws {
        // Twisted: the URI parses; the endpoint factory refuses the scheme.
        let agent = agent()
        let d = agent.request(method: "GET", uri: uri)
        let error = try failureResultOf(d, SchemeNotSupported.self)
        #expect(error.scheme == scheme && error.description == "scheme \(scheme) is not supported")
        #expect(reactor.tcpClients.isEmpty)
    }

    @Test(arguments: ["", "GE T", "GET\r\n", "G(ET"])
    func badMethodFailsBeforeConnecting(method: String) throws {
        let agent = agent()
        let d = agent.request(method: method, uri: "http://example.com/")
        #expect(try failureResultOf(d, InvalidRequest.self).component == .method)
        #expect(reactor.tcpClients.isEmpty)
    }

    @Test(arguments: ["example.com/", "http://", "http://host:99999/", "http://[::1/"])
    func badURIFailsBeforeConnecting(uri: String) throws {
        let agent = agent()
        _ = try failureResultOf(agent.request(method: "GET", uri: uri), InvalidURI.self)
        #expect(reactor.tcpClients.isEmpty)
    }

    @Test func persistentPoolReusesOneConnectionPerKey() throws {
        let pool = HTTPConnectionPool(reactor: reactor)
        let agent = agent(pool: pool)
        let first = agent.request(method: "GET", uri: "http://example.com/1")
        reactor.tcpClients[0].connector.complete()
        #expect(!written().contains("Connection: close"))
        respond()
        _ = try successResultOf(readBody(try successResultOf(first)))
        reactor.tcpClients[0].connector.transport!.clear()
        let second = agent.request(method: "GET", uri: "http://example.com:80/2")
        #expect(reactor.tcpClients.count == 1)
        #expect(written().hasPrefix("GET /2 HTTP/1.1\r\n"))
        respond()
        _ = try successResultOf(second)
        _ = agent.request(method: "GET", uri: "http://example.com:8080/")
        #expect(reactor.tcpClients.count == 2)
        #expect(pool.counters.reused == 1)
    }

    @Test func replacedEndpointFactoryRoutesRequestsAndIsAskedOncePerKey() throws {
        let factory = RoutingEndpointFactory(reactor: reactor)
        let agent = Agent.usingEndpointFactory(
            reactor: reactor, endpointFactory: factory, pool: HTTPConnectionPool(reactor: reactor))
        _ = agent.request(method: "GET", uri: "http://service.internal/x")
        _ = agent.request(method: "GET", uri: "http://service.internal/y")
        #expect(factory.asked.map(\.host) == ["service.internal"])
        #expect(reactor.tcpClients.map(\.host) == ["10.0.0.9", "10.0.0.9"])
        #expect(reactor.tcpClients[0].timeout == .seconds(3))
        reactor.tcpClients[0].connector.complete()
        #expect(written().hasPrefix("GET /x HTTP/1.1\r\nHost: service.internal\r\n"))
    }

    @Test func endpointFactoryErrorFailsTheRequest() throws {
        final class Refusing: EndpointFactory {
            func endpoint(for uri: URI) throws -> any StreamClientEndpoint { throw SchemeNotSupported(scheme: "x") }
        }
        let agent = Agent.usingEndpointFactory(reactor: reactor, endpointFactory: Refusing())
        _ = try failureResultOf(agent.request(method: "GET", uri: "http://a/"), SchemeNotSupported.self)
    }

    @Test func cancellingWhileConnectingStopsTheAttempt() throws {
        let agent = agent()
        let d = agent.request(method: "GET", uri: "http://example.com/")
        d.cancel()
        #expect(reactor.tcpClients[0].connector.stoppedConnecting)
        _ = try failureResultOf(d, ConnectingCancelledError.self)
    }

    @Test func cancellingAfterTheRequestWentOutAbortsTheConnection() throws {
        let agent = agent()
        let d = agent.request(method: "GET", uri: "http://example.com/")
        reactor.tcpClients[0].connector.complete()
        d.cancel()
        #expect(reactor.tcpClients[0].connector.transport!.isDisconnected)
        _ = try failureResultOf(d, ResponseNeverReceived.self)
    }

    @Test func bodyIsSentWithItsLength() throws {
        let agent = agent()
        _ = agent.request(method: "POST", uri: "http://example.com/form", bodyProducer: BytesBodyProducer("a=1"))
        reactor.tcpClients[0].connector.complete()
        #expect(written().contains("Content-Length: 3\r\n"))
        #expect(written().hasSuffix("\r\n\r\na=1"))
    }

    @Test func defaultAgentResolvesNamesOffTheReactorThread() throws {
        let agent = Agent(reactor: reactor)
        _ = agent.request(method: "GET", uri: "http://example.invalid/")
        #expect(reactor.tcpClients.isEmpty)  // waiting for the thread pool's getaddrinfo
        _ = agent.request(method: "GET", uri: "http://192.0.2.7:81/")
        #expect(reactor.tcpClients.map(\.host) == ["192.0.2.7"])
    }

    @Test(arguments: [("1.2.3.4", true), ("255.255.255.255", true), ("1.2.3", false), ("1.2.3.256", false),
        ("a.b.c.d", false), ("1..2.3", false), ("example.com", false)])
    func ipv4Literals(host: String, literal: Bool) {
        #expect(StandardEndpointFactory.isIPv4Literal(host) == literal)
    }

    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE=")])
    func base64(input: String, output: String) {
        #expect(base64Encode(Array(input.utf8)) == output)
    }

    @Test func basicAuthorizationWithoutPassword() {
        #expect(basicAuthorization(user: "u", password: nil) == "Basic dTo=")
    }
}
