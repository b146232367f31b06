import Deferred
import Glibc
import Testing
@testable import Reactor

/// A socket made outside the reactor, as a parent process or systemd would: bound to 127.0.0.1:0, listening
/// for stream sockets. Returns the descriptor and its port.
func makeBoundSocket(type: Int32, listening: Bool = true) -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, type, 0)
    precondition(fd >= 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { precondition(bind(fd, $0, length) == 0) }
    }
    if listening, type == Int32(SOCK_STREAM.rawValue) { precondition(listen(fd, 16) == 0) }
    withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

let streamType = Int32(SOCK_STREAM.rawValue)
let datagramType = Int32(SOCK_DGRAM.rawValue)

@Suite("Epoll reactor: adopted sockets")
struct EpollAdoptionTests {
    @Test func adoptStreamPortAcceptsConnections() async throws {
        let (fd, port) = makeBoundSocket(type: streamType)
        let received = try await runReactor { reactor in
            let adopted = try reactor.adoptStreamPort(
                fd: fd, addressFamily: .ipv4, factory: ProtocolFactory.forProtocol { EchoProtocol() })
            close(fd)  // the reactor keeps its own duplicate
            #expect(adopted.getHost() == .ipv4(host: "127.0.0.1", port: port))
            let client = CollectingClient(payload: [Array("adopted".utf8)])
            reactor.connectTCP(host: "127.0.0.1", port: port, factory: SingleUseClientFactory(client))
            return client.done.addCallback { bytes in adopted.stopListening().addCallback { bytes } }
        }
        #expect(received == Array("adopted".utf8))
    }

    @Test func adoptStreamConnectionRunsAProtocol() async throws {
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, streamType, 0, &ends) == 0)
        let pair = ends
        let received = try await runReactor { reactor in
            try reactor.adoptStreamConnection(
                fd: pair[0], addressFamily: .unix, factory: ProtocolFactory.forProtocol { EchoProtocol() })
            let client = CollectingClient(payload: [Array("over a socketpair".utf8)])
            try reactor.adoptStreamConnection(fd: pair[1], addressFamily: .unix, factory: SingleUseClientFactory(client))
            close(pair[0])
            close(pair[1])
            return client.done
        }
        #expect(received == Array("over a socketpair".utf8))
    }

    @Test func adoptDatagramPortReadsDatagrams() async throws {
        let (fd, port) = makeBoundSocket(type: datagramType)
        let reply = try await runReactor { reactor in
            let adopted = try reactor.adoptDatagramPort(fd: fd, addressFamily: .ipv4, protocol: DatagramEcho())
            close(fd)
            let recorder = DatagramRecorder()
            let client = try reactor.listenUDP(port: 0, protocol: recorder, interface: "127.0.0.1")
            try client.write(Array("adopted udp".utf8), to: .ipv4(host: "127.0.0.1", port: port))
            return recorder.received.addCallback { datagrams in
                adopted.stopListening().addCallback { datagrams[0].0 }
            }
        }
        #expect(reply == Array("adopted udp".utf8))
    }

    @Test func mismatchedSocketsAreRefused() async throws {
        let (udp, _) = makeBoundSocket(type: datagramType)
        let (notListening, _) = makeBoundSocket(type: streamType, listening: false)
        defer {
            close(udp)
            close(notListening)
        }
        let outcomes = try await runReactor { reactor -> Deferred<[String]> in
            let factory = ProtocolFactory.forProtocol { EchoProtocol() }
            func outcome(_ body: () throws -> Void) -> String {
                do {
                    try body()
                    return "adopted"
                } catch {
                    return "\(type(of: error))"
                }
            }
            return .succeed([
                outcome { _ = try reactor.adoptStreamPort(fd: udp, addressFamily: .ipv4, factory: factory) },
                outcome { _ = try reactor.adoptStreamPort(fd: udp, addressFamily: .ipv6, factory: factory) },
                outcome { _ = try reactor.adoptStreamPort(fd: notListening, addressFamily: .ipv4, factory: factory) },
                outcome { _ = try reactor.adoptDatagramPort(fd: udp, addressFamily: .unix, protocol: DatagramEcho()) },
                outcome { _ = try reactor.adoptDatagramPort(fd: 987, addressFamily: .ipv4, protocol: DatagramEcho()) },
            ])
        }
        #expect(
            outcomes == [
                "UnsupportedSocketType", "UnsupportedAddressFamily", "CannotListenError", "UnsupportedAddressFamily",
                "UnsupportedSocketType",
            ])
    }
}

@Suite("ListenFDs: systemd's socket-activation variables")
struct ListenFDsTests {
    let pid = String(getpid())

    @Test func descriptorsAndNames() {
        let fds = ListenFDs.fromEnvironment(["LISTEN_PID": pid, "LISTEN_FDS": "2", "LISTEN_FDNAMES": "web:dns"])
        #expect(fds.inheritedDescriptors() == [3, 4])
        #expect(fds.inheritedNamedDescriptors() == ["web": 3, "dns": 4])
    }

