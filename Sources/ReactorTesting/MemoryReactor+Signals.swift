import Reactor
extension MemoryReactorClock {
    /// Records the handler; ``deliverSignal(_:)`` calls it.
    @discardableResult
    public func addSignalHandler(_ signal: Int32, _ handler: @escaping (Int32) -> Void) throws -> SignalHandlerID {
        otherRecords.nextSignalHandlerNumber += 1
        let id = SignalHandlerID(signal: signal, number: otherRecords.nextSignalHandlerNumber)
        otherRecords.signalHandlers.append((id, handler))
        return id
    }

    /// Forgets a handler.
    public func removeSignalHandler(_ id: SignalHandlerID) {
        otherRecords.signalHandlers.removeAll { $0.id == id }
    }

    /// The signals that have at least one handler.
    public var handledSignals: Set<Int32> { Set(otherRecords.signalHandlers.map(\.id.signal)) }

    /// Calls the handlers of `signal` in the order they were added, as the real reactor does when the signal
    /// arrives. Returns how many ran.
    @discardableResult
    public func deliverSignal(_ signal: Int32) -> Int {
        let handlers = otherRecords.signalHandlers.filter { $0.id.signal == signal }
        for handler in handlers {
            handler.body(signal)
        }
        return handlers.count
    }
}
