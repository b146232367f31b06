/// The limits and timeouts of an ``HTTPChannel`` (and of every channel an ``HTTPServer`` builds).
///
/// Twisted: the class attributes of `twisted.web.http.HTTPChannel` (`totalHeadersSize`, `maxHeaders`,
/// `timeOut`; `LineReceiver.MAX_LENGTH`) and of web2's (`maxPipeline`, `closeTimeOut`).
public struct HTTPServerConfiguration: Sendable, Equatable {
    /// Close a connection that has had no request outstanding and no bytes received for this long
    /// (`nil`: never). A connection with a request in flight is never closed by this timer.
    /// Default 60 s.
    ///
    /// Twisted: `HTTPChannel.timeOut` (`TimeoutMixin`).
    public var timeOut: Duration?
    /// Pause reading once this many requests are outstanding (received, response not completely
    /// written); reading resumes when one completes. 1 means no pipelining. Default 8.
    ///
    /// Twisted web2: `HTTPChannel.maxPipeline`.
    public var maxPipeline: Int
    /// The most bytes a request head may take (request line, fields, CRLFs); past it the client gets
    /// 431 and the connection closes, as soon as the limit is crossed. Also bounds the trailers of a
    /// chunked body. Default 16 KiB.
    ///
    /// Twisted: `HTTPChannel.totalHeadersSize` (web2: `maxHeaderLength`).
    public var maxHeaderLength: Int
    /// The most bytes one line of a request head (or of its trailers) may take, CRLF included; past it
    /// the client gets 431. Default 16 KiB, so with the default head limit it only matters once
    /// ``maxHeaderLength`` is raised.
    ///
    /// Twisted: `LineReceiver.MAX_LENGTH` (`HTTPChannel` is a `LineReceiver`).
    public var maxHeaderLineLength: Int
    /// The most header fields in a request (431 past it). Default 100.
    public var maxHeaderFields: Int
    /// After the last response on a connection the server half-closes and reads (and discards) until
    /// the client closes, for at most this long, so that a client still sending does not get a reset
    /// that destroys the response. Default 20 s.
    ///
    /// Twisted web2: `HTTPChannel.closeTimeOut` (the lingering close).
    public var lingeringTimeout: Duration
    /// The default limit of ``ServerRequest/readBody(maxSize:)``. Default 1 MiB.
    public var maxBodySize: Int
    /// How many body bytes are kept for a handler that has not asked for the body yet before reading
    /// pauses. Default 64 KiB.
    public var bodyBufferSize: Int

    /// A configuration with the defaults above, any of them overridden.
    public init(
        timeOut: Duration? = .seconds(60), maxPipeline: Int = 8, maxHeaderLength: Int = 16 * 1024,
        maxHeaderLineLength: Int = 16 * 1024, maxHeaderFields: Int = 100, lingeringTimeout: Duration = .seconds(20),
        maxBodySize: Int = 1 << 20, bodyBufferSize: Int = 64 * 1024
    ) {
        precondition(maxPipeline >= 1, "maxPipeline must be at least 1")
        precondition(maxHeaderLength >= 64, "maxHeaderLength must be at least 64 bytes")
        precondition(maxHeaderLineLength >= 64, "maxHeaderLineLength must be at least 64 bytes")
        self.timeOut = timeOut
        self.maxPipeline = maxPipeline
        self.maxHeaderLength = maxHeaderLength
        self.maxHeaderLineLength = maxHeaderLineLength
        self.maxHeaderFields = maxHeaderFields
        self.lingeringTimeout = lingeringTimeout
        self.maxBodySize = maxBodySize
        self.bodyBufferSize = bodyBufferSize
    }
}

extension HTTPServerConfiguration {
    /// The request parser's limits: head and trailers within ``maxHeaderLength``, lines within
    /// ``maxHeaderLineLength``, ``maxHeaderFields`` fields.
    var parserLimits: HTTPRequestParser.Limits {
        var limits = HTTPParserLimits.request
        limits.maxHeadBytes = maxHeaderLength
        limits.maxHeaderLineBytes = maxHeaderLineLength
        limits.maxFields = maxHeaderFields
        limits.maxTrailerBytes = maxHeaderLength
        return limits
    }
}
