import CTorsion
import Glibc

/// Reaps the children of a reactor that stopped before they exited, so that none of them stays a zombie
/// for the rest of the process's life (Twisted leaves them; a zombie also confuses code that waits for
/// "any child", such as Swift Testing's exit-test monitor).
///
/// When `run()` returns (or the reactor is dropped without running), each unreaped child is marked as
/// handed over (its transport then reports no `pid` and refuses signals, since the pid may be reused once
/// reaped) and one detached thread waits for them in turn with a blocking `waitpid(pid)`, a call that may
/// block because it runs on no reactor. Only these pids are waited for, never "any child".
enum ChildReaperOfLastResort {
    /// Hands `processes` to a background thread that reaps them.
    static func adopt(_ processes: [EpollProcess]) {
        let pids = processes.compactMap { $0.handOver() }
        guard !pids.isEmpty else { return }
        let thread = PosixThread.spawn(name: "torsion-reaper") {
            for pid in pids {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && ctorsion_errno() == EINTR {}
            }
        }
        pthread_detach(thread)
    }
}

extension EpollReactor {
    /// Gives the children still running to ``ChildReaperOfLastResort`` (`run()` calls this as it returns).
    func handOverUnreapedChildren() {
        let children = Array(subsystems.unreapedChildren.values)
        subsystems.unreapedChildren.removeAll()
        ChildReaperOfLastResort.adopt(children)
    }
}
