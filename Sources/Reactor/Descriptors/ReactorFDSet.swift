/// An object that wraps a file descriptor the reactor watches: a device, a pipe, a library's own socket.
///
/// Register it with ``ReactorFDSet/addReader(_:)`` or ``ReactorFDSet/addWriter(_:)``. It owns the descriptor:
/// the reactor never closes it. Remove it from the reactor before closing the descriptor (a closed and
/// reused number would otherwise reach the wrong object, as in Twisted).
///
/// Threading: reactor-confined; every method is called on the reactor thread.
///
/// Twisted: `twisted.internet.interfaces.IFileDescriptor`.
public protocol Descriptor: AnyObject {
    /// The descriptor number, the same for as long as the object is registered; -1 once closed.
    ///
    /// Twisted: `IFileDescriptor.fileno`.
    var fileno: Int32 { get }

    /// Called once when the reactor drops the descriptor: `doRead`/`doWrite` threw (the error is the
    /// reason), the descriptor hung up (``ConnectionDone`` if it was being read, ``ConnectionLost``
    /// otherwise), or the reactor shut down (``ConnectionLost``). The object is no longer registered.
    ///
    /// Twisted: `IFileDescriptor.connectionLost`.
    func connectionLost(reason: any Error)
}

/// A ``Descriptor`` the reactor tells when it can be read.
///
/// Twisted: `twisted.internet.interfaces.IReadDescriptor`.
public protocol ReadDescriptor: Descriptor {
    /// The descriptor is readable (level-triggered: called again on every loop iteration while data
    /// remains). Throw to have the reactor drop the descriptor and call ``Descriptor/connectionLost(reason:)``
    /// with the error (Twisted: return a `Failure`).
    ///
    /// Twisted: `IReadDescriptor.doRead`.
    func doRead() throws
}

/// A ``Descriptor`` the reactor tells when it can be written.
///
/// Twisted: `twisted.internet.interfaces.IWriteDescriptor`.
public protocol WriteDescriptor: Descriptor {
    /// The descriptor is writable (level-triggered: called on every loop iteration while it stays
    /// writable, so remove the writer when there is nothing to write). Throw to have the reactor drop the
    /// descriptor and call ``Descriptor/connectionLost(reason:)``.
    ///
    /// Twisted: `IWriteDescriptor.doWrite`.
    func doWrite() throws
}

/// Watching arbitrary descriptors for readability and writability.
///
/// One object per descriptor number: adding a reader and a writer with the same `fileno` makes one
/// registration for both (use one object for both, as Twisted's epoll reactor keeps one per number).
/// Descriptors epoll refuses (`EPERM`: regular files, which are always ready) are polled on every loop
/// iteration instead, as Twisted does.
///
/// Threading: reactor-confined.
///
/// Twisted: `twisted.internet.interfaces.IReactorFDSet`.
public protocol ReactorFDSet: AnyObject {
    /// Starts calling `reader.doRead()` whenever its descriptor is readable. Adding it again does nothing.
    ///
    /// - Throws: ``SystemCallError`` (`EBADF` for a closed descriptor, `EEXIST` for one the reactor already
    ///   watches for a transport or port of its own).
    ///
    /// Twisted: `IReactorFDSet.addReader`.
    func addReader(_ reader: any ReadDescriptor) throws

    /// Starts calling `writer.doWrite()` whenever its descriptor is writable. Adding it again does nothing.
    ///
    /// - Throws: ``SystemCallError``, as ``addReader(_:)``.
    ///
    /// Twisted: `IReactorFDSet.addWriter`.
    func addWriter(_ writer: any WriteDescriptor) throws

    /// Stops watching `reader`'s descriptor for reading (by descriptor number). Unknown ones are ignored.
    ///
    /// Twisted: `IReactorFDSet.removeReader`.
    func removeReader(_ reader: any ReadDescriptor)

    /// Stops watching `writer`'s descriptor for writing. Unknown ones are ignored.
    ///
    /// Twisted: `IReactorFDSet.removeWriter`.
    func removeWriter(_ writer: any WriteDescriptor)

    /// Removes every reader and writer added through this interface (not the reactor's own transports,
    /// ports or waker) and returns them; none is told `connectionLost`.
    ///
    /// Twisted: `IReactorFDSet.removeAll` (which also removes Twisted's own TCP transports, since they are
    /// readers there).
    @discardableResult
    func removeAll() -> [any Descriptor]

    /// The registered readers.
    ///
    /// Twisted: `IReactorFDSet.getReaders`.
    func getReaders() -> [any ReadDescriptor]

    /// The registered writers.
    ///
    /// Twisted: `IReactorFDSet.getWriters`.
    func getWriters() -> [any WriteDescriptor]
}
