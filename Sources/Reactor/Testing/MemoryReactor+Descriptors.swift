extension MemoryReactorClock {
    /// Adds `reader` to the recorded readers (once).
    public func addReader(_ reader: any ReadDescriptor) throws {
        if !otherRecords.readers.contains(where: { $0 === reader }) { otherRecords.readers.append(reader) }
    }

    /// Adds `writer` to the recorded writers (once).
    public func addWriter(_ writer: any WriteDescriptor) throws {
        if !otherRecords.writers.contains(where: { $0 === writer }) { otherRecords.writers.append(writer) }
    }

    /// Removes `reader`.
    public func removeReader(_ reader: any ReadDescriptor) {
        otherRecords.readers.removeAll { $0 === reader }
    }

    /// Removes `writer`.
    public func removeWriter(_ writer: any WriteDescriptor) {
        otherRecords.writers.removeAll { $0 === writer }
    }

    /// Removes and returns every reader and writer.
    @discardableResult
    public func removeAll() -> [any Descriptor] {
        var removed: [any Descriptor] = otherRecords.readers
        for writer in otherRecords.writers where !removed.contains(where: { $0 === writer }) {
            removed.append(writer)
        }
        otherRecords.readers.removeAll()
        otherRecords.writers.removeAll()
        return removed
    }

    /// The recorded readers.
    ///
    /// Twisted: `MemoryReactor.readers` / `getReaders`.
    public func getReaders() -> [any ReadDescriptor] { otherRecords.readers }

    /// The recorded writers.
    ///
    /// Twisted: `MemoryReactor.writers` / `getWriters`.
    public func getWriters() -> [any WriteDescriptor] { otherRecords.writers }
}

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
