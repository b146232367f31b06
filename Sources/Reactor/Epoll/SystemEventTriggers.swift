import Deferred

/// The startup and shutdown hooks of a reactor, run in three phases.
///
/// `before` hooks run first; a Deferred one of them returns delays the `during` phase until it fires
/// (an error is left in that Deferred, so it is reported as unhandled, and does not stop the event). Then the `during` hooks run, then `after`.
/// Reactor-confined.
///
/// Twisted: `twisted.internet.base._ThreePhaseEvent`.
final class SystemEventTriggers {
    private typealias Hook = (id: SystemEventTriggerID, body: () -> Deferred<Void>?)

    private var hooks: [SystemEvent: [SystemEventPhase: [Hook]]] = [:]
    private var nextNumber = 0

    /// Adds a hook; see `ReactorCore.addSystemEventTrigger`.
    func add(
        _ phase: SystemEventPhase, _ event: SystemEvent, _ body: @escaping () -> Deferred<Void>?
    ) -> SystemEventTriggerID {
        nextNumber += 1
        let id = SystemEventTriggerID(event: event, phase: phase, number: nextNumber)
        hooks[event, default: [:]][phase, default: []].append((id, body))
        return id
    }

    /// Removes a hook; unknown identifiers are ignored.
    func remove(_ id: SystemEventTriggerID) {
        hooks[id.event]?[id.phase]?.removeAll { $0.id == id }
    }

    /// Runs the three phases of `event`; `during` runs `builtIn` before the hooks (for shutdown: closing
    /// every connection), and `completion` runs after the `after` hooks.
    func fire(_ event: SystemEvent, builtIn: @escaping () -> Void = {}, completion: @escaping () -> Void) {
        let before = take(event, .before)
        var waiting: [Deferred<Void>] = []
        for hook in before {
            if let deferred = hook.body() {
                waiting.append(deferred)
            }
        }
        let continueWith = { [self] in
            builtIn()
            for hook in self.take(event, .during) { _ = hook.body() }
            for hook in self.take(event, .after) { _ = hook.body() }
            completion()
        }
        guard !waiting.isEmpty else {
            continueWith()
            return
        }
        var remaining = waiting.count
        for deferred in waiting {
            deferred.addBoth { (result: Result<Void, any Error>) throws -> Void in
                remaining -= 1
                if remaining == 0 {
                    continueWith()
                }
                // An error stays in the hook's Deferred, which reports it as unhandled when released.
                try result.get()
            }
        }
    }

    /// Removes and returns the hooks of one phase (hooks run once).
    private func take(_ event: SystemEvent, _ phase: SystemEventPhase) -> [Hook] {
        let list = hooks[event]?[phase] ?? []
        hooks[event]?[phase] = nil
        return list
    }
}

@available(*, unavailable)
extension SystemEventTriggers: Sendable {}
