import Deferred
import Reactor

/// The server side of one HTTP/1.1 connection: parses requests, calls the handler, writes the
/// responses in order.
///
/// - **Parsing**: requests are parsed by ``HTTPRequestParser`` (HTTPCore's one request parser), strictly
///   (the rules are in docs/server.md); bodies are decoded incrementally (`Content-Length` or chunked) and
///   handed on as slices of what was read. A malformed request gets 400, an oversized head or head line
///   431 (as soon as the limit is crossed), an unsupported transfer coding 501, another HTTP major
///   version 505; after any of these nothing more is read and the connection closes once the earlier
///   responses and the error response are written.
/// - **Pipelining**: every request is handed to the handler as soon as its head arrives; responses are
///   written strictly in request order (a later response waits, unserialized, until the earlier ones are
///   complete; a later stream is not started before). Once ``HTTPServerConfiguration/maxPipeline``
///   requests are outstanding, reading pauses between requests.
/// - **Persistence**: HTTP/1.1 keeps the connection unless the request or response says
///   `Connection: close`; HTTP/1.0 always closes.
/// - **Timeouts**: an idle connection (no request outstanding, no bytes for
///   ``HTTPServerConfiguration/timeOut``) is closed; one with a request in flight is not.
/// - **Lingering close**: when the server closes, it finishes writing, half-closes
///   (`loseWriteConnection`), reads and discards until the client closes or
///   ``HTTPServerConfiguration/lingeringTimeout`` passes, then closes.
/// - **Backpressure**: a streamed response body is paused by the transport's write water marks; a
///   request body the handler does not read (or pauses) pauses reading.
///
/// Threading: not Sendable; reactor thread only.
///
/// Twisted: `twisted.web.http.HTTPChannel` (pipelining and the lingering close after
/// `twisted.web2.channel.http.HTTPChannel`, its historical ancestor).
public final class HTTPChannel: BaseProtocol, HalfCloseableProtocol {
    /// Answers each request.
    public let handler: any RequestHandler
    /// The limits and timeouts.
    public let configuration: HTTPServerConfiguration
    /// The time source for the idle and lingering timers.
    public let clock: any ReactorTime

    /// How many request heads have been received on this connection.
    public private(set) var requestCount = 0

    struct PauseReasons: OptionSet {
        let rawValue: UInt8
        static let pipeline = PauseReasons(rawValue: 1)
        static let body = PauseReasons(rawValue: 2)
    }

    /// The request parser; replaced by a fresh one (its buffer dropped) when reading stops.
    var parser: HTTPRequestParser
    /// False once nothing more is read: input is discarded (after a close decision or a parse error).
    var isReading = true
    /// The request whose body is being received, if any.
    var bodySlot: ResponseSlot?
    var queue: [ResponseSlot] = []
    var pauseReasons = PauseReasons()
    var isReadingPaused = false
    var isProcessing = false
    var isPumping = false
    var isLingering = false
    var peerDoneSending = false
    var isClosed = false
    var lastActivity = Duration.zero
    var idleCall: DelayedCall?
    var lingerCall: DelayedCall?
    let dateCache: HTTPDateCache
    /// The client's address, asked of the transport once per connection (it may cost a system call).
    private lazy var peerAddress: Address? = transport?.getPeer()

    /// A channel answering with `handler`, timing with `clock`.
    public convenience init(
        handler: any RequestHandler, clock: any ReactorTime,
        configuration: HTTPServerConfiguration = HTTPServerConfiguration()
    ) {
        self.init(handler: handler, clock: clock, configuration: configuration, dateCache: HTTPDateCache())
    }

    init(handler: any RequestHandler, clock: any ReactorTime, configuration: HTTPServerConfiguration, dateCache: HTTPDateCache) {
        self.handler = handler
        self.clock = clock
        self.configuration = configuration
        self.dateCache = dateCache
        self.parser = HTTPRequestParser(limits: configuration.parserLimits)
        super.init()
    }

    /// Whether the connection is in its lingering close (half-closed, discarding input).
    public var isInLingeringClose: Bool { isLingering }

    /// How many requests are outstanding (received and not completely answered).
    public var outstandingRequests: Int { queue.count }

    // MARK: - Connection events

    /// Starts the idle timer.
    public override func connectionMade() {
        super.connectionMade()
        lastActivity = clock.now
        armIdleTimer()
    }

    /// Feeds bytes to the parser, or drops them once nothing more is read.
    public override func dataReceived(_ data: [UInt8]) {
        guard isReading else { return }
        if !data.isEmpty, queue.isEmpty { lastActivity = clock.now }
        parser.feed(data)
        processInput()
    }

    /// The client will send nothing more: outstanding requests are still answered, then the
    /// connection closes (at once when none is outstanding or while lingering).
    ///
    /// Twisted: `IHalfCloseableProtocol.readConnectionLost`.
    public func readConnectionLost() {
        peerDoneSending = true
        let truncatedBody = bodySlot?.request?.body
        stopReading()
        if isLingering || queue.isEmpty {
            transport?.loseConnection()
        } else {
            queue.last?.closesAfter = true
        }
        truncatedBody?.finish(RequestBodyFailed("the client closed its side during the body"))
    }

    /// Stops timers, fails the body being received and the outstanding requests' ``ServerRequest/notifyFinish()``.
    public override func connectionLost(reason: any Error) {
        super.connectionLost(reason: reason)
        isClosed = true
        try? idleCall?.cancel()
        idleCall = nil
        try? lingerCall?.cancel()
        lingerCall = nil
        if bodySlot != nil { failBody("connection lost: \(reason)") }
        isReading = false
        let slots = queue
        queue = []
        for slot in slots {
            slot.writer?.stop()
            slot.writer = nil
            slot.request?.body.abandon()
            slot.request?.finished(.failure(RequestAborted(String(describing: reason))))
        }
    }

