import Deferred

/// The startup and shutdown triggers of one reactor, and the three-phase logic that runs them.
///
/// A building block for reactor implementations (the epoll reactor and ``MemoryReactorClock``), not for
/// applications, which use ``ReactorCore/addSystemEventTrigger(_:_:_:)``.
///
/// ``fire(_:completion:)`` runs, for one event: every `before` trigger (in the order added, including
/// ones added while this phase runs), then waits for all the Deferreds they returned, then every
/// `during` trigger, then every `after` trigger, then `completion`. Each trigger runs at most once: it is
/// removed from its list as it runs. A failed `before` Deferred does not stop the event; its error is
/// left in that Deferred, where the Deferred module reports it as unhandled.
///
/// Threading: not Sendable; reactor thread only.
///
/// Twisted: `twisted.internet.base._ThreePhaseEvent`.
public final class SystemEventTriggers {
    private typealias Entry = (number: Int, body: () -> Deferred<Void>?)
    private var lists: [SystemEvent: [SystemEventPhase: [Entry]]] = [:]
    private var nextNumber = 0

    /// Creates an empty set of triggers.
    public init() {}

    /// Adds a trigger; see ``ReactorCore/addSystemEventTrigger(_:_:_:)``.
    @discardableResult
    public func add(
        _ phase: SystemEventPhase, _ event: SystemEvent, _ body: @escaping () -> Deferred<Void>?
    ) -> SystemEventTriggerID {
        nextNumber += 1
        lists[event, default: [:]][phase, default: []].append((nextNumber, body))
        return SystemEventTriggerID(event: event, phase: phase, number: nextNumber)
    }

    /// Removes a trigger that has not run yet; unknown or already-run identifiers are ignored.
    public func remove(_ id: SystemEventTriggerID) {
        lists[id.event]?[id.phase]?.removeAll { $0.number == id.number }
    }

    /// How many triggers are waiting for `event` in `phase`.
    public func count(_ phase: SystemEventPhase, _ event: SystemEvent) -> Int {
        lists[event]?[phase]?.count ?? 0
    }

    /// Runs the triggers of `event` phase by phase, then calls `completion`.
    ///
    /// `completion` runs synchronously unless a `before` trigger returned a Deferred that has not fired.
    public func fire(_ event: SystemEvent, completion: @escaping () -> Void) {
        var waiting = 1  // the guard released below, so completion runs once, after all Deferreds
        var released = false
        let proceed = { [self] in
            waiting -= 1
            guard waiting == 0, !released else { return }
            released = true
            runPhase(.during, event)
            runPhase(.after, event)
            completion()
        }
        while let entry = popFirst(.before, event) {
            guard let deferred = entry.body() else { continue }
            waiting += 1
            // Rethrowing keeps a failure in the trigger's Deferred, so it is reported as unhandled there.
            deferred.addBoth { result in
                proceed()
                return try result.get()
            }
        }
        proceed()
    }

    private func runPhase(_ phase: SystemEventPhase, _ event: SystemEvent) {
        while let entry = popFirst(phase, event) {
            _ = entry.body()
        }
    }

    private func popFirst(_ phase: SystemEventPhase, _ event: SystemEvent) -> Entry? {
        guard let list = lists[event]?[phase], !list.isEmpty else { return nil }
        return lists[event]?[phase]?.removeFirst()
    }
}

@available(*, unavailable)
extension SystemEventTriggers: Sendable {}
