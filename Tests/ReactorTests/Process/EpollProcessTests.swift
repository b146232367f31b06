import Deferred
import Glibc
import Testing
@testable import Reactor

@Suite("Epoll reactor: child processes")
struct EpollProcessTests {
    /// Spawns `args` (args[0] the executable) with a ``RecordingProcess`` and returns its record at the end.
    private func run(
        _ args: [String], env: [String: String]? = [:], path: String? = nil, childFDs: [Int32: ChildFD]? = nil,
        _ drive: @escaping @Sendable (RecordingProcess, any ProcessTransport) -> Void = { _, _ in }
    ) async throws -> ProcessEvents {
        try await runReactor(timeout: .seconds(30)) { reactor in
            let recorder = RecordingProcess()
            let transport = try reactor.spawnProcess(
                protocol: recorder, executable: args[0], args: args, env: env, path: path, childFDs: childFDs)
            drive(recorder, transport)
            return recorder.ended
        }
    }

    @Test func echoExitsCleanly() async throws {
        let record = try await run(["/bin/echo", "hello", "world"])
        #expect(record.outText == "hello world\n")
        #expect(record.isDone)
        #expect(record.exitCode == 0)
        #expect(record.signal == nil)
        #expect(record.pidAtStart != nil)
        #expect(record.pidAfterExit == nil)
        #expect(record.lifecycle.first == "made")
        #expect(record.lifecycle.last == "ended")
        #expect(Set(record.lifecycle.filter { $0.hasPrefix("lost") }) == ["lost 0", "lost 1", "lost 2"])
        #expect(record.lifecycle.filter { $0 == "exited" }.count == 1)
    }

    @Test func exitCodeIsReported() async throws {
        let record = try await run(["/bin/sh", "-c", "echo oops >&2; exit 3"])
        #expect(!record.isDone)
        #expect(record.exitCode == 3)
        #expect(record.signal == nil)
        #expect(record.errText == "oops\n")
    }

    @Test func signalProcessTerminatesTheChild() async throws {
        let record = try await run(["/bin/sleep", "30"]) { _, transport in
            try? transport.signalProcess("TERM")
        }
        #expect(record.signal == SIGTERM)
        #expect(record.exitCode == nil)
    }

    @Test func signalAfterExitThrowsProcessExitedAlready() async throws {
        let thrown = try await runReactor { reactor in
            let recorder = RecordingProcess()
            let transport = try reactor.spawnProcess(protocol: recorder, executable: "/bin/true", args: ["true"])
            return recorder.ended.addCallback { _ -> Bool in
                do {
                    try transport.signalProcess("KILL")
                    return false
                } catch is ProcessExitedAlready {
                    return true
                }
            }
        }
        #expect(thrown)
    }

    @Test func unknownSignalNameIsRejected() async throws {
        let errno = try await runReactor { reactor in
            let recorder = RecordingProcess()
            let transport = try reactor.spawnProcess(protocol: recorder, executable: "/bin/cat", args: ["cat"])
            var code: Int32?
            do { try transport.signalProcess("NOPE") } catch let error as SystemCallError { code = error.errno }
            transport.closeStdin()
            return recorder.ended.addCallback { _ in code }
        }
        #expect(errno == EINVAL)
    }

    @Test func catEchoesMegabytesWithBackpressure() async throws {
        let total = 8 * 1024 * 1024
        let (record, pauses) = try await runReactor(timeout: .seconds(60)) { reactor in
            let recorder = RecordingProcess()
            let transport = try reactor.spawnProcess(protocol: recorder, executable: "/bin/cat", args: ["cat"])
            let pump = StdinPump(transport: transport, total: total)
            pump.start()
            return recorder.ended.addCallback { record in (record, pump.pauses) }
        }
        #expect(record.out.count == total)
        #expect(record.out == StdinPump.expected(total: total))
        #expect(record.isDone)
        #expect(pauses > 0, "the 64 KiB high-water mark should pause a producer writing 8 MiB")
    }

    @Test func childThatClosesStdoutEarly() async throws {
        // The child closes stdout, then waits for a line that the parent sends only once it has seen stdout
        // close, then exits 5: stdout's loss necessarily comes before the exit.
        final class AnswerWhenStdoutCloses: RecordingProcess {
            override func childConnectionLost(fd: Int32) {
                super.childConnectionLost(fd: fd)
                if fd == 1 { transport?.write(Array("go\n".utf8)) }
            }
        }
        let record = try await runReactor { reactor in
            let recorder = AnswerWhenStdoutCloses()
            try reactor.spawnProcess(
                protocol: recorder, executable: "/bin/sh", args: ["sh", "-c", "exec >&-; read line; exit 5"])
            return recorder.ended
        }
        #expect(record.exitCode == 5)
        let lifecycle = record.lifecycle
        #expect(lifecycle.firstIndex(of: "lost 1")! < lifecycle.firstIndex(of: "exited")!)
        #expect(lifecycle.last == "ended")
        #expect(record.out.isEmpty)
    }