    // MARK: - Requests

    /// Pulls heads, body bytes and ends from the parser while reading is on and not paused. Re-entrant
    /// calls (a handler reacting synchronously) return at once; the outer loop goes on.
    func processInput() {
        guard !isProcessing else { return }
        isProcessing = true
        defer { isProcessing = false }
        while isReading, pauseReasons.isEmpty {
            let event: HTTPRequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                parseFailed(error)
                return
            }
            guard let event else { return }
            switch event {
            case .head(let head): requestReceived(head)
            case .body(let slice): bodySlot?.request?.body.receive(slice)
            case .end(let trailers): bodyEnded(trailers)
            }
        }
    }

    /// A request the parser refused: 400, 431, 501 or 505 (in place of the request whose body was being
    /// read, if that is where the error was found), and close after it.
    private func parseFailed(_ error: RequestParseError) {
        guard let slot = bodySlot, let request = slot.request else {
            refuse(error)
            return
        }
        // Fix the error response first, so a handler reacting to the failed body cannot answer instead.
        refuse(error, during: slot)
        request.body.finish(RequestBodyFailed(error.message))
    }

    private func requestReceived(_ head: RequestHead) {
        requestCount += 1
        let body = RequestBodyStream(bufferLimit: configuration.bodyBufferSize, complete: head.framing == .none)
        let request = ServerRequest(head: head, peer: peerAddress, body: body)
        request.defaultMaxBodySize = configuration.maxBodySize
        let slot = ResponseSlot(request: request, closesAfter: !head.persistent, expectsContinue: head.expectsContinue)
        queue.append(slot)
        if head.framing != .none {
            bodySlot = slot
            body.onPauseChange = { [weak self] paused in self?.setPaused(.body, paused) }
            if head.expectsContinue {
                body.onDemand = { [weak self, unowned slot] in self?.continueRequested(slot) }
            }
        } else if !head.persistent {
            stopReading()
        }
        updatePipelinePause()
        startHandler(slot, request)
    }

    private func startHandler(_ slot: ResponseSlot, _ request: ServerRequest) {
        switch handler.handle(request) {
        case .response(let response):
            responseReady(slot, response)
        case .deferred(let deferred):
            _ = deferred.addCallbacks(
                { [weak self] response in self?.responseReady(slot, response) },
                errback: { [weak self] error in self?.responseFailed(slot, error) })
        }
    }

    // MARK: - Bodies

    /// The body being received is complete: hand over the trailers and end it; the next request's head
    /// follows unless the connection closes after this one. (The parser also ends bodiless requests, with
    /// no body slot: nothing to do then.)
    private func bodyEnded(_ trailers: Headers) {
        guard let slot = bodySlot, let request = slot.request else { return }
        bodySlot = nil
        request.body.trailers = trailers
        if slot.closesAfter { isReading = false }
        setPaused(.body, false)
        request.body.finish(RequestBodyDone())
        guard isReading else {
            stopReading()
            return
        }
        updatePipelinePause()
    }

    /// Ends the body being received with an error (its consumer learns of it).
    func failBody(_ message: String) {
        guard let slot = bodySlot else { return }
        bodySlot = nil
        setPaused(.body, false)
        slot.request?.body.finish(RequestBodyFailed(message))
    }

    // MARK: - Reading control

    /// Reads nothing more: buffered input is dropped and later input discarded.
    func stopReading() {
        isReading = false
        bodySlot = nil
        parser = HTTPRequestParser(limits: configuration.parserLimits)
    }

    /// Pauses reading between requests while ``HTTPServerConfiguration/maxPipeline`` requests are
    /// outstanding (never in the middle of a body).
    func updatePipelinePause() {
        setPaused(.pipeline, isReading && bodySlot == nil && queue.count >= configuration.maxPipeline)
    }

    /// Adds or removes a reason to stop reading: while any holds, no event is pulled from the parser and
    /// the transport stops reading; when the last goes, both resume (bytes already read first).
    func setPaused(_ reason: PauseReasons, _ paused: Bool) {
        if paused { pauseReasons.insert(reason) } else { pauseReasons.remove(reason) }
        let shouldPause = !pauseReasons.isEmpty
        if shouldPause != isReadingPaused, !isClosed, let transport, !transport.isDisconnecting {
            isReadingPaused = shouldPause
            if shouldPause { transport.pauseProducing() } else { transport.resumeProducing() }
        }
        if !shouldPause { processInput() }
    }

    // MARK: - Idle timeout

    func armIdleTimer() {
        guard let timeOut = configuration.timeOut, idleCall == nil, !isClosed, !isLingering else { return }
        idleCall = clock.callLater(timeOut) { [weak self] in self?.idleCheck() }
    }

    private func idleCheck() {
        idleCall = nil
        guard let timeOut = configuration.timeOut, queue.isEmpty, !isClosed, !isLingering else { return }
        let idleFor = clock.now - lastActivity
        if idleFor >= timeOut {
            timeoutConnection()
        } else {
            idleCall = clock.callLater(timeOut - idleFor) { [weak self] in self?.idleCheck() }
        }
    }

    /// Closes an idle connection.
    ///
    /// Twisted: `TimeoutMixin.timeoutConnection`.
    func timeoutConnection() {
        stopReading()
        transport?.loseConnection()
    }
}
