import Deferred
import Reactor
import ReactorTesting
import Testing

@testable import FaultInjection

/// The fault server's bytes, on a `StringTransport` and a fake clock.
@Suite("FaultServer")
struct FaultServerTests {
    private let reactor = MemoryReactorClock()

    private func connect(_ plan: FaultPlan, _ options: FaultServer.Options = FaultServer.Options(bodySize: 8))
        -> (FaultServer, StringTransport, any ConnectionProtocol)
    {
        let server = FaultServer(reactor: reactor, plan: plan, options: options)
        let transport = StringTransport()
        let connection = server.factory.buildProtocol(addr: .ipv4(host: "127.0.0.1", port: 1))!
        connection.makeConnection(transport)
        return (server, transport, connection)
    }

    private func send(_ connection: any ConnectionProtocol, _ text: String) {
        connection.dataReceived(Array(text.utf8))
    }

    private let get = "GET /r/1 HTTP/1.1\r\nHost: x\r\n\r\n"
    private let okResponse = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n/r/1...."

    @Test func noneAnswersEveryRequestOnTheConnection() {
        let (server, transport, connection) = connect(.always(.none))
        send(connection, get)
        send(connection, "GET /r/22 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(transport.text == okResponse + "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n/r/22...")
        #expect(!transport.isDisconnecting)
        #expect(server.stats.requests == 2 && server.stats.faults[.none] == 2)
    }

    @Test func aBodyIsReadBeforeTheAnswerEvenInPieces() {
        let (_, transport, connection) = connect(.always(.none))
        send(connection, "POST /r/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab")
        #expect(transport.text.isEmpty)
        send(connection, "cd")
        #expect(transport.text == okResponse)
    }

    @Test func aChunkedBodyIsReadByTheServersParserBeforeTheAnswer() {
        let (_, transport, connection) = connect(.always(.none))
        send(connection, "POST /r/1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n")
        #expect(transport.text.isEmpty)
        send(connection, "0\r\nX-Trailer: 1\r\n\r\n" + get)
        #expect(transport.text == okResponse + okResponse)
        #expect(!transport.isDisconnecting)
    }

    @Test func aRequestTheParserRefusesGetsItsStatusAndAClose() {
        let (server, transport, connection) = connect(.always(.none))
        send(connection, "GET /r/1 HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n")
        #expect(transport.text == "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(transport.isDisconnecting)
        #expect(server.stats.requests == 0)
    }

    @Test func resetMidBodyWritesHalfTheBodyThenAbortsTwoTurnsLater() {
        let (_, transport, connection) = connect(.always(.resetMidBody))
        send(connection, get)
        #expect(transport.text == "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n/r/1")
        reactor.advance(.zero)
        #expect(!transport.isDisconnected)
        reactor.advance(.zero)
        #expect(transport.isDisconnected)
    }

    @Test func staleOnReuseClosesOnTheSecondRequestWithoutAnswering() {
        let (_, transport, connection) = connect(.always(.staleOnReuse))
        send(connection, get)
        #expect(transport.text == okResponse)
        send(connection, get)
        #expect(transport.text == okResponse)
        #expect(transport.isDisconnecting && !transport.isDisconnected)
    }

    @Test func earlyResponseAnswersBeforeTheBody() {
        let (_, transport, connection) = connect(.always(.earlyResponse))
        send(connection, "POST /r/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
        #expect(transport.text == "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(transport.isDisconnecting)
    }

    @Test func dribbleWritesOneBytePerTurnThenServesTheNextRequest() {
        let (_, transport, connection) = connect(.always(.dribble))
        send(connection, get)
        #expect(transport.value.count == 1)
        reactor.advance(.zero)
        #expect(transport.value.count == 2)
        for _ in 0..<okResponse.utf8.count { reactor.advance(.zero) }
        #expect(transport.text == okResponse)
        send(connection, get)
        #expect(transport.value.count == okResponse.utf8.count + 1)
    }

    @Test func shortBodyPromisesTwiceTheBytesAndCloses() {
        let (_, transport, connection) = connect(.always(.shortBody))
        send(connection, get)
        #expect(transport.text == "HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n/r/1....")
        #expect(transport.isDisconnecting)
    }

    @Test func halfCloseShutsTheSendingSideOnly() {
        let (_, transport, connection) = connect(.always(.halfClose))
        send(connection, get)
        #expect(transport.text == okResponse)
        #expect(transport.isWriteConnectionLost && !transport.isDisconnecting)
    }

    @Test func garbageFollowsTheResponse() {
        let (_, transport, connection) = connect(.always(.garbageAfterResponse))
        send(connection, get)
        #expect(transport.text.hasPrefix(okResponse) && transport.text.count > okResponse.count)
    }

    @Test func stallsWriteNothingOrOnlyTheHead() {
        let (_, before, c1) = connect(.always(.stallBeforeHead))
        send(c1, get)
        reactor.advance(.seconds(100))
        #expect(before.text.isEmpty && !before.isDisconnecting)
        let (_, after, c2) = connect(.always(.stallAfterHead))
        send(c2, get)
        #expect(after.text == "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n")
    }

    @Test func closeIdleClosesAfterTheConfiguredDelay() {
        let (_, transport, connection) = connect(.always(.closeIdle), FaultServer.Options(bodySize: 8, idleCloseDelay: .seconds(2)))
        send(connection, get)
        #expect(transport.text == okResponse)
        reactor.advance(.seconds(2) - .nanoseconds(1))
        #expect(!transport.isDisconnecting)
        reactor.advance(.nanoseconds(1))
        #expect(transport.isDisconnecting)
    }

    @Test func aSeededPlanRepeatsItsDraws() {
        var first = FaultPlan.random(seed: 5, weights: Fault.allCases.map { ($0, 1) })
        var second = FaultPlan.random(seed: 5, weights: Fault.allCases.map { ($0, 1) })
        let a = (0..<200).map { _ in first.next() }
        let b = (0..<200).map { _ in second.next() }
        #expect(a == b)
        #expect(Set(a).count == Fault.allCases.count)
    }

    @Test func aPerConnectionPlanKeepsOneFaultForTheConnection() {
        let (server, _, connection) = connect(.random(seed: 3, weights: [(.none, 1), (.garbageAfterResponse, 1)], scope: .connection))
        for _ in 0..<5 { send(connection, get) }
        #expect(server.stats.faults.count == 1)
    }
}