    @Test func childThatNeverReadsStdinIsKilledWithoutHanging() async throws {
        let (record, queuedAfterWrite) = try await runReactor { reactor in
            let recorder = RecordingProcess()
            let transport = try reactor.spawnProcess(protocol: recorder, executable: "/bin/sleep", args: ["sleep", "30"])
            transport.write([UInt8](repeating: 0x61, count: 1 << 20))
            // Once the pipe is full (the rest stays queued), kill the child: the queue is dropped, nothing hangs.
            let process = transport as! EpollProcess
            return deferUntil(clock: reactor) { process.isStdinBlocked }.addCallback { _ -> Deferred<(ProcessEvents, Int)> in
                let queued = process.queuedStdinBytes
                try transport.signalProcess("KILL")
                return recorder.ended.addCallback { ($0, queued) }
            }
        }
        #expect(record.signal == SIGKILL)
        #expect(record.lifecycle.contains("lost 0"))
        #expect(queuedAfterWrite > 0, "a child that does not read leaves bytes queued, not written")
    }

    @Test func childThatExitsWithoutReadingStdin() async throws {
        let record = try await run(["/bin/true"]) { _, transport in
            transport.write([UInt8](repeating: 0x62, count: 4 << 20))
        }
        #expect(record.isDone)
        #expect(record.lifecycle.contains("lost 0"))
    }

    @Test func arbitraryChildDescriptors() async throws {
        let record = try await run(
            ["/bin/sh", "-c", "echo three >&3; read x <&4; echo \"got $x\""],
            childFDs: [1: .read, 3: .read, 4: .write]
        ) { _, transport in
            try? transport.writeToChild(4, Array("four\n".utf8))
            transport.closeChildFD(4)
        }
        #expect(record.other[3] == Array("three\n".utf8))
        #expect(record.outText == "got four\n")
        #expect(Set(record.lifecycle.filter { $0.hasPrefix("lost") }) == ["lost 1", "lost 3", "lost 4"])
        #expect(record.isDone)
    }

    @Test func inheritedDescriptorIsDuplicatedIntoTheChild() async throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        defer { close(readEnd) }
        let record = try await run(["/bin/sh", "-c", "echo via-inherit; echo to-stderr >&2"], childFDs: [1: .inherit(writeEnd), 2: .read])
        close(writeEnd)
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(readEnd, &buffer, buffer.count)
        #expect(String(decoding: buffer[..<max(0, count)], as: UTF8.self) == "via-inherit\n")
        #expect(record.errText == "to-stderr\n")
        #expect(record.out.isEmpty)
    }

    @Test func environmentAndWorkingDirectory() async throws {
        let record = try await run(["/bin/sh", "-c", "echo \"$GREETING\"; pwd"], env: ["GREETING": "bonjour"], path: "/tmp")
        #expect(record.outText == "bonjour\n/tmp\n")
    }

    @Test func defaultEnvironmentIsEmptyAsInTwisted() async throws {
        let record = try await run(["/usr/bin/env"])
        #expect(record.outText == "")
    }

    @Test func nilEnvironmentPassesTheParentsOwn() async throws {
        let record = try await run(["/bin/sh", "-c", "echo \"$HOME\""], env: nil)
        #expect(record.outText == String(cString: getenv("HOME")) + "\n")
    }

    @Test func missingExecutableThrows() async throws {
        let code = try await runReactor { reactor -> Deferred<Int32?> in
            do {
                try reactor.spawnProcess(protocol: RecordingProcess(), executable: "/nonexistent/torsion-test-binary")
                return .succeed(nil)
            } catch let error as ProcessSpawnError {
                return .succeed(error.errno)
            }
        }
        #expect(code == ENOENT)
    }

    @Test func signalFallbackReapsChildren() async throws {
        let records = try await runReactor { reactor -> Deferred<[ProcessEvents]> in
            reactor.subsystems.forceSignalReaping = true
            let ends = try (0..<5).map { code -> Deferred<ProcessEvents> in
                let recorder = RecordingProcess()
                try reactor.spawnProcess(protocol: recorder, executable: "/bin/sh", args: ["sh", "-c", "exit \(code)"])
                return recorder.ended
            }
            return Deferred.gatherResults(ends)
        }
        #expect(records.map(\.exitCode) == [0, 1, 2, 3, 4])
    }
}
