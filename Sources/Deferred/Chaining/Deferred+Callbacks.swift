// The callback-adding methods. Those whose closures return `Value` (or `Deferred<Value>`) extend this
// chain and return `self`; those returning another type continue the chain in a new `Deferred<New>`.
//
// Overload ranking. Swift picks an overload before it checks a multi-statement closure's body, and a body
// without `return` fits any result type, so a closure such as `{ _ in log(); cleanUp() }` on a
// `Deferred<Void>` used to fit both the `Void`-returning form and the `Deferred<Void>`-returning one, and
// was ambiguous. The forms taking a closure that returns a same-typed Deferred are therefore generic over
// `DeferredConvertible`: their `D` is only known from a body that returns something, so a body without
// `return` rules them out, while a closure that does return a Deferred picks them as before (and they
// still return `self`). The type-changing `addCallbacks` is `@_disfavoredOverload`, so two closures
// returning Deferreds pick the same-type form.

extension Deferred {
    /// Adds a callback that receives the value; an error passes by it unchanged.
    ///
    /// Runs at once if the Deferred has fired and is not paused. A thrown error moves the chain to the
    /// error path. Returns `self`, so calls can be chained.
    ///
    /// Twisted: `Deferred.addCallback`.
    @inlinable
    @discardableResult
    public func addCallback(_ callback: @escaping (Value) throws -> Value) -> Deferred<Value> {
        append(.map(callback, nil))
        return self
    }

    /// Adds a callback that returns another Deferred: the chain waits for it and continues with its result.
    ///
    /// Twisted: `Deferred.addCallback` with a callback returning a Deferred.
    @inlinable
    @discardableResult
    public func addCallback<D: DeferredConvertible>(_ callback: @escaping (Value) throws -> D) -> Deferred<Value>
    where D.Value == Value {
        append(.flatMap({ try callback($0).asDeferred }, nil))
        return self
    }

    /// Adds an errback that receives the error; returning a value recovers the chain, throwing keeps it
    /// on the error path. A value passes by it unchanged.
    ///
    /// Twisted: `Deferred.addErrback` (`failure.trap(X)` becomes `guard error is X else { throw error }`).
    @inlinable
    @discardableResult
    public func addErrback(_ errback: @escaping (any Error) throws -> Value) -> Deferred<Value> {
        append(.map(nil, errback))
        return self
    }

    /// Adds an errback that returns a Deferred: the chain waits for it and continues with its result.
    @inlinable
    @discardableResult
    public func addErrback<D: DeferredConvertible>(_ errback: @escaping (any Error) throws -> D) -> Deferred<Value>
    where D.Value == Value {
        append(.flatMap(nil, { try errback($0).asDeferred }))
        return self
    }

    /// Adds a step that receives the value or the error.
    ///
    /// Twisted: `Deferred.addBoth`.
    @inlinable
    @discardableResult
    public func addBoth(_ body: @escaping (Result<Value, any Error>) throws -> Value) -> Deferred<Value> {
        append(.both(body))
        return self
    }

    /// Adds a step that receives the value or the error and returns a Deferred to wait for.
    @inlinable
    @discardableResult
    public func addBoth<D: DeferredConvertible>(_ body: @escaping (Result<Value, any Error>) throws -> D)
        -> Deferred<Value> where D.Value == Value
    {
        append(.flatBoth({ try body($0).asDeferred }))
        return self
    }

    /// Adds a callback and an errback as one step: the errback does not see errors thrown by the callback.
    ///
    /// Twisted: `Deferred.addCallbacks`.
    @inlinable
    @discardableResult
    public func addCallbacks(
        _ callback: @escaping (Value) throws -> Value, errback: @escaping (any Error) throws -> Value
    ) -> Deferred<Value> {
        append(.map(callback, errback))
        return self
    }

    /// Adds a callback and an errback, each returning a Deferred to wait for, as one step.
    @inlinable
    @discardableResult
    public func addCallbacks<C: DeferredConvertible, E: DeferredConvertible>(
        _ callback: @escaping (Value) throws -> C, errback: @escaping (any Error) throws -> E
    ) -> Deferred<Value> where C.Value == Value, E.Value == Value {
        append(.flatMap({ try callback($0).asDeferred }, { try errback($0).asDeferred }))
        return self
    }

    // MARK: - Type-changing steps

    /// Adds a callback that changes the value's type; the chain continues in the returned Deferred.
    ///
    /// Add further callbacks to the returned `Deferred<New>` (it may be ignored at the end of a chain,
    /// for example after a callback returning `Void`). This Deferred keeps its own result (a value
    /// of type `Value`); an error it held is handed on and no longer counts as unhandled here. Cancelling
    /// the returned Deferred cancels this one.
    @inlinable
    @discardableResult
    public func addCallback<New>(_ callback: @escaping (Value) throws -> New) -> Deferred<New> {
        continueChain { result in
            switch result {
            case .success(let value): return Result { try callback(value) }
            case .failure(let error): return .failure(error)
            }
        }
    }

