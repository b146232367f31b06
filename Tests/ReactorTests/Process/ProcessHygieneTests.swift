import Deferred
import Glibc
import Testing
@testable import Reactor

/// The descriptors this process has open, as "fd=target" ("5=pipe:[4711]", "9=anon_inode:[pidfd]"), so that
/// a descriptor closed and its number reused shows up as a new entry. Timerfds are left out: libdispatch
/// creates one lazily at some point of a test run (Torsion never does).
func openDescriptors() -> Set<String> {
    var open: Set<String> = []
    for fd in 0..<1024 {
        var buffer = [CChar](repeating: 0, count: 256)
        let length = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard length > 0 else { continue }
        let target = String(decoding: buffer[..<length].map(UInt8.init), as: UTF8.self)
        if !target.contains("timerfd") { open.insert("\(fd)=\(target)") }
    }
    return open
}

@Suite("Child processes leave no zombie and no descriptor behind")
struct ProcessHygieneTests {
    /// Runs in a child process of the test (an exit test), where nothing else opens descriptors or spawns
    /// children: twelve children that end in every way (clean exit, exit code, killed, killing themselves,
    /// closing their outputs early, never reading stdin, echoing, a failed spawn), then checks that no
    /// descriptor was left open (none in /proc/self/fd that was not there before: the test framework may
    /// close some of its own meanwhile) and that no child is left, exited or not (waitpid gives ECHILD).
    @Test func everyEndingIsReapedAndClosed() async {
        await #expect(processExitsWith: .success) {
            let verdict = try await Self.spawnEveryKindOfChild(throughSIGCHLD: false)
            // An issue recorded in the child is reported by the parent, with the verdict.
            #expect(verdict == "ok", "\(verdict)")
        }
    }

    /// The same with the SIGCHLD reaper that kernels without pidfds use.
    @Test func everyEndingIsReapedAndClosedThroughSIGCHLD() async {
        await #expect(processExitsWith: .success) {
            let verdict = try await Self.spawnEveryKindOfChild(throughSIGCHLD: true)
            #expect(verdict == "ok", "\(verdict)")
        }
    }

    /// A reactor that stops while its child still runs hands it to a background reaper: the child (a `cat`
    /// whose stdin closes at shutdown) ends and disappears instead of staying a zombie.
    @Test func childrenOutlivingTheReactorAreStillReaped() async {
        await #expect(processExitsWith: .success) {
            let reactor = try! EpollReactor()
            let transport = try! reactor.spawnProcess(protocol: RecordingProcess(), executable: "/bin/cat")
            let pid = transport.pid!
            reactor.callWhenRunning { try! reactor.stop() }
            try! reactor.run(installSignalHandlers: false)
            #expect(transport.pid == nil)
            #expect(throws: ProcessExitedAlready.self) { try transport.signalProcess("TERM") }
            // Gone once reaped (a zombie still answers kill 0). A bounded wait, not a sleep.
            let deadline = EpollReactor.monotonicNow() + .seconds(10)
            while kill(pid, 0) == 0, EpollReactor.monotonicNow() < deadline {
                sched_yield()
            }
            #expect(kill(pid, 0) == -1 && errno == ESRCH, "child \(pid) was not reaped")
        }
    }

    /// Spawns the children on a new reactor and returns "ok" or what went wrong.
    static func spawnEveryKindOfChild(throughSIGCHLD: Bool) async throws -> String {
        try await runReactor(timeout: .seconds(30)) { reactor -> Deferred<String> in
            reactor.subsystems.forceSignalReaping = throughSIGCHLD
            // The SIGCHLD reaper reads signals through the reactor's signalfd, which lives as long as the
            // reactor: open it before counting.
            if throughSIGCHLD { _ = try reactor.signalWatcher() }
            let before = openDescriptors()
            var ends: [Deferred<ProcessEvents>] = []
            func spawn(_ args: [String], childFDs: [Int32: ChildFD]? = nil, _ drive: (any ProcessTransport) -> Void = { _ in })
                throws
            {
                let recorder = RecordingProcess()
                let transport = try reactor.spawnProcess(
                    protocol: recorder, executable: args[0], args: args, childFDs: childFDs)
                drive(transport)
                ends.append(recorder.ended)
            }
            try spawn(["/bin/echo", "hi"])
            try spawn(["/bin/sh", "-c", "exit 3"])
            try spawn(["/bin/sleep", "30"]) { try? $0.signalProcess("KILL") }
            try spawn(["/bin/sleep", "30"]) { try? $0.signalProcess("TERM") }
            try spawn(["/bin/sh", "-c", "kill -9 $$"])
            try spawn(["/bin/sh", "-c", "exec >&- 2>&-; exit 0"])
            try spawn(["/bin/true"]) { $0.write([UInt8](repeating: 1, count: 1 << 20)) }
            try spawn(["/bin/cat"]) { transport in
                transport.write([UInt8](repeating: 2, count: 300_000))
                transport.closeStdin()
            }
            try spawn(["/bin/sh", "-c", "echo x >&3"], childFDs: [3: .read, 5: .write])
            try spawn(["/bin/sh", "-c", "cat >/dev/null"]) { $0.loseConnection() }
            try spawn(["/bin/sh", "-c", "exit 0"], childFDs: [:])
            let failed = (try? reactor.spawnProcess(protocol: RecordingProcess(), executable: "/nonexistent/x")) == nil
            return Deferred.gatherResults(ends).addCallback { records -> String in
                let leaked = openDescriptors().subtracting(before)
                var status: Int32 = 0
                let waited = waitpid(-1, &status, WNOHANG)
                let noChildren = waited == -1 && errno == ECHILD
                let allEnded = records.count == 11 && records.allSatisfy { $0.lifecycle.last == "ended" }
                if leaked.isEmpty && noChildren && allEnded && failed { return "ok" }
                return "leaked \(leaked.sorted()), waitpid \(waited) errno \(errno), ended \(allEnded), spawn failure \(failed)"
            }
        }
    }
}

