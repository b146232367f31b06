// A small process supervisor: runs a command, echoes its output line by line with its pid, and restarts it
// with exponential backoff whenever it exits; a run that lasted long enough resets the backoff. SIGINT or
// SIGTERM stop it cleanly: the child gets SIGTERM (then SIGKILL if it lingers), and the reactor stops once
// the child has ended.
//
//   swift run supervisor                          # a demo child that fails three times, then succeeds
//   swift run supervisor -- /bin/sh -c 'date; sleep 2; exit 3'
//   swift run supervisor --max-restarts 10 -- /usr/bin/some-daemon --flag
import Deferred
import Glibc
import Reactor

/// Collects a child's output into lines and reports them with the child's pid; tells the supervisor when
/// the child has ended (exited and its pipes closed).
final class SupervisedChild: ProcessProtocol {
    var transport: (any ProcessTransport)?
    let ended = Deferred<any ProcessExitReason>()
    private var partial: [Int32: [UInt8]] = [:]
    private var pid: Int32 = 0

    func connectionMade() {
        pid = transport?.pid ?? 0
        transport?.closeStdin()  // the child gets end of file on stdin
    }

    func childDataReceived(fd: Int32, data: [UInt8]) {
        partial[fd, default: []] += data
        while let newline = partial[fd]!.firstIndex(of: 10) {
            let line = String(decoding: partial[fd]![..<newline], as: UTF8.self)
            partial[fd]!.removeSubrange(...newline)
            print("[\(pid)\(fd == 2 ? " stderr" : "")] \(line)")
        }
    }

    func processEnded(reason: any ProcessExitReason) {
        ended.callback(reason)
    }
}

/// Starts the command, restarts it with backoff, stops it on request. Reactor-confined.
final class Supervisor {
    let reactor: EpollReactor
    let command: [String]
    let maxRestarts: Int?
    /// The first delay before a restart, doubled after each quick failure up to `maxBackoff`.
    let initialBackoff = Duration.milliseconds(250)
    let maxBackoff = Duration.seconds(30)
    /// A run at least this long counts as healthy: the next restart waits `initialBackoff` again.
    let healthyRun = Duration.seconds(10)

    private var backoff: Duration
    private var restarts = 0
    private var current: (child: SupervisedChild, transport: any ProcessTransport)?
    private var pendingRestart: DelayedCall?
    private var stopping = false
    let finished = Deferred<Void>()

    /// How the command is named in messages.
    let label: String

    init(reactor: EpollReactor, command: [String], label: String, maxRestarts: Int?) {
        self.reactor = reactor
        self.command = command
        self.label = label
        self.maxRestarts = maxRestarts
        backoff = initialBackoff
    }

    func start() {
        let child = SupervisedChild()
        let started = reactor.now
        do {
            let transport = try reactor.spawnProcess(
                protocol: child, executable: command[0], args: command, env: nil)
            current = (child, transport)
            print("supervisor: started \(label) as pid \(transport.pid ?? 0)")
        } catch {
            print("supervisor: \(error)")
            scheduleRestart(ranFor: .zero)
            return
        }
        _ = child.ended.addCallback { [self] (reason: any ProcessExitReason) -> Void in
            self.current = nil
            print("supervisor: child ended: \(reason)")
            self.scheduleRestart(ranFor: self.reactor.now - started, exitedCleanly: reason is ProcessDone)
        }
    }

    private func scheduleRestart(ranFor duration: Duration, exitedCleanly: Bool = false) {
        if stopping {
            finished.callback(())
            return
        }
        if exitedCleanly && maxRestarts != nil {
            print("supervisor: the child succeeded; done")
            finished.callback(())
            return
        }
        if let maxRestarts, restarts >= maxRestarts {
            print("supervisor: giving up after \(restarts) restarts")
            finished.callback(())
            return
        }
        if duration >= healthyRun { backoff = initialBackoff }
        restarts += 1
        print("supervisor: restart \(restarts) in \(backoff)")
        pendingRestart = reactor.callLater(backoff) { [self] in
            self.pendingRestart = nil
            self.start()
        }
        backoff = min(backoff * 2, maxBackoff)
    }

    /// Stops supervising: cancels a pending restart, or sends the child SIGTERM, then SIGKILL after 5 s.
    /// Fires `finished` once the child has ended.
    func stop() -> Deferred<Void> {
        stopping = true
        if let pendingRestart {
            try? pendingRestart.cancel()
            self.pendingRestart = nil
            if !finished.isCalled { finished.callback(()) }
        } else if let current {
            print("supervisor: stopping pid \(current.transport.pid ?? 0)")
            try? current.transport.signalProcess("TERM")
            let kill = reactor.callLater(.seconds(5)) { try? current.transport.signalProcess("KILL") }
            _ = finished.addCallback { (_: Void) -> Void in try? kill.cancel() }
        }
        return finished
    }
}

// MARK: - The program

var arguments = Array(CommandLine.arguments.dropFirst())
var maxRestarts: Int? = nil
if let index = arguments.firstIndex(of: "--max-restarts"), index + 1 < arguments.count {
    maxRestarts = Int(arguments[index + 1])
    arguments.removeSubrange(index...(index + 1))
}
if arguments.first == "--" { arguments.removeFirst() }
var command = arguments
var label = command.joined(separator: " ")
if command.isEmpty {
    label = "the demo child (fails three times)"
    // The demo: a child that fails until its fourth run (it counts runs in a file), then succeeds.
    let counter = "/tmp/torsion-supervisor-demo-\(getpid())"
    command = [
        "/bin/sh", "-c",
        "n=$(cat \(counter) 2>/dev/null || echo 0); n=$((n+1)); echo $n > \(counter); "
            + "echo \"run $n\"; if [ $n -lt 4 ]; then echo 'failing' >&2; exit 1; fi; rm -f \(counter); echo ok",
    ]
    maxRestarts = maxRestarts ?? 5
}

let reactor = try EpollReactor()
let supervisor = Supervisor(reactor: reactor, command: command, label: label, maxRestarts: maxRestarts)
// SIGINT/SIGTERM: stop the child first, then the reactor (run() would stop the reactor directly).
for signal in [SIGINT, SIGTERM] {
    try reactor.addSignalHandler(signal) { number in
        print("supervisor: got SIG\(SignalNames.name(of: number) ?? "?")")
        _ = supervisor.stop()
    }
}
_ = supervisor.finished.addCallback { (_: Void) -> Void in try? reactor.stop() }
reactor.callWhenRunning { supervisor.start() }
try reactor.run(installSignalHandlers: false)
