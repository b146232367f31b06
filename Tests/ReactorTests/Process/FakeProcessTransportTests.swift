import Deferred
import Glibc
import Testing
@testable import Reactor
import ReactorTesting
import DeferredTesting

/// A protocol under test: runs a command, collects its output lines, and gives up with TERM then KILL if
/// it does not end in time (the kind of code `FakeProcessTransport` lets a test drive without children).
private final class LineCollector: ProcessProtocol {
    var transport: (any ProcessTransport)?
    let clock: any ReactorTime
    private(set) var lines: [String] = []
    private var partial: [UInt8] = []
    private var deadline: DelayedCall?
    let done = Deferred<Int32?>()

    init(clock: any ReactorTime) {
        self.clock = clock
    }

    func connectionMade() {
        transport?.write(Array("start\n".utf8))
        transport?.closeStdin()
        deadline = clock.callLater(.seconds(5)) { [weak self] in
            try? self?.transport?.signalProcess("TERM")
            self?.deadline = self?.clock.callLater(.seconds(2)) { try? self?.transport?.signalProcess("KILL") }
        }
    }

    func outReceived(_ data: [UInt8]) {
        partial += data
        while let newline = partial.firstIndex(of: 10) {
            lines.append(String(decoding: partial[..<newline], as: UTF8.self))
            partial.removeSubrange(...newline)
        }
    }

    func processEnded(reason: any ProcessExitReason) {
        try? deadline?.cancel()
        done.callback(reason.exitCode)
    }
}

@Suite("FakeProcessTransport and MemoryReactorClock.spawnProcess")
struct FakeProcessTransportTests {
    @Test func spawnIsRecordedAndTheProtocolConnected() throws {
        let reactor = MemoryReactorClock()
        let collector = LineCollector(clock: reactor)
        try reactor.spawnProcess(protocol: collector, executable: "/usr/bin/tool", args: ["tool", "-v"], env: ["A": "1"])
        let record = try #require(reactor.spawnedProcesses.first)
        #expect(record.executable == "/usr/bin/tool")
        #expect(record.args == ["tool", "-v"])
        #expect(record.env == ["A": "1"])
        #expect(record.transport.pid == 1000)
        #expect(record.transport.stdin == Array("start\n".utf8))
        #expect(record.transport.closeRequests == [0])
        #expect(!record.transport.openPipes.contains(0))
    }

    @Test func outputAndExitDriveTheProtocol() throws {
        let reactor = MemoryReactorClock()
        let collector = LineCollector(clock: reactor)
        try reactor.spawnProcess(protocol: collector, executable: "tool")
        let transport = reactor.spawnedProcesses[0].transport
        transport.feed(Array("one\ntw".utf8))
        transport.feed(Array("o\n".utf8))
        transport.exit(code: 0)
        #expect(collector.lines == ["one", "two"])
        #expect(try successResultOf(collector.done) == 0)
        #expect(transport.pid == nil)
        #expect(transport.hasEnded)
        #expect(reactor.getDelayedCalls().isEmpty)
    }

    @Test func aHungChildGetsTermThenKillOnTheFakeClock() throws {
        let reactor = MemoryReactorClock()
        let collector = LineCollector(clock: reactor)
        try reactor.spawnProcess(protocol: collector, executable: "tool")
        let transport = reactor.spawnedProcesses[0].transport
        reactor.advance(.seconds(5))
        #expect(transport.signals == [SIGTERM])
        reactor.advance(.seconds(2))
        #expect(transport.signals == [SIGTERM, SIGKILL])
        transport.kill(signal: SIGKILL)
        #expect(try successResultOf(collector.done) == nil)
        #expect(throws: ProcessExitedAlready.self) { try transport.signalProcess("TERM") }
    }

    @Test func eventsFollowTheRealOrder() throws {
        let transport = FakeProcessTransport(childFDs: [0: .write, 1: .read, 3: .read])
        let recorder = RecordingProcess()
        transport.attach(recorder)
        transport.feed(fd: 3, Array("x".utf8))
        transport.closePipe(1)
        transport.exit(code: 2, closingPipes: false)
        #expect(recorder.record.lifecycle == ["made", "lost 1", "exited"])
        #expect(!recorder.ended.isCalled)
        transport.closePipe(3)
        transport.closeChildFD(0)
        let record = try successResultOf(recorder.ended)
        #expect(record.lifecycle == ["made", "lost 1", "exited", "lost 3", "lost 0", "ended"])
        #expect(record.exitCode == 2)
        #expect(record.other[3] == Array("x".utf8))
        #expect(throws: UnknownChildFD.self) { try transport.writeToChild(0, [1]) }
    }

    @Test func spawnErrorsAreThrownOnce() throws {
        let reactor = MemoryReactorClock()
        reactor.nextSpawnError = ProcessSpawnError(executable: "x", detail: "no")
        #expect(throws: ProcessSpawnError.self) { try reactor.spawnProcess(protocol: RecordingProcess(), executable: "x") }
        try reactor.spawnProcess(protocol: RecordingProcess(), executable: "x")
        #expect(reactor.spawnedProcesses.count == 1)
    }

    @Test func getProcessOutputAndValueOnTheMemoryReactor() throws {
        let reactor = MemoryReactorClock()
        let result = getProcessOutputAndValue(reactor: reactor, executable: "/bin/tool", args: ["a"], stdinBytes: [7])
        let transport = reactor.spawnedProcesses[0].transport
        #expect(reactor.spawnedProcesses[0].args == ["/bin/tool", "a"])
        #expect(transport.stdin == [7])
        transport.feed(fd: 1, [1, 2])
        transport.feed(fd: 2, [3])
        transport.exit(code: 4)
        #expect(try successResultOf(result) == ProcessOutputAndValue(out: [1, 2], err: [3], code: 4))
    }

    @Test func getProcessOutputFailsOnStderr() throws {
        let reactor = MemoryReactorClock()
        let output = getProcessOutput(reactor: reactor, executable: "/bin/tool")
        let transport = reactor.spawnedProcesses[0].transport
        transport.feed(fd: 2, Array("bad".utf8))
        let error = try failureResultOf(output, UnexpectedErrorOutput.self)
        #expect(error.text == Array("bad".utf8))
        #expect(transport.closeRequests == [0, 2, 1])
    }
}
