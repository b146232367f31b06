// The machinery shared by the combinators (`DeferredList`, `gatherResults`, `firstSuccess`, `race`): watch
// every member Deferred, decide when the combined Deferred fires, and cancel the members on request.

extension Deferred {
    /// Appends a step that shows this Deferred's result, as it is at this point of the chain, to `observer`,
    /// and leaves the result unchanged for the steps after it.
    ///
    /// With `consumeErrors`, an error seen here counts as handled: it is not reported as unhandled when this
    /// Deferred is released (Twisted turns it into `None`; Torsion keeps it, typed, for later errbacks).
    /// Without it, an error stays this Deferred's to report, as after any step that lets it pass.
    ///
    /// `observer` may return a Deferred it has just given a result to; the running loop advances that one
    /// next, so a combinator firing does not nest a second chain loop.
    func attachObserver(
        consumeErrors: Bool, _ observer: @escaping (Result<Value, any Error>) -> (any _ChainLink)?
    ) {
        // `unowned`: the step is stored in, and only run by, this Deferred.
        append(
            .handOff { [unowned self] result in
                if !consumeErrors, case .failure = result {
                    self.errorHandedOff = false
                }
                return observer(result)
            })
    }
}

/// One combinator at work: the members it watches and the Deferred it fires once.
///
/// Subclasses say, member by member, whether the combined Deferred fires now (``record(_:at:)``). The
/// combination holds the members (to cancel them) and the target until the target fires; the members hold
/// the combination (through their observer step) until they fire. A member that is dropped unfired keeps
/// this cycle alive, as an unfired member keeps the combined Deferred waiting in any case.
class Combination<Member, Output> {
    /// The members, kept to cancel them; emptied when the target fires.
    private var members: [Deferred<Member>]
    /// The combined Deferred; `nil` once it has been given its result.
    private var target: Deferred<Output>?
    /// How many members the combination started with.
    let count: Int

    init(_ members: [Deferred<Member>]) {
        self.members = members
        self.count = members.count
    }

    /// Watches every member; `target` fires as soon as ``record(_:at:)`` returns a result.
    ///
    /// Members that have already fired are recorded at once, in input order, so the target may have fired
    /// when this returns. Once it has, later member results are still observed (and their errors consumed if
    /// asked) but ignored.
    final func start(target: Deferred<Output>, consumeErrors: Bool) {
        self.target = target
        for (index, member) in members.enumerated() {
            member.attachObserver(consumeErrors: consumeErrors) { [self] outcome in
                self.memberFired(outcome, at: index)
            }
        }
    }

    /// Cancels every member, in input order (Twisted: `DeferredList.cancel`). Called by the target's canceller,
    /// so only while the target has not fired.
    final func cancelMembers() {
        for member in members {
            member.cancel()
        }
    }

    private func memberFired(_ outcome: Result<Member, any Error>, at index: Int) -> (any _ChainLink)? {
        guard let target, let output = record(outcome, at: index) else { return nil }
        self.target = nil
        let members = self.members
        self.members = []
        willFire(members: members, decidedBy: index)
        // The target may already hold a result: cancelled, and its members did not fire it.
        guard !target.isCalled else { return nil }
        target.receive(output)
        return target
    }

    /// Records one member's result; returns the target's result when it should fire now, else `nil`.
    func record(_ outcome: Result<Member, any Error>, at index: Int) -> Result<Output, any Error>? {
        preconditionFailure("Combination.record(_:at:) must be overridden")
    }

    /// Called once the target's result is decided, just before it fires (``race`` cancels the losers here).
    func willFire(members: [Deferred<Member>], decidedBy index: Int) {}
}
