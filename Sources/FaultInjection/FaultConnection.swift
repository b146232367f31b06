import HTTPCore
import Reactor

/// One connection of a ``FaultServer``: reads requests and answers each as its ``Fault`` says.
///
/// Requests are parsed by HTTPCore's ``HTTPRequestParser``, the server's own (bodies, `Content-Length` or
/// chunked, are read and dropped; a request the parser refuses gets its status and a close). The response
/// body is the request's target followed by padding up to the server's body size, so a client can check
/// that every response it got belongs to the request it sent (no desync). A connection whose fault ends it
/// (a reset, a close) reads nothing more.
///
/// Threading: reactor thread only.
final class FaultConnection: BaseProtocol {
    private let server: FaultServer
    private var parser = HTTPRequestParser()
    private var connectionFault: Fault?
    /// The request whose body is being read, answered at its end.
    private var pending: (RequestHead, Fault)?
    private var requestsSeen = 0
    /// No more reading or answering: the fault ended the exchange (stall, close, reset).
    private var finished = false

    init(server: FaultServer) {
        self.server = server
    }

    override func connectionMade() {
        server.connectionOpened()
        if server.plan.drawsPerConnection { connectionFault = server.plan.next() }
    }

    override func connectionLost(reason: any Error) {
        super.connectionLost(reason: reason)
        server.connectionClosed()
    }

    override func dataReceived(_ data: [UInt8]) {
        guard !finished else { return }
        parser.feed(data)
        process()
    }

    /// Pulls requests from the parser until the fault stops reading or more input is needed.
    private func process() {
        while !finished {
            let event: HTTPRequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                respond(status: error.status, body: [], extraHeaders: "Connection: close\r\n")
                close()
                return
            }
            guard let event else { return }
            switch event {
            case .head(let head):
                let fault = connectionFault ?? server.plan.next()
                requestsSeen += 1
                server.requestSeen(head, fault)
                if fault == .earlyResponse {
                    respond(status: 413, body: [], extraHeaders: "Connection: close\r\n")
                    close()
                } else if fault == .staleOnReuse, requestsSeen > 1 {
                    close()
                } else {
                    pending = (head, fault)
                }
            case .body:
                break  // read and dropped
            case .end:
                guard let (head, fault) = pending else { break }
                pending = nil
                answer(head, fault)
            }
        }
    }

    // MARK: - Answers

    private func answer(_ head: RequestHead, _ fault: Fault) {
        let body = server.body(for: head.target)
        let wantsClose = !head.persistent
        let closeHeader = wantsClose ? "Connection: close\r\n" : ""
        let headBytes = Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.count)\r\n\(closeHeader)\r\n".utf8)
        switch fault {
        case .none, .staleOnReuse, .earlyResponse:
            transport?.writeSequence([headBytes, body])
        case .serviceUnavailable:
            let busy = Array("busy".utf8)
            let head = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: \(server.options.retryAfter)\r\n"
                + "Content-Length: \(busy.count)\r\n\(closeHeader)\r\n"
            transport?.writeSequence([Array(head.utf8), busy])
        case .closeIdle:
            transport?.writeSequence([headBytes, body])
            finished = true
            server.reactor.callLater(server.options.idleCloseDelay) { [self] in transport?.loseConnection() }
            return
        case .resetMidHead:
            transport?.write(Array(headBytes.prefix(headBytes.count / 2)))
            reset()
            return
        case .resetMidBody:
            transport?.writeSequence([headBytes, Array(body.prefix(body.count / 2))])
            reset()
            return
        case .stallBeforeHead:
            finished = true
            return
        case .stallAfterHead:
            transport?.write(headBytes)
            finished = true
            return
        case .dribble:
            finished = true
            dribble(headBytes + body, from: 0, thenKeepAlive: !wantsClose)
            return
        case .halfClose:
            transport?.writeSequence([headBytes, body])
            transport?.loseWriteConnection()
            finished = true
            return
        case .garbageAfterResponse:
            transport?.writeSequence([headBytes, body, Array("\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)])
        case .shortBody:
            let long = Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.count * 2)\r\n\r\n".utf8)
            transport?.writeSequence([long, body])
            close()
            return
        }
        if wantsClose { close() }
    }

    private func respond(status: Int, body: [UInt8], extraHeaders: String) {
        let line = "HTTP/1.1 \(status) \(HTTPStatus.reasonPhrase(status))\r\n"
        transport?.write(Array("\(line)Content-Length: \(body.count)\r\n\(extraHeaders)\r\n".utf8) + body)
    }

    /// Writes one byte, then the next after the dribble interval; then serves further requests.
    private func dribble(_ bytes: [UInt8], from index: Int, thenKeepAlive: Bool) {
        guard isConnected, let transport else { return }
        guard index < bytes.count else {
            if thenKeepAlive {
                finished = false
                process()
            } else {
                close()
            }
            return
        }
        transport.write([bytes[index]])
        server.reactor.callLater(server.options.dribbleInterval) { [self] in
            dribble(bytes, from: index + 1, thenKeepAlive: thenKeepAlive)
        }
    }

    /// Closes after the queued bytes are written (FIN).
    private func close() {
        finished = true
        transport?.loseConnection()
    }

    /// Resets the connection (RST) once the bytes queued so far have been sent. The epoll reactor flushes
    /// writes made during I/O dispatch in its next turn, after that turn's timers, so the abort waits two
    /// turns: an abort one turn later would drop the bytes unsent.
    private func reset() {
        finished = true
        server.reactor.callLater(.zero) { [self] in
            server.reactor.callLater(.zero) { [self] in transport?.abortConnection() }
        }
    }
}
