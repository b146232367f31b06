import Deferred
import Reactor
import ReactorTesting
import TLS
import Testing

/// Moves bytes between two `StringTransport`s by hand until both are quiet.
private func shuttle(_ client: TLSMemoryBIOProtocol, _ clientWire: StringTransport, _ server: TLSMemoryBIOProtocol,
                     _ serverWire: StringTransport) {
    for _ in 0..<20 {
        let toServer = clientWire.value
        let toClient = serverWire.value
        if toServer.isEmpty && toClient.isEmpty { return }
        clientWire.clear()
        serverWire.clear()
        if !toServer.isEmpty { server.dataReceived(toServer) }
        if !toClient.isEmpty { client.dataReceived(toClient) }
    }
}

@Suite("TLS over StringTransport")
struct StringTransportTests {
    @Test func handshakeDataAndCloseByHand() throws {
        let client = AccumulatingProtocol()
        let server = AccumulatingProtocol()
        let clientTLS = TLSMemoryBIOProtocol(clientOptions: try trustingClientOptions(), hostname: "localhost", wrapping: client)
        let serverTLS = TLSMemoryBIOProtocol(serverOptions: try serverOptions(), wrapping: server)
        let clientWire = StringTransport()
        let serverWire = StringTransport()
        serverTLS.makeConnection(serverWire)
        clientTLS.makeConnection(clientWire)
        #expect(client.made)
        #expect(clientWire.value.first == 22, "a ClientHello handshake record")
        // Pausing before the handshake does not stop the handshake's own reading.
        clientTLS.pauseProducing()
        #expect(clientWire.producerState == .producing)
        clientTLS.resumeProducing()

        shuttle(clientTLS, clientWire, serverTLS, serverWire)
        #expect(clientTLS.isHandshakeDone && serverTLS.isHandshakeDone)

        clientTLS.write(Array("over strings".utf8))
        #expect(!clientWire.value.isEmpty)
        #expect(!clientWire.text.contains("over strings"), "encrypted on the wire")
        shuttle(clientTLS, clientWire, serverTLS, serverWire)
        #expect(server.text == "over strings")

        clientTLS.pauseProducing()
        #expect(clientWire.producerState == .paused)
        clientTLS.resumeProducing()
        #expect(clientWire.producerState == .producing)

        clientTLS.setTcpNoDelay(true)
        #expect(clientWire.tcpNoDelay && clientTLS.tcpNoDelay)

        clientTLS.loseConnection()
        #expect(clientWire.isDisconnecting)
        #expect(clientWire.value.first == 23, "close_notify goes out as an encrypted (TLS 1.3) record")
        clientTLS.connectionLost(reason: ConnectionDone())
        #expect(client.closedReason is ConnectionDone)
    }

    @Test func abortReachesTheStringTransport() throws {
        let client = AccumulatingProtocol()
        let clientTLS = TLSMemoryBIOProtocol(clientOptions: try trustingClientOptions(), hostname: "localhost", wrapping: client)
        let wire = StringTransport()
        clientTLS.makeConnection(wire)
        clientTLS.abortConnection()
        #expect(wire.isDisconnected)
        clientTLS.connectionLost(reason: ConnectionLost.aborted)
        #expect((client.closedReason as? ConnectionLost)?.isAborted == true)
    }

    @Test func garbageFromThePeerFailsTheHandshake() throws {
        let client = AccumulatingProtocol()
        let clientTLS = TLSMemoryBIOProtocol(clientOptions: try trustingClientOptions(), hostname: "localhost", wrapping: client)
        let wire = StringTransport()
        clientTLS.makeConnection(wire)
        wire.clear()
        clientTLS.dataReceived(Array(repeating: 0x16, count: 5) + Array(repeating: 0xff, count: 64))
        #expect(wire.isDisconnecting)
        clientTLS.write(Array("never sent".utf8))
        #expect(!wire.text.contains("never sent"))
        clientTLS.connectionLost(reason: ConnectionDone())
        guard case .handshakeFailed? = tlsError(client.closedReason) else {
            Issue.record("closed with \(String(describing: client.closedReason))")
            return
        }
    }
}
