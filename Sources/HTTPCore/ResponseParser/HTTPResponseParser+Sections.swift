#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Head, trailer and line handling of ``HTTPResponseParser``.
extension HTTPResponseParser {
    // MARK: - Head and trailer sections

    mutating func stepHead() throws(HTTPParseError) -> Event? {
        while true {
            if self.position < self.input.count { self.receivedAny = true }
            if self.statusLine == nil { try self.checkStatusPrefix() }
            guard
                let (line, length) = try self.takeLine(
                    budget: self.limits.maxHeadBytes - self.sectionBytes, limit: self.limits.maxHeadBytes,
                    what: "response head")
            else {
                guard self.eof != nil else { return nil }
                if !self.receivedAny {
                    throw HTTPParseError(.noResponse, "connection closed before any response byte arrived")
                }
                throw .truncated("connection closed inside the response head")
            }
            self.sectionBytes += length
            if self.statusLine == nil {
                self.statusLine = try self.withLineBytes(line) { (bytes) throws(HTTPParseError) in
                    try StatusLineParser.parse(bytes)
                }
                self.fields = Headers(reservingCapacity: 12)
                continue
            }
            if self.isEmpty(line) { return try self.finishHead() }
            try self.addField(line, isTrailer: false)
        }
    }

    mutating func stepTrailers() throws(HTTPParseError) -> Event? {
        while true {
            guard
                let (line, length) = try self.takeLine(
                    budget: self.limits.maxTrailerBytes - self.sectionBytes, limit: self.limits.maxTrailerBytes,
                    what: "trailer section")
            else { return try self.needMore("inside the trailer section") }
            self.sectionBytes += length
            if self.isEmpty(line) {
                let trailers = self.fields
                self.fields = Headers()
                self.state = .complete
                return .end(trailers: trailers)
            }
            try self.addField(line, isTrailer: true)
        }
    }

    mutating func addField(_ line: LineRef, isTrailer: Bool) throws(HTTPParseError) {
        let section: StaticString = isTrailer ? "trailer" : "header"
        let parsed = try self.withLineBytes(line) { (bytes) throws(HTTPParseError) in
            try FieldLineParser.parse(bytes, section: section)
        }
        switch parsed {
        case .field(let field):
            if self.fields.count >= self.limits.maxFields {
                throw .limit("more than \(self.limits.maxFields) \(section) fields")
            }
            self.fields.append(field)
        case .continuation(let text):
            if isTrailer { throw .parse("obs-fold (whitespace-led line) in the trailer section") }
            if self.fields.isEmpty {
                throw .parse("whitespace-led line before the first header field")
            }
            if !text.isEmpty { self.fields.extendLastValue(with: text) }
        }
    }

    mutating func finishHead() throws(HTTPParseError) -> Event {
        let (version, status, reason) = self.statusLine!
        self.statusLine = nil
        let headers = self.fields
        self.fields = Headers()
        self.sectionBytes = 0
        if status < 200 {
            if status == 101 {
                guard self.upgradeRequested else {
                    throw HTTPParseError(.unexpectedUpgrade, "101 Switching Protocols without a requested upgrade")
                }
                self.switchAfterEnd = true
                self.state = .pendingEnd
                return .head(
                    ResponseHead(
                        version: version, status: status, reason: reason, headers: headers, framing: .switchingProtocols
                    ))
            }
            self.interimCount += 1
            if self.interimCount > self.limits.maxInterimResponses {
                throw .limit("more than \(self.limits.maxInterimResponses) interim (1xx) responses")
            }
            return .informational(
                ResponseHead(version: version, status: status, reason: reason, headers: headers, framing: .none))
        }
        let framing = try FramingRules.framing(
            version: version, status: status, headers: headers,
            noBody: self.isHeadRequest || status == 204 || status == 304,
            tunnel: self.isConnectRequest && status < 300)
        let head = ResponseHead(version: version, status: status, reason: reason, headers: headers, framing: framing)
        self.lastAllowsReuse = head.allowsConnectionReuse
        switch framing {
        case .none, .contentLength(0):
            self.state = .pendingEnd
        case .switchingProtocols:
            self.switchAfterEnd = true
            self.state = .pendingEnd
        case .contentLength(let length):
            self.bodyExpected = length
            self.bodyReceived = 0
            self.state = .fixedBody(remaining: length)
        case .chunked:
            self.state = .chunkSize
        case .closeDelimited:
            self.state = .closeDelimited
        }
        return .head(head)
    }

    /// Checks the first bytes of a status line against `HTTP/1.` as soon as they arrive.
    func checkStatusPrefix() throws(HTTPParseError) {
        let have = self.partial.count
        guard have < 7 else { return }
        let count = min(7 - have, self.input.count - self.position)
        for offset in 0..<count {
            try StatusLineParser.checkPrefix(self.input[self.position + offset], at: have + offset)
        }
    }

    // MARK: - Lines

    /// Takes the next CRLF-terminated line (its length, CRLF included, must stay within
    /// `budget`); nil when the input ends first, the partial line then moving to `partial`.
    mutating func takeLine(budget: Int, limit: Int, what: StaticString) throws(HTTPParseError) -> (LineRef, Int)? {
        let start = self.position
        let available = self.input.count - start
        if available == 0 { return nil }
        let newline: Int? = self.input.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!)
            guard let hit = memchr(base + start, Int32(ByteClass.lf), available) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        guard let newline else {
            if self.partial.count + available > budget { throw .limit("\(what) exceeds \(limit) bytes") }
            self.partial.append(contentsOf: self.input[start...])
            self.position = self.input.count
            return nil
        }
        let length = self.partial.count + (newline - start) + 1
        if length > budget { throw .limit("\(what) exceeds \(limit) bytes") }
        self.position = newline + 1
        if self.partial.isEmpty {
            guard newline > start, self.input[newline - 1] == ByteClass.cr else { throw self.bareLF(what) }
            return (.input(start..<(newline - 1)), length)
        }
        self.partial.append(contentsOf: self.input[start..<newline])
        guard self.partial.last == ByteClass.cr else { throw self.bareLF(what) }
        self.partial.removeLast()
        return (.buffered, length)
    }

    func bareLF(_ what: StaticString) -> HTTPParseError {
        .parse("bare LF line ending in the \(what) (CRLF required)")
    }

    func isEmpty(_ line: LineRef) -> Bool {
        switch line {
        case .input(let range): range.isEmpty
        case .buffered: self.partial.isEmpty
        }
    }

    /// Runs `body` on the bytes of `line`, then forgets a buffered line.
    mutating func withLineBytes<R>(
        _ line: LineRef, _ body: (UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> R
    ) throws(HTTPParseError) -> R {
        switch line {
        case .input(let range):
            return try self.input.withUnsafeBufferPointer { (buffer) throws(HTTPParseError) -> R in
                try body(UnsafeBufferPointer(rebasing: buffer[range]))
            }
        case .buffered:
            defer { self.partial.removeAll(keepingCapacity: true) }
            return try self.partial.withUnsafeBufferPointer { (buffer) throws(HTTPParseError) -> R in try body(buffer) }
        }
    }
}
