import HTTPCore
import WebClient

/// A request as the in-memory server of ``StubHTTPClient`` received it: what the server's parser made of
/// the bytes the client wrote.
public struct StubRequest: Sendable {
    /// The method, such as `GET`.
    public let method: String
    /// The request target as sent (`/path?query`).
    public let target: String
    /// The headers as sent, `Host` first.
    public let headers: Headers
    /// The body bytes (de-chunked if it was sent chunked).
    public let body: [UInt8]

    /// A request from its parts (the stub's server builds them; tests may too).
    public init(method: String, target: String, headers: Headers, body: [UInt8]) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

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
                parts.count > 1 ? PercentDecoding.decode(parts[1].utf8, plusIsSpace: false) : ""
            )
        }
    }

    /// The body decoded as UTF-8.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// The answer a ``StubHTTPClient`` handler gives: status, headers and a whole body.
///
/// The server (the real `HTTPChannel`) frames it: `Content-Length` (no body for HEAD requests, 204 and
/// 304), `Date`, and `Connection: close` when the connection closes after it.
public struct StubResponse: Sendable {
    /// The status code, 200...599.
    public var status: Int
    /// Response headers (`Content-Length`, `Transfer-Encoding` and `Connection` are the server's).
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
    /// timeout ran out just as the request arrived does. The client sees `ResponseNeverReceived` (and
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
