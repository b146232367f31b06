// A socket-activated echo server: systemd (or any parent following its protocol) passes listening sockets
// as descriptors 3, 4, … with LISTEN_FDS and LISTEN_PID; the server adopts each (stream sockets echo
// connections, datagram sockets echo datagrams). Without inherited sockets it listens on 127.0.0.1 itself:
// `swift run activated-echo [port]` (TCP and UDP on the same port). SIGTERM or Ctrl-C stop it cleanly:
// run() turns them into reactor.stop(), shutdown triggers run, and it prints how it stopped.
//
// Try it under systemd-socket-activate:
//   systemd-socket-activate -l 127.0.0.1:8007 --datagram -l 127.0.0.1:8007 .build/debug/activated-echo
import Deferred
import Glibc
import Reactor

/// Writes every byte it receives back.
final class Echo: BaseProtocol {
    override func dataReceived(_ data: [UInt8]) {
        transport?.write(data)
    }
}

/// Sends every datagram back to its sender.
final class DatagramEcho: DatagramProtocol {
    var transport: (any DatagramTransport)?

    func datagramReceived(_ datagram: [UInt8], from address: Address) {
        try? transport?.write(datagram, to: address)
    }
}

/// Writes a line to standard output at once (no buffering: a parent may be waiting for it).
func say(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}

/// An integer socket option of `fd`, or nil.
func socketOption(_ fd: Int32, _ name: Int32) -> Int32? {
    var value: Int32 = 0
    var length = socklen_t(MemoryLayout<Int32>.size)
    return getsockopt(fd, SOL_SOCKET, name, &value, &length) == 0 ? value : nil
}

let reactor = try EpollReactor()
let factory = ProtocolFactory.forProtocol { Echo() }
var ports: [(kind: String, port: any ListeningPort)] = []

let inherited = ListenFDs.fromEnvironment()
if inherited.descriptors.isEmpty {
    let requested = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 0 : 0
    let tcp = try reactor.listenTCP(port: requested, factory: factory, interface: "127.0.0.1")
    ports.append(("tcp", tcp))
    ports.append(("udp", try reactor.listenUDP(port: tcp.getHost().port!, protocol: DatagramEcho(), interface: "127.0.0.1")))
} else {
    for fd in inherited.inheritedDescriptors() {
        let family: AddressFamily
        switch socketOption(fd, SO_DOMAIN) {
        case AF_INET: family = .ipv4
        case AF_INET6: family = .ipv6
        default: family = .unix
        }
        if socketOption(fd, SO_TYPE) == Int32(SOCK_DGRAM.rawValue) {
            ports.append(("udp", try reactor.adoptDatagramPort(fd: fd, addressFamily: family, protocol: DatagramEcho())))
        } else {
            ports.append(("tcp", try reactor.adoptStreamPort(fd: fd, addressFamily: family, factory: factory)))
        }
        close(fd)  // the reactor works on its own duplicate
    }
}

reactor.addShutdownTrigger(phase: .after) { () -> Void in
    let how = reactor.stopSignal.flatMap { SignalNames.name(of: $0) }.map { "SIG" + $0 } ?? "stop()"
    say("stopped by \(how)")
}
reactor.callWhenRunning {
    for (kind, port) in ports {
        say("echoing \(kind) on \(port.getHost())\(inherited.descriptors.isEmpty ? "" : " (inherited)")")
    }
}
try reactor.run()
