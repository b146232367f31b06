import Deferred
import Glibc

extension EpollReactor: ReactorUNIX {
    /// Starts connecting to the UNIX-domain stream socket at `path`; outcomes reach `factory` as for
    /// ``connectTCP(host:port:factory:timeout:bindAddress:)`` (a missing or unlistened path is `refused`).
    ///
    /// Twisted: `IReactorUNIX.connectUNIX`.
    @discardableResult
    public func connectUNIX(path: String, factory: any ClientFactory, timeout: Duration) -> any Connector {
        preconditionInReactorThread()
        let connector = SocketConnector(
            reactor: self, factory: factory, destination: .unix(path: path), timeout: timeout, bindAddress: nil
        ) {
            .succeed(.unix(path: path))
        }
        connector.connect()
        return connector
    }

    /// Listens on a new UNIX-domain socket at `path`, which must not exist; the file is removed when the
    /// port stops listening.
    ///
    /// - Throws: ``CannotListenError`` (for example `EADDRINUSE` when `path` exists).
    ///
    /// Twisted: `IReactorUNIX.listenUNIX`.
    public func listenUNIX(path: String, factory: any Factory, backlog: Int) throws -> any ListeningPort {
        preconditionInReactorThread()
        do {
            let socket = try SocketDescriptor(streamFamily: AF_UNIX)
            try socket.bind(to: .unix(path: path))
            return try SocketListeningPort(
                reactor: self, socket: socket, factory: factory, backlog: Int32(clamping: backlog), unlinkPath: path)
        } catch let error as SystemCallError {
            throw CannotListenError(interface: path, port: 0, detail: error.description, errno: error.errno)
        }
    }
}
