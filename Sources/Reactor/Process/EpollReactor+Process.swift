import Deferred
import CTorsion
import Glibc

extension EpollReactor: ReactorProcess {
    /// Starts a child process with `posix_spawnp` and returns its transport; see
    /// ``ReactorProcess/spawnProcess(protocol:executable:args:env:path:childFDs:)``.
    ///
    /// Each ``ChildFD/read`` or ``ChildFD/write`` entry gets a close-on-exec pipe whose parent end is
    /// non-blocking; the child's end is duplicated into place and closed in the parent after the spawn. The
    /// child is reaped through a pidfd (`pidfd_open`, Linux 5.3+) registered with the epoll set, or
    /// through SIGCHLD on older kernels: the loop never blocks in `waitpid`, and no exited child stays a
    /// zombie while the reactor runs.
    ///
    /// - Throws: ``ProcessSpawnError``.
    ///
    /// Twisted: `IReactorProcess.spawnProcess` (`posix_spawnp` path of `twisted.internet.process.Process`).
    @discardableResult
    public func spawnProcess(
        protocol processProtocol: any ProcessProtocol, executable: String, args: [String], env: [String: String]?,
        path: String?, childFDs: [Int32: ChildFD]?
    ) throws -> any ProcessTransport {
        preconditionInReactorThread()
        let fds = childFDs ?? ChildFD.standard
        let failure = { (detail: String, errno: Int32?) in
            ProcessSpawnError(executable: executable, detail: detail, errno: errno)
        }
        guard fds.keys.allSatisfy({ $0 >= 0 }) else { throw failure("child descriptors must not be negative", nil) }

        // Pipes: the parent's ends (kept) and the child's ends (closed once the child has them).
        var mapping: [Int32: Int32] = [:]
        var parentEnds: [(childFD: Int32, kind: ChildFD, descriptor: SocketDescriptor)] = []
        var childEnds: [SocketDescriptor] = []
        for (childFD, kind) in fds.sorted(by: { $0.key < $1.key }) {
            switch kind {
            case .inherit(let parentFD):
                mapping[childFD] = parentFD
            case .read, .write:
                var ends: [Int32] = [-1, -1]
                guard ctorsion_pipe_cloexec(&ends) == 0 else {
                    let code = ctorsion_errno()
                    throw failure(SystemCallError(call: "pipe2", errno: code).description, code)
                }
                let (readEnd, writeEnd) = (SocketDescriptor(owning: ends[0]), SocketDescriptor(owning: ends[1]))
                let (parent, child) = kind == .read ? (readEnd, writeEnd) : (writeEnd, readEnd)
                _ = fcntl(parent.fd, F_SETFL, fcntl(parent.fd, F_GETFL) | O_NONBLOCK)
                mapping[childFD] = child.fd
                parentEnds.append((childFD, kind, parent))
                childEnds.append(child)
            }
        }
        let pid = try Spawner.spawn(executable: executable, args: args, env: env, path: path, mapping: mapping)
        childEnds.forEach { $0.close() }

        let process = EpollProcess(
            reactor: self, pid: pid, pipes: Set(parentEnds.map(\.childFD)), protocol: processProtocol)
        for end in parentEnds {
            do {
                try process.attach(childFD: end.childFD, kind: end.kind, descriptor: end.descriptor)
            } catch {
                // Not expected (epoll_ctl on a fresh pipe); the pipe is reported lost like any other.
                end.descriptor.close()
                callSoon { process.pipeClosed(end.childFD) }
            }
        }
        subsystems.unreapedChildren[pid] = process
        startReaping(process)
        processProtocol.makeConnection(process)
        return process
    }

    /// Watches `process` for its exit: through a pidfd, or SIGCHLD where pidfds are unavailable.
    private func startReaping(_ process: EpollProcess) {
        if !subsystems.forceSignalReaping {
            let pidfd = ctorsion_pidfd_open(process.spawnedPID)
            if pidfd >= 0 {
                if (try? PidfdReaper(reactor: self, pidfd: pidfd, process: process)) != nil { return }
                _ = Glibc.close(pidfd)
            }
        }
        let watcher = subsystems.childWatcher ?? ChildWatcher(reactor: self)
        subsystems.childWatcher = watcher
        do {
            try watcher.watch(process)
        } catch {
            StandardErrorStream.write("spawnProcess: cannot watch child \(process.spawnedPID) (\(error)); it will not be reaped\n")
        }
    }
}
