import Deferred
import Reactor
import TLS
import TLSTesting
import WebClient
import WebServer

/// The first ``TLSError`` in `error` or the reasons of the request errors wrapping it.
func tlsError(in error: any Error) -> TLSError? {
    if let tls = error as? TLSError { return tls }
    if let wrapped = error as? any WrappedRequestError {
        for reason in wrapped.reasons {
            if let found = tlsError(in: reason) { return found }
        }
    }
    return nil
}

/// An HTTPS server on 127.0.0.1 (any free port) presenting `identity`, answering `GET /hello` with
/// "hello", `GET /big` with `bigSize` pattern bytes, and `POST /count` with the request body's length.
final class HTTPSTestServer {
    static let bigSize = 8 * 1024 * 1024
    let server: HTTPServer
    let options: TLSServerOptions
    let port: any ListeningPort

    init(reactor: any ReactorTime & ReactorTCP, identity: TLSIdentity = certificates.server) throws {
        let router = Router()
        router.get("/hello") { _ in "hello" }
        router.get("/big") { _ in
            ServerResponse(bytes: PatternProducer.pattern(from: 0, count: Self.bigSize), contentType: "application/octet-stream")
        }
        router.post("/count") { request in
            request.readBody().addCallback { (body: [UInt8]) -> ServerResponse in .text("\(body.count)") }
        }
        var configuration = HTTPServerConfiguration()
        configuration.maxBodySize = 16 * 1024 * 1024
        server = HTTPServer(reactor: reactor, router: router, configuration: configuration)
        options = try TLSServerOptions(identity: identity)
        port = try server.listenSSL(port: 0, interface: "127.0.0.1", options: options)
    }

    var portNumber: Int { port.getHost().port! }
    func url(_ path: String, host: String = "127.0.0.1", scheme: String = "https") -> String {
        "\(scheme)://\(host):\(portNumber)\(path)"
    }
}

/// GETs (or POSTs `body` to) `url` and reads the whole body.
func fetch(_ agent: Agent, _ url: String, body: [UInt8]? = nil) -> Deferred<[UInt8]> {
    agent.request(method: body == nil ? "GET" : "POST", uri: url, bodyProducer: body.map { BytesBodyProducer($0) })
        .addCallback { (response: Response) -> Deferred<[UInt8]> in readBody(response) }
}

/// Runs `step(0)`, `step(1)`, … `step(count - 1)` one after another.
func sequentially<T>(_ count: Int, _ step: @escaping (Int) -> Deferred<T>) -> Deferred<[T]> {
    var results: [T] = []
    func next(_ index: Int) -> Deferred<[T]> {
        if index == count { return .succeed(results) }
        return step(index).addCallback { (value: T) -> Deferred<[T]> in
            results.append(value)
            return next(index + 1)
        }
    }
    return next(0)
}
