import Glibc

/// Where errors go that a Deferred held when it was released with nothing to consume them.
///
/// When a ``Deferred`` is deinitialised while its current result is an error (no errback handled it and
/// it was not handed to another Deferred), Torsion reports `Unhandled error in Deferred: <error>` here.
/// By default the message goes to standard error; ``setHandler(_:)`` replaces that for the whole process,
/// and ``capture(_:)`` collects the reports of one test without affecting tests running in parallel.
///
/// Twisted: the `"Unhandled error in Deferred:"` log event, and trial's `flushLoggedErrors`.
public enum UnhandledErrorLog {
    /// Receives each unhandled error. Called on the thread that released the Deferred.
    public typealias Handler = @Sendable (_ error: any Error) -> Void

    private static let handler = ConditionLock<Handler>(defaultHandler)

    /// Collects reports while a ``capture(_:)`` body runs in the current task.
    final class Collector: Sendable {
        let errors = ConditionLock<[any Error]>([])
    }

    @TaskLocal static var collector: Collector?

    /// The default handler: writes `Unhandled error in Deferred: <error>` to standard error.
    public static let defaultHandler: Handler = { error in
        StandardErrorStream.write("Unhandled error in Deferred: \(error)\n")
    }

    /// Replaces the process-wide handler; returns the previous one so it can be restored.
    @discardableResult
    public static func setHandler(_ newHandler: @escaping Handler) -> Handler {
        handler.withLock { current in
            let previous = current
            current = newHandler
            return previous
        }
    }

    /// Reports `error` to the capturing test if there is one, else to the handler.
    static func report(_ error: any Error) {
        if let collector {
            collector.errors.withLock { $0.append(error) }
        } else {
            handler.withLock { $0 }(error)
        }
    }

    /// Runs `body` and returns the unhandled errors reported while it ran in this task.
    ///
    /// Use it in tests to assert that code logs (or does not log) an unhandled error. Errors reported on
    /// other threads or tasks are not captured.
    public static func capture<R>(_ body: () throws -> R) rethrows -> (result: R, errors: [any Error]) {
        let collector = Collector()
        let result = try $collector.withValue(collector) { try body() }
        return (result, collector.errors.withLock { $0 })
    }

    /// Runs async `body` and returns the unhandled errors reported while it ran in this task.
    public static func capture<R>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> R
    ) async rethrows -> (result: R, errors: [any Error]) {
        let collector = Collector()
        let result = try await $collector.withValue(collector) { try await body() }
        return (result, collector.errors.withLock { $0 })
    }
}
