import CTorsion
import Glibc

extension EpollReactor: ReactorFDSet {
    /// Watches `reader`'s descriptor for reading (level-triggered); see ``ReactorFDSet/addReader(_:)``.
    ///
    /// Twisted: `IReactorFDSet.addReader`.
    public func addReader(_ reader: any ReadDescriptor) throws {
        preconditionInReactorThread()
        let registration = try registration(for: reader.fileno)
        guard registration.reader !== reader else { return }
        registration.reader = reader
        try updateRegistration(registration)
    }

    /// Watches `writer`'s descriptor for writing (level-triggered); see ``ReactorFDSet/addWriter(_:)``.
    ///
    /// Twisted: `IReactorFDSet.addWriter`.
    public func addWriter(_ writer: any WriteDescriptor) throws {
        preconditionInReactorThread()
        let registration = try registration(for: writer.fileno)
        guard registration.writer !== writer else { return }
        registration.writer = writer
        try updateRegistration(registration)
    }

    /// Stops reading `reader`'s descriptor.
    ///
    /// Twisted: `IReactorFDSet.removeReader`.
    public func removeReader(_ reader: any ReadDescriptor) {
        preconditionInReactorThread()
        guard let registration = existingRegistration(for: reader) else { return }
        registration.reader = nil
        try? updateRegistration(registration)
    }

    /// Stops writing `writer`'s descriptor.
    ///
    /// Twisted: `IReactorFDSet.removeWriter`.
    public func removeWriter(_ writer: any WriteDescriptor) {
        preconditionInReactorThread()
        guard let registration = existingRegistration(for: writer) else { return }
        registration.writer = nil
        try? updateRegistration(registration)
    }

    /// Removes every reader and writer added with ``addReader(_:)``/``addWriter(_:)`` and returns them.
    ///
    /// Twisted: `IReactorFDSet.removeAll`.
    @discardableResult
    public func removeAll() -> [any Descriptor] {
        preconditionInReactorThread()
        let registrations = subsystems.descriptors.values.sorted { $0.fd < $1.fd }
        var removed: [any Descriptor] = []
        for registration in registrations {
            removed += registration.objects
            dropRegistration(registration)
        }
        return removed
    }

    /// The registered readers, by descriptor number.
    ///
    /// Twisted: `IReactorFDSet.getReaders`.
    public func getReaders() -> [any ReadDescriptor] {
        preconditionInReactorThread()
        return subsystems.descriptors.values.sorted { $0.fd < $1.fd }.compactMap(\.reader)
    }

    /// The registered writers, by descriptor number.
    ///
    /// Twisted: `IReactorFDSet.getWriters`.
    public func getWriters() -> [any WriteDescriptor] {
        preconditionInReactorThread()
        return subsystems.descriptors.values.sorted { $0.fd < $1.fd }.compactMap(\.writer)
    }

    // MARK: - Registrations

    /// The registration of `fd`, created if needed (not yet registered with epoll).
    private func registration(for fd: Int32) throws(SystemCallError) -> DescriptorRegistration {
        guard fd >= 0 else { throw SystemCallError(call: "addReader/addWriter", errno: EBADF) }
        if let existing = subsystems.descriptors[fd] { return existing }
        guard selector.interest(of: fd) == nil else {
            throw SystemCallError(call: "addReader/addWriter (the reactor already watches this descriptor)", errno: EEXIST)
        }
        let registration = DescriptorRegistration(reactor: self, fd: fd)
        subsystems.descriptors[fd] = registration
        return registration
    }

    /// The registration holding `object`: by its descriptor number, or by identity once `fileno` is -1.
    private func existingRegistration(for object: any Descriptor) -> DescriptorRegistration? {
        let fd = object.fileno
        if fd >= 0 { return subsystems.descriptors[fd] }
        return subsystems.descriptors.values.first { $0.reader === object || $0.writer === object }
    }

    /// Brings epoll (or continuous polling) in line with the registration's reader and writer, and drops
    /// it when both are gone.
    private func updateRegistration(_ registration: DescriptorRegistration) throws(SystemCallError) {
        if registration.isEmpty {
            dropRegistration(registration)
            return
        }
        if registration.isPolled { return }
        if selector.interest(of: registration.fd) != nil {
            try selector.modify(registration.fd, interest: registration.interest)
            return
        }
        do {
            try selector.register(registration.fd, interest: registration.interest, handler: registration)
        } catch where error.errno == EPERM {
            registration.isPolled = true
            do {
                try continuousPolling().add(registration)
            } catch {
                subsystems.descriptors[registration.fd] = nil
                throw error
            }
        } catch {
            subsystems.descriptors[registration.fd] = nil
            throw error
        }
    }

    /// Forgets a registration: out of epoll (or polling) and out of the table.
    func dropRegistration(_ registration: DescriptorRegistration) {
        guard subsystems.descriptors[registration.fd] === registration else { return }
        subsystems.descriptors[registration.fd] = nil
        if registration.isPolled {
            subsystems.continuousPolling?.remove(registration)
        } else {
            selector.unregister(registration.fd)
        }
        registration.reader = nil
        registration.writer = nil
    }

    private func continuousPolling() throws(SystemCallError) -> ContinuousPolling {
        if let polling = subsystems.continuousPolling { return polling }
        let polling = try ContinuousPolling(reactor: self)
        subsystems.continuousPolling = polling
        return polling
    }
}
