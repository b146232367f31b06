/// The checks behind ``HTTPRequestHead/serialize()`` (docs/reliability.md, "The strict profile": requests
/// written).
enum RequestValidation {
    struct Plan {
        var framing: RequestBodyFraming
        var connectionTokens: [String]
        var closes: Bool
        var capacity: Int
    }

    /// Fields the writer generates itself; caller copies are checked, not written.
    static func isManaged(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: asciiCaseInsensitiveEquals(name, "host")
        case 7: asciiCaseInsensitiveEquals(name, "upgrade")
        case 10: asciiCaseInsensitiveEquals(name, "connection")
        case 14: asciiCaseInsensitiveEquals(name, "content-length")
        case 17: asciiCaseInsensitiveEquals(name, "transfer-encoding")
        default: false
        }
    }

    static func plan(_ head: HTTPRequestHead) throws(InvalidRequest) -> Plan {
        let method = head.method.utf8
        guard !method.isEmpty, method.allSatisfy(ByteClass.isTokenChar) else {
            throw InvalidRequest(.method, "method \(String(reflecting: head.method)) is not a token")
        }
        let target = head.target.utf8
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x23 }) else {
            throw InvalidRequest(
                .target,
                "request-target \(String(reflecting: head.target)) is empty or has SP, a control byte, '#' or non-ASCII"
            )
        }
        guard !head.host.isEmpty, head.host.utf8.allSatisfy(ByteClass.isHostChar) else {
            throw InvalidRequest(.host, "host \(String(reflecting: head.host)) is empty or not a valid host[:port]")
        }
        if case .known(let length) = head.bodyLength, length < 0 {
            throw InvalidRequest(.framing, "body length \(length) is negative")
        }
        if let upgrade = head.upgrade { try checkUpgrade(upgrade) }

        var capacity = method.count + target.count + 12 + 8 + head.host.utf8.count + 2 + 64
        var hostCount = 0
        var callerLength: Int?
        var callerChunked = false
        var tokens: [String] = []
        var closes = !head.persistent
        var keepAlive = false
        for field in head.headers.fields {
            try checkField(field)
            capacity += field.name.utf8.count + field.value.utf8.count + 4
            guard isManaged(field.name) else { continue }
            switch field.name.utf8.count {
            case 4:
                hostCount += 1
                guard hostCount == 1, asciiCaseInsensitiveEquals(field.value, head.host) else {
                    let given = String(reflecting: field.value)
                    throw InvalidRequest(
                        .host, field: field.name,
                        "caller Host \(given) conflicts with the request's host \(String(reflecting: head.host))")
                }
            case 7:
                throw InvalidRequest(
                    .upgrade, field: field.name, "the Upgrade header is set through the upgrade parameter only")
            case 10:
                var bad: String?
                forEachListElement(field.value) { token in
                    if !token.allSatisfy(ByteClass.isTokenChar) || asciiCaseInsensitiveEquals(token, "upgrade") {
                        bad = bad ?? Latin1.decode(token)
                    } else if asciiCaseInsensitiveEquals(token, "close") {
                        closes = true
                    } else {
                        if asciiCaseInsensitiveEquals(token, "keep-alive") { keepAlive = true }
                        let text = String(decoding: token, as: UTF8.self)
                        if !tokens.contains(where: { asciiCaseInsensitiveEquals($0, text) }) { tokens.append(text) }
                    }
                }
                if let bad {
                    throw InvalidRequest(
                        .connection, field: field.name, "Connection option \(String(reflecting: bad)) is not allowed")
                }
            case 14:
                guard callerLength == nil, let value = digits(field.value) else {
                    throw InvalidRequest(
                        .framing, field: field.name,
                        "caller Content-Length \(String(reflecting: field.value)) is repeated or not a number")
                }
                callerLength = value
            default:
                guard !callerChunked, asciiCaseInsensitiveEquals(field.value, "chunked") else {
                    throw InvalidRequest(
                        .framing, field: field.name,
                        "caller Transfer-Encoding \(String(reflecting: field.value)) is not a single chunked")
                }
                callerChunked = true
            }
        }
        if closes && keepAlive {
            throw InvalidRequest(.connection, field: "Connection", "Connection asks for both close and keep-alive")
        }
        if closes { tokens.append("close") }
        if head.upgrade != nil { tokens.append("upgrade") }
        let framing = try framing(head, callerLength: callerLength, callerChunked: callerChunked)
        return Plan(
            framing: framing, connectionTokens: tokens, closes: closes,
            capacity: capacity + (head.upgrade?.utf8.count ?? 0))
    }

    private static func framing(
        _ head: HTTPRequestHead, callerLength: Int?, callerChunked: Bool
    ) throws(InvalidRequest) -> RequestBodyFraming {
        let framing: RequestBodyFraming
        switch head.bodyLength {
        case .none:
            framing = head.method == "POST" || head.method == "PUT" || callerLength == 0 ? .contentLength(0) : .none
        case .known(let length):
            framing = .contentLength(length)
        case .unknown:
            framing = .chunked
        }
        if let callerLength, framing != .contentLength(callerLength) {
            throw InvalidRequest(
                .framing, field: "Content-Length",
                "caller Content-Length \(callerLength) contradicts the body (\(framing))")
        }
        if callerChunked, framing != .chunked {
            throw InvalidRequest(
                .framing, field: "Transfer-Encoding",
                "caller Transfer-Encoding: chunked contradicts the body (\(framing))")
        }
        return framing
    }

    private static func checkField(_ field: Headers.Field) throws(InvalidRequest) {
        guard !field.name.isEmpty, field.name.utf8.allSatisfy(ByteClass.isTokenChar) else {
            throw InvalidRequest(
                .headerName, field: field.name, "header name \(String(reflecting: field.name)) is not a token")
        }
        for scalar in field.value.unicodeScalars {
            let problem: String? =
                switch scalar.value {
                case 0x0D: "CR"
                case 0x0A: "LF"
                case 0x00: "NUL"
                case 0x100...: "a character above U+00FF (send UTF-8 with Headers.add(name:rawValue:))"
                default: nil
                }
            if let problem {
                throw InvalidRequest(
                    .headerValue, field: field.name,
                    "header \(String(reflecting: field.name)) value contains \(problem)")
            }
        }
    }

    /// `token ["/" token]` elements, comma-separated (RFC 9110 §7.8).
    private static func checkUpgrade(_ value: String) throws(InvalidRequest) {
        var valid = true
        var count = 0
        forEachListElement(value) { element in
            count += 1
            let name = prefix(element, upTo: UInt8(ascii: "/"))
            let version = name.count < element.count ? UnsafeBufferPointer(rebasing: element[(name.count + 1)...]) : nil
            for part in [name, version].compactMap({ $0 })
            where part.isEmpty || !part.allSatisfy(ByteClass.isTokenChar) {
                valid = false
            }
        }
        guard valid, count > 0 else {
            throw InvalidRequest(
                .upgrade, field: "Upgrade", "upgrade \(String(reflecting: value)) is not a list of protocols")
        }
    }

    /// A caller Content-Length: 1 to 18 digits, else nil.
    private static func digits(_ value: String) -> Int? {
        let utf8 = value.utf8
        guard (1...18).contains(utf8.count), utf8.allSatisfy(ByteClass.isDigit) else { return nil }
        return utf8.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
