import CTorsion
import Glibc

/// Starts and joins plain pthreads (the reactor module does not use Foundation's `Thread`).
package enum PosixThread {
    /// The closure a new thread runs, boxed so it can pass through `pthread_create`'s context pointer.
    private final class Start: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts a joinable thread running `body`; `name` (at most 15 bytes) shows up in debuggers and `top`.
    package static func spawn(name: String, _ body: @escaping @Sendable () -> Void) -> pthread_t {
        let context = Unmanaged.passRetained(Start {
            ctorsion_set_thread_name(name)
            body()
        }).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
            start.body()
            return nil
        }, context)
        precondition(result == 0, "pthread_create failed with \(result)")
        return thread
    }

    /// Waits for `thread` to finish.
    package static func join(_ thread: pthread_t) {
        _ = pthread_join(thread, nil)
    }
}