    /// Adds a callback returning a `Deferred<New>`; the chain waits for it and continues with a `New`.
    @inlinable
    @discardableResult
    public func addCallback<New>(_ callback: @escaping (Value) throws -> Deferred<New>) -> Deferred<New> {
        continueChain { result in
            switch result {
            case .success(let value): return Result { try callback(value) }
            case .failure(let error): return .failure(error)
            }
        }
    }

    /// Adds a step that receives the value or the error and produces a value of another type.
    @inlinable
    @discardableResult
    public func addBoth<New>(_ body: @escaping (Result<Value, any Error>) throws -> New) -> Deferred<New> {
        continueChain { result in Result { try body(result) } }
    }

    /// Adds a step that receives the value or the error and returns a `Deferred<New>` to wait for.
    @inlinable
    @discardableResult
    public func addBoth<New>(_ body: @escaping (Result<Value, any Error>) throws -> Deferred<New>) -> Deferred<New> {
        continueChain { result in Result { try body(result) } }
    }

    /// Adds a callback and an errback that both produce a value of another type, as one step.
    @inlinable
    @discardableResult
    @_disfavoredOverload
    public func addCallbacks<New>(
        _ callback: @escaping (Value) throws -> New, errback: @escaping (any Error) throws -> New
    ) -> Deferred<New> {
        continueChain { result in
            switch result {
            case .success(let value): return Result { try callback(value) }
            case .failure(let error): return Result { try errback(error) }
            }
        }
    }

    /// Makes `other` fire with this chain's result at this point: Twisted's one-way `chainDeferred`.
    ///
    /// Equivalent to `addCallbacks(other.callback, errback: other.errback)`; this chain's error (if any)
    /// counts as handled. Unlike Twisted, this Deferred keeps its value for callbacks added later.
    ///
    /// Twisted: `Deferred.chainDeferred`.
    @inlinable
    public func chainDeferred(_ other: Deferred<Value>) {
        append(
            .handOff { result in
                _ = other.accept(result)
                return other
            })
    }

    /// Continues the chain in a new Deferred whose first result is `transform` of this chain's result.
    @inlinable
    func continueChain<New>(
        _ transform: @escaping (Result<Value, any Error>) -> Result<New, any Error>
    ) -> Deferred<New> {
        let next = Deferred<New>(canceller: { [weak self] _ in self?.cancel() })
        append(
            .handOff { result in
                next.receive(transform(result))
                return next
            })
        return next
    }

    /// Continues the chain in a new Deferred that waits for the Deferred `transform` returns.
    @inlinable
    func continueChain<New>(
        _ transform: @escaping (Result<Value, any Error>) -> Result<Deferred<New>, any Error>
    ) -> Deferred<New> {
        let next = Deferred<New>(canceller: { [weak self] _ in self?.cancel() })
        append(
            .handOff { result in
                switch transform(result) {
                case .failure(let error):
                    next.receive(.failure(error))
                    return next
                case .success(let inner):
                    return next.follow(inner)
                }
            })
        return next
    }

    /// Takes a result handed on by the previous link of a chain, unless this Deferred was cancelled first.
    @inlinable
    func receive(_ newResult: Result<Value, any Error>) {
        guard result == nil else {
            // Cancelled (and failed) before the chain reached it: the late result is dropped, as Twisted
            // drops the one late fire after cancelling.
            return
        }
        canceller = nil
        result = newResult
    }

    /// Makes this unfired Deferred take over `inner`'s result when it comes; returns the link to run next.
    @inlinable
    func follow(_ inner: Deferred<Value>) -> any _ChainLink {
        guard result == nil else { return self }
        canceller = nil
        waitingOn = inner
        // Appended without running: the caller's loop runs `inner` next, so nesting uses no stack.
        inner.steps.append(
            .handOff { [self] innerResult in
                self.waitingOn = nil
                self.receive(innerResult)
                return self
            })
        return inner
    }
}

/// A value that stands for a `Deferred<Value>`: only ``Deferred`` conforms.
///
/// It exists for overload ranking: the callback forms that take a closure returning a same-typed Deferred
/// are generic over it, so that Swift chooses them only for closures whose body returns one (see the note
/// at the top of Deferred+Callbacks.swift). Do not conform other types.
public protocol DeferredConvertible<Value> {
    /// The type of the Deferred's value.
    associatedtype Value
    /// The Deferred itself.
    var asDeferred: Deferred<Value> { get }
}

extension Deferred: DeferredConvertible {
    /// `self`.
    @inlinable
    public var asDeferred: Deferred<Value> { self }
}
