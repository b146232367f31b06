import Deferred
import Reactor
import ReactorTesting
import Testing
import WebClient

@testable import WebServer

/// An `HTTPChannel` on a `StringTransportWithDisconnection`, with a fake clock and a router.
final class ServerHarness {
    let clock = Clock()
    let transport = StringTransportWithDisconnection()
    let router: Router
    let channel: HTTPChannel
    /// Requests the router's handlers saw, in order.
    var seen: [ServerRequest] = []

    init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), router: Router = Router()) {
        self.router = router
        channel = HTTPChannel(handler: router, clock: clock, configuration: configuration)
        transport.connect(channel)
    }

    /// Adds the routes most tests use: `/hello` (text), `/echo` (reads the body), `/bytes/:n`.
    func addStandardRoutes() {
        router.get("/hello") { [unowned self] request in
            self.seen.append(request)
            return ServerResponse.text("hello")
        }
        router.post("/echo") { [unowned self] request in
            self.seen.append(request)
            return request.readBody().addCallback { body in ServerResponse(bytes: body) }
        }
        router.get("/bytes/:n") { request in
            let count = Int(request.pathParameters["n"] ?? "") ?? 0
            return ServerResponse(bytes: [UInt8](repeating: 0x61, count: count))
        }
    }

    func send(_ text: String) { channel.dataReceived(Array(text.utf8)) }
    func send(_ bytes: [UInt8]) { channel.dataReceived(bytes) }

    var output: String { transport.text }

    /// Whether the channel asked to close (fully) or half-close.
    var isClosing: Bool { transport.isDisconnecting || transport.isWriteConnectionLost }

    /// The complete responses written so far (see `parseResponses`).
    func responses(methods: [String] = []) -> [ParsedResponse] {
        parseResponses(transport.value, methods: methods)
    }
}

@available(*, unavailable)
extension ServerHarness: Sendable {}

/// One response parsed back from the server's bytes by WebClient's strict parser.
struct ParsedResponse {
    var interim: [Int] = []
    var head: ResponseHead
    var body: [UInt8] = []
    var trailers = Headers()

    var status: Int { head.status }
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { head.headers[name] }
}

/// Parses consecutive responses with the client's parser; `methods[i]` is the request method of
/// response `i` (GET when missing). Stops at the first incomplete response; a parse error fails the test.
func parseResponses(_ bytes: [UInt8], methods: [String] = [], closed: Bool = false) -> [ParsedResponse] {
    var responses: [ParsedResponse] = []
    var rest = bytes[...]
    while !rest.isEmpty {
        var parser = HTTPResponseParser()
        parser.expectResponse(method: responses.count < methods.count ? methods[responses.count] : "GET")
        parser.feed(Array(rest))
        var interim: [Int] = []
        var current: ParsedResponse?
        do {
            while let event = try parser.next() {
                switch event {
                case .informational(let head): interim.append(head.status)
                case .head(let head): current = ParsedResponse(interim: interim, head: head)
                case .body(let slice): current?.body.append(contentsOf: slice)
                case .end(let trailers):
                    current?.trailers = trailers
                    if let current { responses.append(current) }
                }
            }
        } catch {
            Issue.record("server output does not parse: \(error)")
            return responses
        }
        guard parser.isComplete else { return responses }
        rest = parser.takeUnconsumedBytes()
    }
    return responses
}

/// A GET request's bytes.
func get(_ target: String, headers: String = "") -> String {
    "GET \(target) HTTP/1.1\r\nHost: example.com\r\n\(headers)\r\n"
}
