/// The head of ``HTTPResponseParser``: status line, header fields, interim responses and the framing
/// decision. Bodies and trailers are the ``BodyDecoder``'s.
extension HTTPResponseParser {
    /// The budget of the next head line: the line limit and what is left of the head's.
    var headBudget: InputBuffer.Budget {
        InputBuffer.Budget(
            line: self.limits.maxHeaderLineBytes, lineLimit: .headerLineBytes, lineName: "line of the response head",
            sectionLeft: self.limits.maxHeadBytes - self.sectionBytes, sectionTotal: self.limits.maxHeadBytes,
            sectionLimit: .headBytes, sectionName: "response head")
    }

    mutating func stepHead() throws(HTTPParseError) -> Event? {
        while true {
            if self.input.hasUnconsumedBytes { self.receivedAny = true }
            if self.statusLine == nil { try self.checkStatusPrefix() }
            guard let (line, length) = try self.input.takeLine(self.headBudget) else {
                guard self.input.eof != nil else { return nil }
                if !self.receivedAny {
                    throw HTTPParseError(.noResponse, "connection closed before any response byte arrived")
                }
                throw .truncated("connection closed inside the response head")
            }
            self.sectionBytes += length
            if self.statusLine == nil {
                self.statusLine = try self.input.withLineBytes(line) { (bytes) throws(HTTPParseError) in
                    try StatusLineParser.parse(bytes)
                }
                self.fields = Headers(reservingCapacity: 12)
                continue
            }
            if self.input.isEmpty(line) { return try self.finishHead() }
            try self.addField(line)
        }
    }

    mutating func addField(_ line: InputBuffer.Line) throws(HTTPParseError) {
        let parsed = try self.input.withLineBytes(line) { (bytes) throws(HTTPParseError) in
            try FieldLineParser.parse(bytes, section: "header")
        }
        switch parsed {
        case .field(let field):
            if self.fields.count >= self.limits.maxFields {
                throw .limit(.fieldCount, "more than \(self.limits.maxFields) header fields")
            }
            self.fields.append(field)
        case .continuation(let text):
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
                throw .limit(.interimResponses, "more than \(self.limits.maxInterimResponses) interim (1xx) responses")
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
        if case .switchingProtocols = framing { self.switchAfterEnd = true }
        if let decoding = BodyDecoder.Framing(framing) {
            self.decoder = BodyDecoder(decoding, limits: self.limits.body)
            self.state = .body
        } else {
            self.state = .pendingEnd
        }
        return .head(head)
    }

    /// Checks the first bytes of a status line against `HTTP/1.` as soon as they arrive; a mismatch
    /// carries what arrived instead.
    func checkStatusPrefix() throws(HTTPParseError) {
        let have = self.input.partial.count
        guard have < 7 else { return }
        let count = min(7 - have, self.input.unconsumedCount)
        for offset in 0..<count {
            do {
                try StatusLineParser.checkPrefix(self.input.bytes[self.input.position + offset], at: have + offset)
            } catch {
                throw error.attaching(self.input.partial + self.input.excerpt())
            }
        }
    }
}
