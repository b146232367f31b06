import Reactor
import WebClient

/// A request as the in-memory server of ``StubHTTPClient`` received it.
public struct StubRequest: Sendable {
    /// The method, such as `GET`.
    public let method: String
    /// The request target as sent (`/path?query`).
    public let target: String
    /// The headers as sent, `Host` first.
    public let headers: Headers
    /// The body bytes (de-chunked if it was sent chunked).
    public let body: [UInt8]

    /// The target's path, before `?`.
    public var path: String {
        String(target.prefix { $0 != "?" })
    }

    /// The query parameters, percent-decoded, in order (`+` is kept as is).
    public var queryItems: [(name: String, value: String)] {
        guard let q = target.firstIndex(of: "?") else { return [] }
        return target[target.index(after: q)...].split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (
                PercentDecoding.decode(parts[0].utf8, plusIsSpace: false),
                parts.count > 1 ? PercentDecoding.decode(parts[1].utf8, plusIsSpace: false) : "")
        }
    }

    /// The body decoded as UTF-8.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// The answer a ``StubHTTPClient`` handler gives: status, headers and a whole body.
///
/// The server adds `Content-Length` (no body is sent for HEAD requests, 204 and 304).
public struct StubResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Response headers (do not set `Content-Length` or `Transfer-Encoding`).
    public var headers: Headers
    /// The body.
    public var body: [UInt8]
    /// Whether the server closes the connection instead of answering (see ``noAnswer``).
    public var closesWithoutAnswer = false

    /// A response from its parts.
    public init(status: Int = 200, headers: Headers = Headers(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a UTF-8 text body.
    public init(status: Int = 200, headers: Headers = Headers(), text: String) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// No response: the server closes the connection without answering, as a server whose keep-alive
    /// timeout ran out just as the request arrived does. The client sees ``ResponseNeverReceived`` (and
    /// retries an idempotent request that went out on a reused connection).
    public static var noAnswer: StubResponse {
        var response = StubResponse()
        response.closesWithoutAnswer = true
        return response
    }

    /// A JSON response, `Content-Type: application/json`.
    public static func json(_ value: JSONValue, status: Int = 200) -> StubResponse {
        StubResponse(status: status, headers: ["Content-Type": "application/json"], text: value.serialized())
    }
}

/// The server side of a ``StubHTTPClient`` connection: reads HTTP/1.1 requests (with `Content-Length`
/// or chunked bodies), asks the handler, writes the answer; keeps the connection open unless the request
/// said `Connection: close`. Malformed input gets a 400 and a close.
///
/// It is a plain ``ConnectionProtocol``, so tests can also serve it from a real listening socket.
final class StubResponder: ConnectionProtocol {
    var transport: (any Transport)?
    private let handler: (StubRequest) -> StubResponse
    private var buffer: [UInt8] = []
    private var closing = false

    init(handler: @escaping (StubRequest) -> StubResponse) {
        self.handler = handler
    }

    func dataReceived(_ data: [UInt8]) {
        guard !closing else { return }
        buffer += data
        while !closing, let (request, closes) = nextRequest() {
            answer(request, closes: closes)
        }
    }

    /// Takes one complete request off the buffer, if there is one.
    private func nextRequest() -> (StubRequest, Bool)? {
        guard let headEnd = find([13, 10, 13, 10], in: buffer, from: 0) else { return nil }
        let lines = String(decoding: buffer[..<headEnd], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count == 3 else { return malformed() }
        var headers = Headers()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return malformed() }
            headers.add(name: String(line[..<colon]), value: String(line[line.index(after: colon)...].trimmingSpaces()))
        }
        var index = headEnd + 4
        var body: [UInt8] = []
        if headers.first(name: "Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                guard let lineEnd = find([13, 10], in: buffer, from: index) else { return nil }
                let sizeText = String(decoding: buffer[index..<lineEnd], as: UTF8.self).prefix { $0 != ";" }
                guard let size = Int(sizeText, radix: 16) else { return malformed() }
                index = lineEnd + 2
                if size == 0 {
                    guard let end = find([13, 10], in: buffer, from: index) else { return nil }
                    index = end + 2
                    break
                }
                guard buffer.count >= index + size + 2 else { return nil }
                body += buffer[index..<index + size]
                index += size + 2
            }
        } else if let lengthText = headers.first(name: "Content-Length") {
            guard let length = Int(lengthText), length >= 0 else { return malformed() }
            guard buffer.count >= index + length else { return nil }
            body = Array(buffer[index..<index + length])
            index += length
        }
        buffer.removeFirst(index)
        let closes = headers.values(name: "Connection").contains { $0.lowercased().contains("close") }
        let request = StubRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
        return (request, closes)
    }

    private func malformed() -> (StubRequest, Bool)? {
        closing = true
        transport?.write(Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
        transport?.loseConnection()
        return nil
    }

    private func answer(_ request: StubRequest, closes: Bool) {
        let response = handler(request)
        if response.closesWithoutAnswer {
            closing = true
            transport?.loseConnection()
            return
        }
        let bodiless = request.method == "HEAD" || response.status == 204 || response.status == 304
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers {
            head += "\(name): \(value)\r\n"
        }
        if response.status != 204, response.status != 304 {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        if closes { head += "Connection: close\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if !bodiless { bytes += response.body }
        transport?.write(bytes)
        if closes {
            closing = true
            transport?.loseConnection()
        }
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for i in start...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<i + needle.count]) == needle { return i }
        }
        return nil
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        default: "Status"
        }
    }
}

@available(*, unavailable)
extension StubResponder: Sendable {}
