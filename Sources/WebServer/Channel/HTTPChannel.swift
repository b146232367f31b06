import Deferred
import Reactor

/// The server side of one HTTP/1.1 connection: parses requests, calls the handler, writes the
/// responses in order.
///
/// - **Parsing**: heads are read in line mode (``LineReceiver`` splitting on CRLF) and checked strictly
///   (the rules are in docs/server.md); bodies switch the receiver to raw mode and are
///   decoded incrementally (`Content-Length` or chunked). A malformed request gets 400, an oversized
///   head 431 (as soon as the limit is crossed), an unsupported transfer coding 501, another HTTP major
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
/// Twisted: `twisted.web2.channel.http.HTTPChannel` (with `twisted.web.http.HTTPChannel`'s strictness).
public final class HTTPChannel: LineReceiver, HalfCloseableProtocol {
    /// Answers each request.
    public let handler: any RequestHandler
    /// The limits and timeouts.
    public let configuration: HTTPServerConfiguration
    /// The time source for the idle and lingering timers.
    public let clock: any ReactorTime

    /// How many request heads have been received on this connection.
    public private(set) var requestCount = 0

    enum InputState {
        /// Reading a request head (line mode).
        case head
        /// Reading a request body (raw mode).
        case body
        /// Reading nothing more: input is discarded (after a close decision or a parse error).
        case closed
    }

    struct PauseReasons: OptionSet {
        let rawValue: UInt8
        static let pipeline = PauseReasons(rawValue: 1)
        static let body = PauseReasons(rawValue: 2)
    }

    var input = InputState.head
    var headParser: RequestHeadParser
    var headBytes = 0
    var bodyDecoder: RequestBodyDecoder?
    var bodySlot: ResponseSlot?
    var queue: [ResponseSlot] = []
    var pauseReasons = PauseReasons()
    var isReadingPaused = false
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
        self.headParser = RequestHeadParser(maxFields: configuration.maxHeaderFields)
        super.init()
        maxLength = configuration.maxHeaderLength - 2
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
        guard input != .closed else { return }
        if !data.isEmpty, queue.isEmpty { lastActivity = clock.now }
        super.dataReceived(data)
    }

    /// The client will send nothing more: outstanding requests are still answered, then the
    /// connection closes (at once when none is outstanding or while lingering).
    ///
    /// Twisted: `IHalfCloseableProtocol.readConnectionLost`.
    public func readConnectionLost() {
        peerDoneSending = true
        let truncatedBody = input == .body ? bodySlot?.request?.body : nil
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
        if input == .body { failBody("connection lost: \(reason)") }
        input = .closed
        let slots = queue
        queue = []
        for slot in slots {
            slot.writer?.stop()
            slot.writer = nil
            slot.request?.body.abandon()
            slot.request?.finished(.failure(RequestAborted(String(describing: reason))))
        }
    }

    // MARK: - Heads

    /// Parses one head line; a complete head starts a request.
    public override func lineReceived(_ line: [UInt8]) {
        guard input == .head else { return }
        headBytes += line.count + 2
        do throws(RequestError) {
            if headBytes > configuration.maxHeaderLength {
                throw RequestError(431, "request head longer than \(configuration.maxHeaderLength) bytes")
            }
            if let head = try headParser.feed(line) {
                headBytes = 0
                maxLength = configuration.maxHeaderLength - 2
                requestReceived(head)
            } else {
                maxLength = max(0, configuration.maxHeaderLength - headBytes - 2)
            }
        } catch {
            refuse(error)
        }
    }

    /// A head line (or unterminated head) longer than what is left of ``HTTPServerConfiguration/maxHeaderLength``: 431.
    public override func lineLengthExceeded(_ line: [UInt8]) {
        refuse(RequestError(431, "request head longer than \(configuration.maxHeaderLength) bytes"))
    }

    private func requestReceived(_ head: RequestHead) {
        requestCount += 1
        let body = RequestBodyStream(bufferLimit: configuration.bodyBufferSize, complete: head.framing == .none)
        let request = ServerRequest(head: head, peer: peerAddress, body: body)
        request.defaultMaxBodySize = configuration.maxBodySize
        let slot = ResponseSlot(request: request, closesAfter: !head.persistent, expectsContinue: head.expectsContinue)
        queue.append(slot)
        if head.framing != .none {
            bodyDecoder = RequestBodyDecoder(framing: head.framing, maxTrailerLength: configuration.maxHeaderLength)
            bodySlot = slot
            body.onPauseChange = { [weak self] paused in self?.setPaused(.body, paused) }
            if head.expectsContinue {
                body.onDemand = { [weak self, unowned slot] in self?.continueRequested(slot) }
            }
            input = .body
            setRawMode()
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

    /// Decodes body bytes; bytes after the body go back to line mode.
    public override func rawDataReceived(_ data: [UInt8]) {
        guard input == .body, var decoder = bodyDecoder, let slot = bodySlot, let request = slot.request else { return }
        let end: Int?
        do {
            end = try decoder.feed(data) { slice in request.body.receive(slice) }
        } catch {
            // Fix the 400 first, so a handler reacting to the failed body cannot answer instead.
            refuse(error, during: slot)
            request.body.finish(RequestBodyFailed(error.message))
            return
        }
        guard input == .body, bodySlot === slot else { return }  // the handler's reaction closed the input
        bodyDecoder = decoder
        guard let end else { return }
        bodyDecoder = nil
        bodySlot = nil
        request.body.trailers = decoder.trailers
        input = slot.closesAfter ? .closed : .head
        setPaused(.body, false)
        request.body.finish(RequestBodyDone())
        guard input == .head else {
            stopReading()
            return
        }
        updatePipelinePause()
        setLineMode(extra: end < data.count ? Array(data[end...]) : [])
    }

    /// Ends the body being received with an error (its consumer learns of it).
    func failBody(_ message: String) {
        guard let slot = bodySlot else { return }
        bodySlot = nil
        bodyDecoder = nil
        setPaused(.body, false)
        slot.request?.body.finish(RequestBodyFailed(message))
    }

    // MARK: - Reading control

    /// Reads nothing more: buffered input is dropped and later input discarded.
    func stopReading() {
        input = .closed
        bodyDecoder = nil
        bodySlot = nil
        clearLineBuffer()
    }

    func updatePipelinePause() {
        setPaused(.pipeline, input == .head && queue.count >= configuration.maxPipeline)
    }

    func setPaused(_ reason: PauseReasons, _ paused: Bool) {
        if paused { pauseReasons.insert(reason) } else { pauseReasons.remove(reason) }
        let shouldPause = !pauseReasons.isEmpty
        guard shouldPause != isReadingPaused, !isClosed, let transport, !transport.isDisconnecting else { return }
        isReadingPaused = shouldPause
        if shouldPause { pauseProducing() } else { resumeProducing() }
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
