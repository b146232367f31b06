/// A Deferred of any value type, as seen by the loop that runs chains.
///
/// Not API: public only because ``Deferred`` stores it; do not conform your own types.
public protocol _ChainLink: AnyObject {
    /// Runs pending steps until the chain ends, pauses, or hands its result to another link, which is
    /// returned so the caller's loop runs it next (and comes back here afterwards).
    func _advance() -> (any _ChainLink)?
    /// Cancels this link (forwarded by an outer Deferred waiting on it).
    func cancel()
}

extension Deferred: _ChainLink {
    /// Runs this chain and every chain it hands a result to, with an explicit stack instead of recursion.
    @inlinable
    func runCallbacks() {
        guard let first = advanceSteps() else { return }
        var stack: [any _ChainLink] = [self]
        var current: any _ChainLink = first
        while true {
            if let next = current._advance() {
                stack.append(current)
                current = next
            } else if let previous = stack.popLast() {
                current = previous
            } else {
                return
            }
        }
    }

    public func _advance() -> (any _ChainLink)? {
        advancer(self)
    }

    /// What ``_advance()`` does, for the chain runner and the ``advancer``.
    @inlinable
    func advanceSteps() -> (any _ChainLink)? {
        guard !isRunning, pauseCount == 0, var current = result else { return nil }
        isRunning = true
        defer { isRunning = false }
        // A callback may pause this Deferred; the loop then stops and `unpause()` resumes it.
        while cursor < steps.count, pauseCount == 0 {
            let step = steps[cursor]
            cursor += 1
            let inner: Deferred<Value>
            switch step {
            case .map(let onValue, let onError):
                switch current {
                case .success(let value):
                    guard let onValue else { continue }
                    current = Result { try onValue(value) }
                case .failure(let error):
                    guard let onError else { continue }
                    current = Result { try onError(error) }
                }
                setResult(current)
                continue
            case .both(let body):
                current = Result { try body(current) }
                setResult(current)
                continue
            case .flatMap(let onValue, let onError):
                do {
                    switch current {
                    case .success(let value):
                        guard let onValue else { continue }
                        inner = try onValue(value)
                    case .failure(let error):
                        guard let onError else { continue }
                        inner = try onError(error)
                    }
                } catch {
                    current = .failure(error)
                    setResult(current)
                    continue
                }
            case .flatBoth(let body):
                do {
                    inner = try body(current)
                } catch {
                    current = .failure(error)
                    setResult(current)
                    continue
                }
            case .handOff(let deliver):
                errorHandedOff = true
                if let next = deliver(current) {
                    return next
                }
                continue
            }
            if let taken = takeResult(of: inner) {
                current = taken
                setResult(current)
                continue
            }
            return wait(on: inner)
        }
        if cursor == steps.count {
            steps.removeAll()
            cursor = 0
        }
        return nil
    }

    /// Records a result produced by a step of this chain (so an error in it is this chain's to report).
    @inlinable
    func setResult(_ newResult: Result<Value, any Error>) {
        result = newResult
        errorHandedOff = false
    }

    /// The result of `inner` when it can be taken over at once (fired, not paused, nothing pending).
    @inlinable
    func takeResult(of inner: Deferred<Value>) -> Result<Value, any Error>? {
        precondition(inner !== self, "a callback returned the Deferred it was attached to")
        guard let innerResult = inner.result, inner.pauseCount == 0, !inner.isRunning,
            inner.cursor >= inner.steps.count
        else { return nil }
        inner.errorHandedOff = true
        return innerResult
    }

    /// Pauses this chain until `inner` fires; returns `inner` if it can run now.
    @inlinable
    func wait(on inner: Deferred<Value>) -> (any _ChainLink)? {
        pauseCount += 1
        waitingOn = inner
        inner.steps.append(
            .handOff { [self] innerResult in
                self.result = innerResult
                self.errorHandedOff = false
                self.waitingOn = nil
                self.pauseCount -= 1
                return self
            })
        return inner.result != nil ? inner : nil
    }
}
