import Glibc

/// The `posix_spawn` file actions that give a child exactly the descriptors of its `childFDs` map: a pure
/// computation, tested as a value.
///
/// The mapping is child descriptor ← parent descriptor. The parent first moves every source descriptor
/// that is not above the highest child descriptor to a fresh number above it (``sourcesToRelocate(_:)``),
/// so that no `dup2` can overwrite a source another mapping still needs (Twisted's `_getFileActions`
/// solves the same puzzle inside the child, with temporary numbers). The actions are then: one `dup2` per
/// child descriptor (which also clears close-on-exec), a `close` for every number below the highest child
/// descriptor that the child must not have, and a `closefrom` above it, so nothing else leaks into the
/// child even if it lacks close-on-exec.
enum SpawnPlan {
    /// One `posix_spawn` file action.
    enum Action: Equatable {
        /// `posix_spawn_file_actions_adddup2(from, to)`.
        case dup2(from: Int32, to: Int32)
        /// `posix_spawn_file_actions_addclose(fd)`.
        case close(Int32)
        /// `posix_spawn_file_actions_addclosefrom_np(lowest)`.
        case closeFrom(Int32)
    }

    /// The highest child descriptor, or -1 for none.
    static func highestChildFD(_ mapping: [Int32: Int32]) -> Int32 {
        mapping.keys.max() ?? -1
    }

    /// The parent descriptors that must be moved above ``highestChildFD(_:)`` before spawning.
    static func sourcesToRelocate(_ mapping: [Int32: Int32]) -> Set<Int32> {
        let highest = highestChildFD(mapping)
        return Set(mapping.values.filter { $0 <= highest })
    }

    /// The file actions for `mapping`, whose sources must all be above its highest child descriptor.
    static func actions(_ mapping: [Int32: Int32]) -> [Action] {
        let highest = highestChildFD(mapping)
        precondition(mapping.values.allSatisfy { $0 > highest }, "SpawnPlan: relocate the sources first")
        var actions: [Action] = []
        for child in mapping.keys.sorted() {
            actions.append(.dup2(from: mapping[child]!, to: child))
        }
        if highest >= 0 {
            for fd in 0..<highest where mapping[fd] == nil {
                actions.append(.close(fd))
            }
        }
        actions.append(.closeFrom(highest + 1))
        return actions
    }
}
