import Deferred
import Glibc
import Reactor
import ReactorTesting
import TLS
import TLSTesting
import Testing

@Suite("TLS resources: every SSL and SSL_CTX freed; no OpenSSL, typed error")
struct ResourceTests {
    @Test func connectionsAreFreedWithTheirProtocols() throws {
        let clientOptions = try trustingClientOptions()
        let options = try serverOptions()
        weak var weakClientTLS: TLSMemoryBIOProtocol?
        weak var weakServerTLS: TLSMemoryBIOProtocol?
        do {
            let pair = TLSPumpPair(clientOptions: clientOptions, serverOptions: options)
            weakClientTLS = pair.clientTLS
            weakServerTLS = pair.serverTLS
            #expect(clientOptions.liveConnections == 1)
            #expect(options.liveConnections == 1)
            pair.clientTLS.loseConnection()
            pair.pump.flush()
        }
        #expect(weakClientTLS == nil)
        #expect(weakServerTLS == nil)
        #expect(clientOptions.liveConnections == 0)
        #expect(options.liveConnections == 0)
    }

    @Test func failedConnectionsAreFreedToo() throws {
        let clientOptions = try trustingClientOptions()
        do {
            let pair = TLSPumpPair(clientOptions: clientOptions, serverOptions: try serverOptions(certificates.expired))
            #expect(pair.clientRecorder.closed)
        }
        #expect(clientOptions.liveConnections == 0)
    }

    @Test func optionsAreFreedWhenTheLastConnectionGoes() throws {
        weak var weakOptions: TLSClientOptions?
        var pair: TLSPumpPair?
        do {
            let clientOptions = try trustingClientOptions()
            weakOptions = clientOptions
            pair = TLSPumpPair(clientOptions: clientOptions, serverOptions: try serverOptions())
        }
        // The options object itself is gone; its OpenSSL context lives on inside the connection.
        #expect(weakOptions == nil)
        pair?.clientTLS.write(Array("still works".utf8))
        pair?.pump.flush()
        #expect(pair?.serverRecorder.text == "still works")
        pair?.clientTLS.loseConnection()
        pair?.pump.flush()
        pair = nil
    }

    @Test func missingOpenSSLIsATypedErrorAndNothingElseBreaks() async {
        await #expect(processExitsWith: .success) {
            setenv("TORSION_LIBSSL", "/nonexistent/libssl.so.3", 1)
            setenv("TORSION_LIBCRYPTO", "/nonexistent/libcrypto.so.3", 1)
            guard !TLSLibrary.isAvailable, TLSLibrary.versionText == nil else { exit(1) }
            do {
                _ = try TLSClientOptions()
                exit(2)
            } catch TLSError.libraryUnavailable(let why) {
                guard why.contains("/nonexistent/") else { exit(3) }
            } catch {
                exit(4)
            }
            // The rest of Torsion still works: an in-memory plain connection.
            let server = EchoProtocol()
            let client = AccumulatingProtocol()
            let pump = IOPump.connectedServerAndClient(server: server, client: client)
            client.transport?.write(Array("plain".utf8))
            pump.flush()
            exit(client.text == "plain" ? 0 : 5)
        }
    }

    @Test func libraryVersionIsOpenSSL3() {
        #expect(TLSLibrary.isAvailable)
        #expect(TLSLibrary.versionText?.hasPrefix("OpenSSL 3") == true)
    }
}
