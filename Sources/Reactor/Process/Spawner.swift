import CTorsion
import Glibc

/// Starts a child with `posix_spawnp` (never `fork`: a Swift process has threads, and glibc's
/// `posix_spawn` uses `clone(CLONE_VM | CLONE_VFORK)`, so nothing of the parent runs in the child
/// before `exec`). The file actions come from ``SpawnPlan``; the child gets an empty signal mask and the
/// default disposition for every signal (the reactor thread blocks the signals it handles, and SIGPIPE is
/// ignored process-wide; neither should leak into the child, as Twisted resets ignored signals too).
enum Spawner {
    /// Spawns `executable` with the descriptors of `mapping` (child ← parent) and returns its pid.
    ///
    /// - Throws: ``ProcessSpawnError``; an `exec` failure (no such file, not executable) is reported here,
    ///   not by the child, because glibc's `posix_spawn` waits for the `exec`.
    static func spawn(
        executable: String, args: [String], env: [String: String]?, path: String?, mapping: [Int32: Int32]
    ) throws(ProcessSpawnError) -> pid_t {
        let failure = { (call: String, code: Int32) in
            ProcessSpawnError(
                executable: executable, detail: SystemCallError(call: call, errno: code).description, errno: code)
        }
        // Move sources that a dup2 could overwrite above the highest child descriptor.
        var plannedMapping = mapping
        var temporaries: [Int32] = []
        defer { temporaries.forEach { _ = Glibc.close($0) } }
        let floor = SpawnPlan.highestChildFD(mapping) + 1
        for source in SpawnPlan.sourcesToRelocate(mapping).sorted() {
            let moved = fcntl(source, F_DUPFD_CLOEXEC, floor)
            guard moved >= 0 else { throw failure("fcntl(F_DUPFD_CLOEXEC, \(source))", ctorsion_errno()) }
            temporaries.append(moved)
            for (child, parent) in mapping where parent == source {
                plannedMapping[child] = moved
            }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for action in SpawnPlan.actions(plannedMapping) {
            let result: Int32
            switch action {
            case .dup2(let from, let to): result = posix_spawn_file_actions_adddup2(&actions, from, to)
            case .close(let fd): result = posix_spawn_file_actions_addclose(&actions, fd)
            case .closeFrom(let lowest):
                let code = ctorsion_spawn_addclosefrom(&actions, lowest)
                // Without closefrom (glibc < 2.34) close-on-exec still protects Torsion's own descriptors.
                result = code == ENOSYS ? 0 : code
            }
            guard result == 0 else { throw failure("posix_spawn_file_actions", result) }
        }
        if let path {
            let result = ctorsion_spawn_addchdir(&actions, path)
            guard result == 0 else { throw failure("posix_spawn_file_actions_addchdir_np", result) }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        sigdelset(&everySignal, SIGKILL)
        sigdelset(&everySignal, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = CStringArray(args.isEmpty ? [executable] : args)
        let environment = env.map { CStringArray($0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }) }
        var pid: pid_t = 0
        let result = posix_spawnp(
            &pid, executable, &actions, &attributes, argv.pointers,
            environment?.pointers ?? ctorsion_environ())
        guard result == 0 else { throw failure("posix_spawnp", result) }
        return pid
    }
}

/// A NULL-terminated array of C strings, freed with the value.
private final class CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: count + 1)
        for (index, string) in strings.enumerated() {
            pointers[index] = strdup(string)
        }
        pointers[count] = nil
    }

    deinit {
        for index in 0..<count {
            free(pointers[index])
        }
        pointers.deallocate()
    }
}
