// `run(_:)` of DeferredLock and DeferredSemaphore: acquire, call the body, release when its result is in.

/// Runs `body` once `acquired` fires with the primitive, then releases it when `body`'s result is in.
///
/// The release happens before the returned Deferred fires, whatever the outcome; a body that throws is
/// treated as one returning a failed Deferred.
func runHolding<P, T>(
    _ acquired: Deferred<P>, release: @escaping (P) -> Void, _ body: @escaping () throws -> Deferred<T>
) -> Deferred<T> {
    acquired.addCallback { (primitive: P) -> Deferred<T> in
        Deferred<T>.maybeDeferred(body).addBoth { (result: Result<T, any Error>) throws -> T in
            release(primitive)
            return try result.get()
        }
    }
}

/// Runs `body` once `acquired` fires with the primitive, and releases it right after `body` returns or throws.
func runHolding<P, T>(
    _ acquired: Deferred<P>, release: @escaping (P) -> Void, _ body: @escaping () throws -> T
) -> Deferred<T> {
    // Granted at once (the acquire Deferred is fresh, so no one else has a step on it): run now.
    if case .success(let primitive)? = acquired.result, acquired.steps.isEmpty {
        defer { release(primitive) }
        return Deferred(result: Result { try body() })
    }
    return acquired.addCallback { (primitive: P) throws -> T in
        defer { release(primitive) }
        return try body()
    }
}
