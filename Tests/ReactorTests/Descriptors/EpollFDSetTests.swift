import Deferred
import DeferredTesting
import Glibc
import Testing
@testable import Reactor

/// Reads a pipe through addReader; writes to another through addWriter.
private final class PipeReader: ReadDescriptor {
    let fileno: Int32
    private(set) var received: [UInt8] = []
    let lost = Deferred<String>()
    private(set) var reads = 0

    init(fd: Int32) { fileno = fd }

    func doRead() throws {
        reads += 1
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(fileno, &buffer, buffer.count)
        if count < 0 { throw SystemCallError(call: "read", errno: errno) }
        if count == 0 { throw ConnectionDone("end of file") }
        received += buffer[..<count]
    }

    func connectionLost(reason: any Error) {
        lost.callback("\(type(of: reason))")
    }
}

private final class PipeWriter: WriteDescriptor {
    let fileno: Int32
    unowned let reactor: EpollReactor
    private var remaining: [UInt8]
    let drained = Deferred<Void>()
    let lost = Deferred<String>()

    init(fd: Int32, reactor: EpollReactor, bytes: [UInt8]) {
        fileno = fd
        self.reactor = reactor
        remaining = bytes
    }

    func doWrite() throws {
        let count = remaining.withUnsafeBytes { write(fileno, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EAGAIN { return }
            throw SystemCallError(call: "write", errno: errno)
        }
        remaining.removeFirst(count)
        if remaining.isEmpty {
            reactor.removeWriter(self)
            drained.callback(())
        }
    }

    func connectionLost(reason: any Error) {
        lost.callback("\(type(of: reason))")
    }
}

/// A non-blocking close-on-exec pipe.
private func makePipe() -> (read: Int32, write: Int32) {
    var ends: [Int32] = [-1, -1]
    precondition(pipe(&ends) == 0)
    for fd in ends {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
    return (ends[0], ends[1])
}

@Suite("Epoll reactor: addReader and addWriter")
struct EpollFDSetTests {
    @Test func aPipeThroughAReaderAndAWriter() async throws {
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0) }
        let (received, lostReason, readersAfter) = try await runReactor { reactor in
            let (readEnd, writeEnd) = makePipe()
            let reader = PipeReader(fd: readEnd)
            let writer = PipeWriter(fd: writeEnd, reactor: reactor, bytes: payload)
            try reactor.addReader(reader)
            try reactor.addWriter(writer)
            #expect(reactor.getReaders().count == 1 && reactor.getWriters().count == 1)
            return writer.drained.addCallback { _ -> Deferred<([UInt8], String, Int)> in
                #expect(reactor.getWriters().isEmpty)
                close(writeEnd)
                return reader.lost.addCallback { reason in
                    close(readEnd)
                    return (reader.received, reason, reactor.getReaders().count)
                }
            }
        }
        #expect(received == payload)
        #expect(lostReason == "ConnectionDone")
        #expect(readersAfter == 0)
    }

    @Test func hangUpOfAWriteOnlyDescriptorIsConnectionLost() async throws {
        let reason = try await runReactor { reactor in
            let (readEnd, writeEnd) = makePipe()
            // A writer with nothing to write: the pipe is full, so only the hang-up is reported.
            let filler = [UInt8](repeating: 1, count: 1 << 20)
            _ = filler.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
            let writer = PipeWriter(fd: writeEnd, reactor: reactor, bytes: [1])
            try reactor.addWriter(writer)
            close(readEnd)
            return writer.lost.addCallback { reason in
                close(writeEnd)
                return reason
            }
        }
        #expect(reason == "ConnectionLost")
    }

    @Test func removeAllReturnsWithoutConnectionLost() async throws {
        let (removed, lostFired) = try await runReactor { reactor in
            let (readEnd, writeEnd) = makePipe()
            let reader = PipeReader(fd: readEnd)
            try reactor.addReader(reader)
            try reactor.addReader(reader)
            let removed = reactor.removeAll()
            close(readEnd)
            close(writeEnd)
            return Deferred.succeed((removed.count, reader.lost.isCalled))
        }
        #expect(removed == 1)
        #expect(!lostFired)
    }

    @Test func regularFilesArePolledContinuously() async throws {
        let path = "/tmp/torsion-fdset-\(UInt32.random(in: 0...UInt32.max))"
        let contents = Array("a regular file, which epoll refuses\n".utf8)
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        _ = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        _ = lseek(fd, 0, SEEK_SET)
        defer {
            close(fd)
            unlink(path)
        }
        let (received, reason) = try await runReactor { reactor in
            let reader = PipeReader(fd: fd)
            try reactor.addReader(reader)
            #expect(reactor.subsystems.continuousPolling?.registrations.count == 1)
            return reader.lost.addCallback { reason in (reader.received, reason) }
        }
        #expect(received == contents)
        #expect(reason == "ConnectionDone")
    }

    @Test func shutdownDisconnectsReaders() async throws {
        let (readEnd, writeEnd) = makePipe()
        defer {
            close(readEnd)
            close(writeEnd)
        }
        let reason = try await runReactor { reactor -> Deferred<Bool> in
            let reader = PipeReader(fd: readEnd)
            try reactor.addReader(reader)
            reactor.addShutdownTrigger(phase: .after) {
                #expect(try! successResultOf(reader.lost) == "ConnectionLost")
            }
            return .succeed(true)
        }
        #expect(reason)
    }

    @Test func descriptorsTheReactorOwnsAreRefused() async throws {
        let errno = try await runReactor { reactor -> Deferred<Int32?> in
            let port = try reactor.listenUDP(port: 0, protocol: DatagramRecorder(), interface: "127.0.0.1")
            let reader = PipeReader(fd: (port as! EpollUDPPort).fd)
            do {
                try reactor.addReader(reader)
                return .succeed(nil)
            } catch let error as SystemCallError {
                return .succeed(error.errno)
            }
        }
        #expect(errno == EEXIST)
    }
}
