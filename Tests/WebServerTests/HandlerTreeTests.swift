import Deferred
import DeferredTesting
import Glibc
import Reactor
import ReactorTesting
import Testing
import WebClient

@testable import WebServer

@Suite("Resource trees, static files, the server")
struct HandlerTreeTests {
    final class Greeting: Resource {
        override var isLeaf: Bool { true }
        override func render(_ request: ServerRequest) throws -> any HandlerResultConvertible {
            guard request.method == "GET" || request.isHead else { throw HTTPError(405) }
            return "hi " + request.postpath.joined(separator: "|") + " after " + request.prepath.joined(separator: "|")
        }
    }

    final class Index: Resource {
        override func render(_ request: ServerRequest) throws -> any HandlerResultConvertible { "index" }
    }

    final class Dynamic: Resource {
        override func getChild(_ path: String, request: ServerRequest) -> Resource? {
            path.hasPrefix("user") ? Greeting() : nil
        }
    }

    func serve(_ root: Resource, _ wire: String) -> [ParsedResponse] {
        let clock = Clock()
        let transport = StringTransport()
        let channel = HTTPChannel(handler: root, clock: clock)
        channel.makeConnection(transport)
        channel.dataReceived(Array(wire.utf8))
        return parseResponses(transport.value)
    }

    @Test func traversalFollowsChildren() {
        let root = Resource()
        root.putChild("", Index())
        let dynamic = Dynamic()
        root.putChild("greet", Greeting())
        root.putChild("people", dynamic)
        let responses = serve(
            root, get("/") + get("/greet/a/b%20c") + get("/people/user1/x") + get("/people/other") + get("/nothing"))
        #expect(
            responses.map(\.text) == [
                "index", "hi a|b c after greet", "hi x after people|user1", "Not Found\n", "Not Found\n",
            ])
    }

    @Test func defaultRenderIs405() {
        let root = Resource()
        root.putChild("plain", Resource())
        #expect(serve(root, get("/plain")).map(\.status) == [405])
    }

    @Test func routerMountsATree() {
        let router = Router()
        let tree = Resource()
        tree.putChild("g", Greeting())
        router.mount("/api/", tree)
        router.get("/api") { _ in "exact wins" }
        let harness = ServerHarness(router: router)
        harness.send(get("/api/g/z") + get("/api"))
        #expect(harness.responses().map(\.text) == ["hi z after api|g", "exact wins"])
    }

    @Test func staticFilesAreServedInChunks() throws {
        var template = Array("/tmp/torsion-static-XXXXXX".utf8CString)
        let directory = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) })
        let root = String(cString: directory)
        defer {
            unlink(root + "/data.txt")
            rmdir(root + "/sub")
            rmdir(root)
        }
        let content = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let file = try #require(fopen(root + "/data.txt", "w"))
        _ = content.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
        mkdir(root + "/sub", 0o755)

        let router = Router()
        router.mount("/static", StaticFile(path: root))
        let clock = Clock()
        let server = HTTPChannel(handler: router, clock: clock)
        let client = HTTP11ClientProtocol()
        let pump = IOPump.connectedServerAndClient(server: server, client: client, clock: clock)

        func fetch(_ target: String, method: String = "GET") throws -> (Int, String?, [UInt8]) {
            let responseDeferred = client.request(Request(method: method, target: target, host: "x"))
            pump.flush()
            let response = try successResultOf(responseDeferred)
            let body = readBody(response)
            pump.flush()
            return (response.code, response.headers["Content-Type"], try successResultOf(body))
        }

        let (status, type, body) = try fetch("/static/data.txt")
        #expect(status == 200)
        #expect(type == "text/plain; charset=utf-8")
        #expect(body == content)
        #expect(try fetch("/static/data.txt", method: "HEAD").2.isEmpty)
        #expect(try fetch("/static/missing.txt").0 == 404)
        #expect(try fetch("/static/sub").0 == 403)
        #expect(try fetch("/static/../static/data.txt").0 == 404)
        #expect(try fetch("/static/%2e%2e/etc/passwd").0 == 404)
        #expect(try fetch("/static/sub%2F..%2Fdata.txt").0 == 404)
        #expect(try fetch("/static/data.txt", method: "POST").0 == 405)
    }

    @Test func contentTypesByExtension() {
        #expect(StaticFile.guessContentType("a/b.HTML") == "text/html; charset=utf-8")
        #expect(StaticFile.guessContentType("x.png") == "image/png")
        #expect(StaticFile.guessContentType("dir.d/noext") == "application/octet-stream")
    }

    @Test func httpServerListensThroughTheReactor() throws {
        let reactor = MemoryReactorClock()
        let router = Router()
        router.get("/") { _ in "root" }
        let server = HTTPServer(reactor: reactor, router: router, configuration: HTTPServerConfiguration(timeOut: nil))
        try server.listen(port: 8080)
        let record = try #require(reactor.tcpServers.first)
        #expect(record.port == 8080)
        #expect(record.interface == "127.0.0.1")
        let channel = try #require(record.factory.buildProtocol(addr: .ipv4(host: "127.0.0.1", port: 5555)) as? HTTPChannel)
        #expect(channel.configuration.timeOut == nil)
        let transport = StringTransport()
        channel.makeConnection(transport)
        channel.dataReceived(Array(get("/").utf8))
        #expect(parseResponses(transport.value).map(\.text) == ["root"])
        #expect(server.factory.connectionCount == 1)
    }
}