@Suite("getProcessOutput, getProcessValue, getProcessOutputAndValue with real children")
struct ProcessOutputTests {
    @Test func outputOfEcho() async throws {
        let output = try await runReactor { reactor in
            getProcessOutput(reactor: reactor, executable: "/bin/echo", args: ["from", "echo"])
        }
        #expect(output == Array("from echo\n".utf8))
    }

    @Test func errortooMergesStandardError() async throws {
        let output = try await runReactor { reactor in
            getProcessOutput(reactor: reactor, executable: "/bin/sh", args: ["-c", "echo out; echo err >&2"], errortoo: true)
        }
        #expect(String(decoding: output, as: UTF8.self).split(separator: "\n").sorted() == ["err", "out"])
    }

    @Test func standardErrorFailsWithoutErrortoo() async throws {
        let text = try await runReactor { reactor in
            getProcessOutput(reactor: reactor, executable: "/bin/sh", args: ["-c", "echo bad >&2; exec cat"])
                .addCallbacks({ _ in "no error" }, errback: { error in "\(error)" })
        }
        #expect(text == "got stderr: bad\n")
    }

    @Test func valueOfExit() async throws {
        let code = try await runReactor { reactor in
            getProcessValue(reactor: reactor, executable: "/bin/sh", args: ["-c", "exit 7"])
        }
        #expect(code == 7)
    }

    @Test func outputAndValueWithStdin() async throws {
        let result = try await runReactor { reactor in
            getProcessOutputAndValue(reactor: reactor, executable: "/bin/cat", stdinBytes: Array("fed to cat".utf8))
        }
        #expect(result == ProcessOutputAndValue(out: Array("fed to cat".utf8), err: [], code: 0))
    }

    @Test func outputAndValueOfASignalledChild() async throws {
        let signal = try await runReactor { reactor in
            getProcessOutputAndValue(reactor: reactor, executable: "/bin/sh", args: ["-c", "echo partial; kill -TERM $$"])
                .addCallbacks({ _ -> Int32 in -1 }, errback: { error -> Int32 in
                    guard let signalled = error as? ProcessOutputSignal, signalled.out == Array("partial\n".utf8) else {
                        return -2
                    }
                    return signalled.signal
                })
        }
        #expect(signal == SIGTERM)
    }

    @Test func spawnFailureFailsTheDeferred() async throws {
        let failed = try await runReactor { reactor in
            getProcessValue(reactor: reactor, executable: "/nonexistent/y")
                .addCallbacks({ _ in false }, errback: { $0 is ProcessSpawnError })
        }
        #expect(failed)
    }
}