    @Test func anotherProcessesVariablesAreIgnored() {
        #expect(ListenFDs.fromEnvironment(["LISTEN_PID": "1", "LISTEN_FDS": "2"]).descriptors.isEmpty)
        #expect(ListenFDs.fromEnvironment(["LISTEN_FDS": "2"]).descriptors.isEmpty)
        #expect(ListenFDs.fromEnvironment(["LISTEN_PID": pid, "LISTEN_FDS": "two"]).descriptors.isEmpty)
        #expect(ListenFDs.fromEnvironment([:]).descriptors.isEmpty)
    }

    @Test func namesAreOptional() {
        let fds = ListenFDs.fromEnvironment(["LISTEN_PID": pid, "LISTEN_FDS": "3", "LISTEN_FDNAMES": "only-one"], start: 10)
        #expect(fds.inheritedDescriptors() == [10, 11, 12])
        #expect(fds.inheritedNamedDescriptors().isEmpty)
    }
}

/// The path of an executable built beside the test bundle (`.build/<configuration>/<name>`).
func builtExecutable(_ name: String) -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let path = String(decoding: buffer[..<max(0, count)].map(UInt8.init), as: UTF8.self)
    let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    return directory + "/" + name
}

/// The sanitizer settings of this process (`ASAN_OPTIONS`, …), for a child built with the same sanitizer:
/// under scripts/sanitizers.sh, LeakSanitizer is off for the suite, and must be for its children too.
func sanitizerEnvironment() -> [String: String] {
    var environment: [String: String] = [:]
    for name in ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS"] {
        if let value = getenv(name) { environment[name] = String(cString: value) }
    }
    return environment
}

@Suite("Socket activation end to end: LISTEN_FDS into a child reactor, stopped by SIGTERM")
struct SocketActivationTests {
    /// Watches the child's stdout for a line, then runs `onReady` once.
    final class ActivatedChild: RecordingProcess {
        var onReady: (() -> Void)?

        override func childDataReceived(fd: Int32, data: [UInt8]) {
            super.childDataReceived(fd: fd, data: data)
            if record.outText.contains("echoing udp"), let onReady {
                self.onReady = nil
                onReady()
            }
        }
    }

    @Test func activatedEchoAdoptsInheritedSocketsAndStopsOnSIGTERM() async throws {
        let helper = builtExecutable("activated-echo")
        #expect(access(helper, X_OK) == 0, "activated-echo must be built beside the tests (\(helper))")
        let (tcp, tcpPort) = makeBoundSocket(type: streamType)
        let (udp, udpPort) = makeBoundSocket(type: datagramType)
        let (record, tcpEcho, udpEcho) = try await runReactor(timeout: .seconds(30)) { reactor in
            let child = ActivatedChild()
            let tcpReply = Deferred<[UInt8]>()
            let udpReply = Deferred<[UInt8]>()
            child.onReady = {
                let client = CollectingClient(payload: [Array("tcp ping".utf8)])
                reactor.connectTCP(host: "127.0.0.1", port: tcpPort, factory: SingleUseClientFactory(client))
                client.done.chainDeferred(tcpReply)
                let recorder = DatagramRecorder()
                let port = try! reactor.listenUDP(port: 0, protocol: recorder, interface: "127.0.0.1")
                try! port.write(Array("udp ping".utf8), to: .ipv4(host: "127.0.0.1", port: udpPort))
                _ = recorder.received.addCallback { datagrams in udpReply.callback(datagrams[0].0) }
            }
            // sh records its own pid in LISTEN_PID and execs the helper, which keeps that pid.
            let transport = try reactor.spawnProcess(
                protocol: child, executable: "/bin/sh",
                args: ["sh", "-c", "export LISTEN_PID=$$; exec \"$0\"", helper],
                env: ["LISTEN_FDS": "2"].merging(sanitizerEnvironment()) { first, _ in first },
                childFDs: [1: .read, 2: .read, 3: .inherit(tcp), 4: .inherit(udp)])
            close(tcp)
            close(udp)
            return Deferred.gatherResults([tcpReply, udpReply]).addCallback { replies in
                try transport.signalProcess("TERM")
                return child.ended.addCallback { record in (record, replies[0], replies[1]) }
            }
        }
        #expect(tcpEcho == Array("tcp ping".utf8))
        #expect(udpEcho == Array("udp ping".utf8))
        #expect(record.outText.contains("echoing tcp on 127.0.0.1:\(tcpPort) (inherited)"))
        #expect(record.outText.contains("echoing udp on 127.0.0.1:\(udpPort) (inherited)"))
        #expect(record.outText.hasSuffix("stopped by SIGTERM\n"))
        #expect(record.isDone, "the child exits 0 after a clean stop; stderr: \(record.errText)")
    }
}
