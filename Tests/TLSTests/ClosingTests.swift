import Deferred
import Reactor
import ReactorTesting
import TLS
import Testing

@Suite("TLS closing: close_notify, truncation, abort, half-close")
struct ClosingTests {
    @Test func loseConnectionSendsCloseNotifyAndBothSidesSeeACleanClose() throws {
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions())
        pair.clientTLS.write(Array("last words".utf8))
        pair.clientTLS.loseConnection()
        #expect(pair.clientTLS.isDisconnecting)
        pair.clientTLS.write(Array("dropped".utf8))
        pair.pump.flush()
        #expect(pair.serverRecorder.text == "last words")
        #expect(pair.clientRecorder.closedReason is ConnectionDone)
        #expect(pair.serverRecorder.closedReason is ConnectionDone)
    }

    @Test func loseConnectionBeforeTheHandshakeWaitsForIt() throws {
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), greet: false)
        pair.clientTLS.write(Array("early".utf8))
        pair.clientTLS.loseConnection()
        pair.pump.flush()
        #expect(pair.serverRecorder.text == "early")
        #expect(pair.serverRecorder.closedReason is ConnectionDone)
        #expect(pair.clientRecorder.closedReason is ConnectionDone)
    }

    @Test func loseConnectionDuringTheHandshakeWithNothingHeldClosesAtOnce() throws {
        // A server giving up on a client that never finishes its handshake (an idle timeout, say).
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), greet: false)
        pair.serverTLS.loseConnection()
        pair.pump.flush()
        #expect(pair.serverRecorder.closedReason is ConnectionDone)
        #expect(tlsError(pair.clientRecorder.closedReason) == .peerClosedDuringHandshake)
        #expect(!pair.serverTLS.isHandshakeDone)
    }

    @Test func closeWithoutCloseNotifyIsTruncation() throws {
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions())
        pair.serverTLS.write(Array("partial body".utf8))
        pair.pump.flush()
        // The server's socket closes under TLS: no close_notify.
        pair.pump.serverTransport.loseConnection()
        pair.pump.flush()
        #expect(pair.clientRecorder.text == "partial body")
        #expect(tlsError(pair.clientRecorder.closedReason) == .truncated)
    }

    @Test func halfCloseAfterDataWithoutCloseNotifyIsTruncation() throws {
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions())
        pair.pump.serverTransport.loseWriteConnection()  // a FIN under TLS, no close_notify
        pair.pump.flush()
        #expect(tlsError(pair.clientRecorder.closedReason) == .truncated)
    }

    @Test func abortConnectionAbortsBelow() throws {
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions())
        pair.clientTLS.abortConnection()
        pair.clientTLS.write(Array("dropped".utf8))
        pair.pump.flush()
        #expect((pair.clientRecorder.closedReason as? ConnectionLost)?.isAborted == true)
        #expect(pair.serverRecorder.closedReason is ConnectionLost)
        #expect(pair.serverRecorder.data.isEmpty)
    }

    @Test func closeNotifyFromThePeerEndsAPlainProtocolCleanly() throws {
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions())
        pair.serverTLS.write(Array("bye".utf8))
        pair.serverTLS.loseConnection()
        pair.pump.flush()
        #expect(pair.clientRecorder.text == "bye")
        #expect(pair.clientRecorder.closedReason is ConnectionDone)
    }

    @Test func halfCloseableProtocolsKeepWritingAfterThePeersCloseNotify() throws {
        let client = HalfCloseRecorder()
        let server = HalfCloseRecorder()
        let pair = TLSPumpPair(
            clientOptions: try trustingClientOptions(), serverOptions: try serverOptions(), client: client, server: server)
        server.onReadClosed = { [unowned server] in
            server.transport?.write(Array("answer after your close".utf8))
            server.transport?.loseConnection()
        }
        pair.clientTLS.write(Array("question".utf8))
        pair.clientTLS.loseWriteConnection()
        pair.clientTLS.write(Array("dropped".utf8))
        pair.pump.flush()
        #expect(String(decoding: server.data, as: UTF8.self) == "question")
        #expect(server.readClosed)
        #expect(String(decoding: client.data, as: UTF8.self) == "answer after your close")
        #expect(client.reason is ConnectionDone)
        #expect(server.reason is ConnectionDone)
    }

    @Test func loseConnectionWaitsForTheProducerToUnregister() throws {
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions())
        let producer = PatternProducer(consumer: pair.clientTLS, total: 300 * 1024)
        pair.clientTLS.registerProducer(producer, streaming: true)
        pair.clientTLS.loseConnection()
        pair.pump.flush()
        #expect(!pair.clientRecorder.closed, "a registered producer holds the close back")
        pair.clientTLS.unregisterProducer()
        pair.pump.flush()
        #expect(pair.clientRecorder.closedReason is ConnectionDone)
        #expect(pair.serverRecorder.closedReason is ConnectionDone)
    }

    @Test func producerRegisteredAfterTheLossIsStopped() throws {
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions())
        pair.clientTLS.loseConnection()
        pair.pump.flush()
        let producer = PatternProducer(consumer: pair.clientTLS, total: 10)
        pair.clientTLS.registerProducer(producer, streaming: true)
        #expect(producer.stopped)
    }

    @Test func closingTwiceIsHarmless() throws {
        let pair = TLSPumpPair(clientOptions: try trustingClientOptions(), serverOptions: try serverOptions())
        pair.clientTLS.loseConnection()
        pair.clientTLS.loseConnection()
        pair.pump.flush()
        pair.clientTLS.loseConnection()
        pair.clientTLS.abortConnection()
        pair.pump.flush()
        #expect(pair.clientRecorder.closedReason is ConnectionDone)
    }
}
