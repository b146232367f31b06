import Reactor
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
