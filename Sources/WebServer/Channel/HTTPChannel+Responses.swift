import Deferred
import Reactor

/// The response side of ``HTTPChannel``: the in-order queue, writing, and closing.
extension HTTPChannel {
    // MARK: - Results from handlers

    func responseReady(_ slot: ResponseSlot, _ response: ServerResponse) {
        guard !slot.isResponseFixed, slot.response == nil, !isClosed else {
            if case .stream(let producer) = response.body { producer.stopProducing() }
            return
        }
        slot.response = response
        pumpResponses()
    }

    func responseFailed(_ slot: ResponseSlot, _ error: any Error) {
        guard !slot.isResponseFixed, slot.response == nil, !isClosed else { return }
        switch error {
        case let error as HTTPError:
            slot.response = .error(error.status, error.message)
        case is RequestBodyTooLarge:
            slot.response = .error(413)
            slot.closesAfter = true
        default:
            slot.response = .error(500)
        }
        pumpResponses()
    }

    // MARK: - Refusing malformed requests

    /// Answers a malformed request with its status and closes after it. `slot` is the request whose
    /// body was malformed, if that is where the error was found; otherwise a new slot is queued.
    func refuse(_ error: RequestParseError, during slot: ResponseSlot? = nil) {
        stopReading()
        setPaused(.pipeline, false)
        setPaused(.body, false)
        let target: ResponseSlot
        if let slot {
            target = slot
            target.closesAfter = true
            guard !target.isStarted else {
                // Already answered (or answering): close once that response is written.
                if !queue.contains(where: { $0 === slot }) { closeAfterResponses() }
                return
            }
        } else {
            target = ResponseSlot(request: nil, closesAfter: true)
            queue.append(target)
        }
        target.response = .error(error.status)
        target.isResponseFixed = true
        pumpResponses()
    }

    // MARK: - Writing in order

    func continueRequested(_ slot: ResponseSlot) {
        slot.wantsContinue = true
        pumpResponses()
    }

    /// Writes every response that is ready at the head of the queue, in order.
    func pumpResponses() {
        guard !isPumping else { return }
        isPumping = true
        defer { isPumping = false }
        while let slot = queue.first, !isClosed {
            if slot.isStarted { return }
            guard let response = slot.response else {
                if slot.wantsContinue, !slot.continueSent {
                    slot.continueSent = true
                    transport?.write(ResponseHeadWriter.continueResponse)
                }
                return
            }
            slot.isStarted = true
            if !write(response, for: slot) { return }
            finishSlot(slot)
        }
    }

    /// Starts writing `response`; returns true when it is completely written already.
    private func write(_ response: ServerResponse, for slot: ResponseSlot) -> Bool {
        guard let transport else { return true }
        let request = slot.request
        let isHead = request?.isHead ?? false
        let http10 = request.map { $0.version < .http1_1 } ?? false
        let date = dateCache.current()
        var response = response
        var serialized = Self.serializeHead(
            response, isHead: isHead, http10: http10, closes: slot.closesAfter, date: date)
        if serialized == nil {
            if case .stream(let producer) = response.body { producer.stopProducing() }
            response = .error(500)
            serialized = Self.serializeHead(
                response, isHead: isHead, http10: http10, closes: slot.closesAfter, date: date)
        }
        guard let head = serialized else { return true }
        slot.closesAfter = head.closes
        switch response.body {
        case .empty:
            transport.write(head.bytes)
        case .bytes(let bytes):
            if head.framing == .none || bytes.isEmpty {
                transport.write(head.bytes)
            } else {
                transport.writeSequence([head.bytes, bytes])
            }
        case .stream(let producer):
            guard head.framing != .none else {
                producer.stopProducing()
                transport.write(head.bytes)
                return true
            }
            let writer = FramedBodyWriter(
                transport: transport, framing: head.framing, producer: producer, head: head.bytes,
                sendsHeadAtStart: true, lengthError: { WrongResponseBodyLength(description: "body producer: \($0)") })
            slot.writer = writer
            _ = writer.start().addCallbacks(
                { [weak self] in
                    guard let self, !self.isClosed else { return }
                    slot.writer = nil
                    self.finishSlot(slot)
                    self.pumpResponses()
                },
                errback: { [weak self] _ in
                    // The framing promised in the head cannot be kept: the connection is unusable.
                    slot.writer = nil
                    self?.transport?.abortConnection()
                })
            return false
        }
        return true
    }

    /// The head of `response` (its body's length decides the framing), or nil when it cannot be written.
    private static func serializeHead(
        _ response: ServerResponse, isHead: Bool, http10: Bool, closes: Bool, date: [UInt8]
    ) -> ResponseHeadWriter.Head? {
        let length: Int?
        switch response.body {
        case .empty: length = 0
        case .bytes(let bytes): length = bytes.count
        case .stream(let producer): length = producer.length
        }
        return ResponseHeadWriter.serialize(
            status: response.status, reason: response.reason, headers: response.headers, bodyLength: length,
            isHead: isHead, http10: http10, closes: closes, date: date)
    }

    /// The head of the queue is completely written: pop it, then continue, close or go idle.
    func finishSlot(_ slot: ResponseSlot) {
        guard queue.first === slot else { return }
        queue.removeFirst()
        if let request = slot.request {
            if !request.body.isEnded {
                if slot.expectsContinue, !slot.continueSent {
                    // The client waits for 100 Continue before sending the body: it may never come.
                    slot.closesAfter = true
                }
                request.body.abandon()
            }
            request.finished(.success(()))
        }
        if slot.closesAfter {
            closeAfterResponses()
            return
        }
        updatePipelinePause()
        if queue.isEmpty {
            lastActivity = clock.now
            armIdleTimer()
        }
    }

    // MARK: - Closing

    /// The last response is written: drop later requests, then close (lingering unless the client
    /// already finished sending).
    func closeAfterResponses() {
        if bodySlot != nil { failBody("the connection is closing") }
        stopReading()
        let dropped = queue
        queue = []
        for slot in dropped {
            slot.isResponseFixed = true  // a late handler result is dropped (its stream stopped)
            slot.writer?.stop()
            slot.request?.body.abandon()
            slot.request?.finished(.failure(RequestAborted("the connection closed after an earlier response")))
        }
        try? idleCall?.cancel()
        idleCall = nil
        guard let transport else { return }
        if peerDoneSending {
            transport.loseConnection()
            return
        }
        isLingering = true
        transport.loseWriteConnection()
        lingerCall = clock.callLater(configuration.lingeringTimeout) { [weak self] in
            self?.lingerCall = nil
            self?.transport?.loseConnection()
        }
        // Keep reading (and discarding) so the client's late bytes do not cause a reset.
        setPaused(.pipeline, false)
        setPaused(.body, false)
    }
}
