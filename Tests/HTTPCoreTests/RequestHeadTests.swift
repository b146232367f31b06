import Testing

@testable import HTTPCore

/// Request validation (checklist A 1-7, 9) and exact serialized heads.
@Suite struct RequestHeadTests {
    private func text(_ head: HTTPRequestHead) throws -> String {
        String(decoding: try head.serialize().bytes, as: UTF8.self)
    }

    private func failure(_ head: HTTPRequestHead) -> InvalidRequest? {
        do {
            _ = try head.serialize()
            return nil
        } catch {
            return error
        }
    }

    @Test func simpleGet() throws {
        let head = HTTPRequestHead(
            method: "GET", target: "/a/b?q=1&r=%20", host: "example.com", headers: ["Accept": "*/*"])
        let serialized = try head.serialize()
        #expect(
            String(decoding: serialized.bytes, as: UTF8.self)
                == "GET /a/b?q=1&r=%20 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n")
        #expect(serialized.bodyFraming == RequestBodyFraming.none)
        #expect(!serialized.closesConnection && !serialized.upgradeRequested)
    }

    @Test(arguments: [
        ("POST", RequestBodyLength.none, "Content-Length: 0\r\n", RequestBodyFraming.contentLength(0)),
        ("PUT", .none, "Content-Length: 0\r\n", .contentLength(0)),
        ("DELETE", .none, "", .none),
        ("HEAD", .none, "", .none),
        ("POST", .known(5), "Content-Length: 5\r\n", .contentLength(5)),
        ("GET", .known(0), "Content-Length: 0\r\n", .contentLength(0)),
        ("PATCH", .unknown, "Transfer-Encoding: chunked\r\n", .chunked),
    ])
    func theWriterOwnsFraming(method: String, body: RequestBodyLength, line: String, framing: RequestBodyFraming) throws
    {
        let head = HTTPRequestHead(method: method, target: "/", host: "h", headers: ["X": "1"], bodyLength: body)
        let serialized = try head.serialize()
        #expect(
            String(decoding: serialized.bytes, as: UTF8.self)
                == "\(method) / HTTP/1.1\r\nHost: h\r\nX: 1\r\n\(line)\r\n")
        #expect(serialized.bodyFraming == framing)
    }

    @Test func matchingCallerFramingIsMergedNotDuplicated() throws {
        var head = HTTPRequestHead(
            method: "POST", target: "/", host: "h", headers: ["content-length": "5"], bodyLength: .known(5))
        #expect(try text(head) == "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n")
        head = HTTPRequestHead(
            method: "POST", target: "/", host: "h", headers: ["Transfer-Encoding": "Chunked"], bodyLength: .unknown)
        #expect(try text(head) == "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")
        head = HTTPRequestHead(method: "GET", target: "/", host: "h", headers: ["Content-Length": "0"])
        #expect(try text(head) == "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
    }

    static let framingConflicts: [(Headers, RequestBodyLength)] = [
        (["Content-Length": "4"], .known(5)),
        (["Content-Length": "5", "Content-Length": "5"], .known(5)),
        (["Content-Length": "+5"], .known(5)),
        (["Content-Length": "5"], .unknown),
        (["Content-Length": "1"], .none),
        (["Transfer-Encoding": "chunked"], .known(3)),
        (["Transfer-Encoding": "chunked"], .none),
        (["Transfer-Encoding": "gzip"], .unknown),
        (["Transfer-Encoding": "chunked", "Transfer-Encoding": "chunked"], .unknown),
        (["Transfer-Encoding": "chunked", "Content-Length": "3"], .unknown),
        ([:], .known(-1)),
    ]

    @Test(arguments: framingConflicts)
    func conflictingCallerFramingIsRefused(headers: Headers, body: RequestBodyLength) {
        let error = failure(HTTPRequestHead(method: "POST", target: "/", host: "h", headers: headers, bodyLength: body))
        #expect(error?.component == .framing, "\(headers) \(body)")
    }

    @Test func hostIsWrittenOnceAndMustAgree() throws {
        let same = HTTPRequestHead(
            method: "GET", target: "/", host: "Example.com:8080", headers: ["host": "example.COM:8080", "A": "1"])
        #expect(try text(same) == "GET / HTTP/1.1\r\nHost: Example.com:8080\r\nA: 1\r\n\r\n")
        let other = HTTPRequestHead(method: "GET", target: "/", host: "example.com", headers: ["Host": "evil.com"])
        #expect(failure(other)?.component == .host)
        #expect(failure(other)?.message.contains("evil.com") == true)
        let twice = HTTPRequestHead(method: "GET", target: "/", host: "a", headers: ["Host": "a", "Host": "a"])
        #expect(failure(twice)?.component == .host)
    }

    @Test(arguments: [
        "user:pw@example.com", "", "exa mple.com", "example.com\r\nX: y", "example.com/path", "ex\u{E9}.com",
        "a\u{0}b",
    ])
    func invalidHostsAreRefused(host: String) {
        #expect(failure(HTTPRequestHead(method: "GET", target: "/", host: host))?.component == .host)
    }

    @Test(arguments: ["example.com", "127.0.0.1:80", "[::1]:8443", "xn--bcher-kva.example", "a_b.example:1"])
    func validHostsAreAccepted(host: String) throws {
        #expect(try text(HTTPRequestHead(method: "GET", target: "/", host: host)).contains("\r\nHost: \(host)\r\n"))
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nX: y\r\n\r\nGET", "GE T", "GET\t", "", "G\u{C9}T", "GET\r\n", "GET\u{0}", "(GET)",
        "GET/",
    ])
    func methodsMustBeTokens(method: String) {
        let error = failure(HTTPRequestHead(method: method, target: "/", host: "h"))
        #expect(error?.component == .method)
    }

    @Test(arguments: ["PURGE", "M-SEARCH", "get", "X!#$%&'*+-.^_`|~"])
    func extensionMethodsAreAccepted(method: String) throws {
        #expect(try text(HTTPRequestHead(method: method, target: "/", host: "h")).hasPrefix("\(method) / HTTP/1.1\r\n"))
    }

    @Test(arguments: [
        "", " /a", "/a b", "/a\r\nX: y", "/a\nb", "/\u{0}", "/\u{7F}", "/caf\u{E9}", "/\u{1F600}", "/a#frag",
        "/a\tb",
    ])
    func targetsWithWhitespaceControlsOrNonASCIIAreRefused(target: String) {
        #expect(failure(HTTPRequestHead(method: "GET", target: target, host: "h"))?.component == .target)
    }

    @Test(arguments: ["/", "*", "/p;x=1?a=[b]&c=%7E", "http://h/abs?x", "h:443"])
    func visibleASCIITargetsAreAccepted(target: String) throws {
        #expect(
            try text(HTTPRequestHead(method: "OPTIONS", target: target, host: "h")).hasPrefix(
                "OPTIONS \(target) HTTP/1.1\r\n"))
    }

    @Test(arguments: ["X Foo", "X:Foo", "", "N\u{E4}me", "X\r\nY", "X\u{0}", "(x)"])
    func headerNamesMustBeTokens(name: String) {
        let error = failure(HTTPRequestHead(method: "GET", target: "/", host: "h", headers: Headers([(name, "v")])))
        #expect(error?.component == .headerName && error?.field == name)
    }

    @Test(arguments: [
        ("a\rb", "CR"), ("a\nb", "LF"), ("a\r\nX-Injected: 1", "CR"), ("a\u{0}b", "NUL"), ("smile \u{1F600}", "U+00FF"),
    ])
    func headerValuesWithCRLFNULOrWideCharactersAreRefused(value: String, problem: String) {
        let error = failure(HTTPRequestHead(method: "GET", target: "/", host: "h", headers: ["X-Evil": value]))
        #expect(error?.component == .headerValue && error?.field == "X-Evil")
        #expect(error?.message.contains("X-Evil") == true && error?.message.contains(problem) == true)
        #expect(error?.description.hasPrefix("invalid request: ") == true)
    }

    @Test func latin1AndRawUTF8ValuesAreWrittenAsBytes() throws {
        var headers: Headers = ["X-Latin": "caf\u{E9}", "X-Tab": "a\tb", "X-Empty": ""]
        headers.add(name: "X-UTF8", rawValue: Array("\u{1F600}".utf8))
        let bytes = try HTTPRequestHead(method: "GET", target: "/", host: "h", headers: headers).serialize().bytes
        let expected: [UInt8] =
            Array("GET / HTTP/1.1\r\nHost: h\r\nX-Latin: caf".utf8) + [0xE9]
            + Array("\r\nX-Tab: a\tb\r\nX-Empty: \r\nX-UTF8: ".utf8) + Array("\u{1F600}".utf8) + Array("\r\n\r\n".utf8)
        #expect(bytes == expected)
    }

    @Test func connectionCloseIsSentOnceAndReported() throws {
        let notPersistent = try HTTPRequestHead(method: "GET", target: "/", host: "h", persistent: false).serialize()
        #expect(
            String(decoding: notPersistent.bytes, as: UTF8.self)
                == "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        #expect(notPersistent.closesConnection)
        let caller = try HTTPRequestHead(
            method: "GET", target: "/", host: "h", headers: ["connection": "Close"], persistent: false
        )
        .serialize()
        #expect(
            String(decoding: caller.bytes, as: UTF8.self) == "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        #expect(caller.closesConnection)
        let keepAlive = try HTTPRequestHead(
            method: "GET", target: "/", host: "h", headers: ["Connection": "keep-alive"]
        ).serialize()
        #expect(
            String(decoding: keepAlive.bytes, as: UTF8.self)
                == "GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\n\r\n")
        #expect(!keepAlive.closesConnection)
    }

    static let connectionConflicts: [(Headers, Bool, InvalidRequest.Component)] = [
        (["Connection": "keep-alive, close"], true, .connection),
        (["Connection": "keep-alive"], false, .connection),
        (["Connection": "upgrade"], true, .connection),
        (["Connection": "close x"], true, .connection),
        (["Upgrade": "websocket"], true, .upgrade),
    ]

    @Test(arguments: connectionConflicts)
    func contradictoryConnectionOptionsAreRefused(
        headers: Headers, persistent: Bool, component: InvalidRequest.Component
    ) {
        let error = failure(
            HTTPRequestHead(method: "GET", target: "/", host: "h", headers: headers, persistent: persistent))
        #expect(error?.component == component, "\(headers)")
    }

    @Test func upgradeGoesThroughTheExplicitParameter() throws {
        let serialized = try HTTPRequestHead(method: "GET", target: "/chat", host: "h", upgrade: "websocket")
            .serialize()
        #expect(
            String(decoding: serialized.bytes, as: UTF8.self)
                == "GET /chat HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n")
        #expect(serialized.upgradeRequested && !serialized.closesConnection)
        for bad in ["", "web socket", "a/b/c", "h2c\r\nX: 1", "/1"] {
            #expect(
                failure(HTTPRequestHead(method: "GET", target: "/", host: "h", upgrade: bad))?.component == .upgrade)
        }
        #expect(
            try HTTPRequestHead(method: "GET", target: "/", host: "h", upgrade: "HTTP/2.0, h2c").serialize()
                .upgradeRequested)
    }

    @Test func orderIsHostCallerFieldsConnectionUpgradeFraming() throws {
        let head = HTTPRequestHead(
            method: "POST", target: "/u", host: "h", headers: ["B": "2", "Connection": "close", "A": "1"],
            bodyLength: .unknown, upgrade: "x")
        #expect(
            try text(head)
                == "POST /u HTTP/1.1\r\nHost: h\r\nB: 2\r\nA: 1\r\nConnection: close, upgrade\r\nUpgrade: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
        )
    }

    @Test func serializedHeadParsesBackAsExactlyOneHost() throws {
        let bytes = try HTTPRequestHead(method: "GET", target: "/", host: "h", headers: ["Host": "h"]).serialize().bytes
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.split(separator: "\r\n").filter { $0.lowercased().hasPrefix("host:") }.count == 1)
        #expect(bytes.capacity >= bytes.count)
    }
}
