extension EpollReactor: ReactorThreads {
    /// Runs `body` on the reactor's ``threadPool`` (never on the reactor thread). Call on the reactor
    /// thread; `body` reports back with ``callFromThread(_:)`` (or use `deferToThread`).
    ///
    /// Twisted: `IReactorThreads.callInThread`.
    public func callInThread(_ body: @escaping @Sendable () -> Void) {
        threadPool.callInThread(body)
    }
}
