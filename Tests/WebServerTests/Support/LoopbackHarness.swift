import Deferred
import Glibc
import ReactorTesting
import WebClient

@testable import Reactor

/// Runs a fresh `EpollReactor` (through `EpollReactor.runOnNewThread`) on its own pthread (Swift Testing's cooperative threads never block),
/// calls `body` on the reactor thread, and stops the reactor when the returned Deferred fires, or fails
/// after `timeout` (a reactor timer: no sleeps).
func runLoopback<T: Sendable>(
    timeout: Duration = .seconds(60), _ body: @escaping @Sendable (EpollReactor) throws -> Deferred<T>
) async throws -> T {
    try await EpollReactor.runOnNewThread(timeout: timeout, body)
}

/// Sends `count` GETs for `target(i)` one after another on `client`; fires with the bodies.
///
/// Each next request is sent from a later reactor turn (`callLater(.zero)`), not from inside the
/// previous body's end: `HTTP11ClientProtocol.responseEnded` fires the body's end before it fires the
/// request Deferred, so a request issued synchronously from the body's end would be handed the
/// previous response (a WebClient re-entrancy bug, reported to the lead).
func fetchInSequence(
    _ client: HTTP11ClientProtocol, clock: any ReactorTime, count: Int, host: String,
    target: @escaping (Int) -> String
) -> Deferred<[[UInt8]]> {
    var bodies: [[UInt8]] = []
    func step(_ index: Int) -> Deferred<[[UInt8]]> {
        if index == count { return .succeed(bodies) }
        let response = client.request(Request(method: "GET", target: target(index), host: host))
        return response.addCallback { (response: Response) -> Deferred<[UInt8]> in readBody(response) }
            .addCallback { (body: [UInt8]) -> Deferred<[[UInt8]]> in
                bodies.append(body)
                let nextTurn = Deferred<Void>()
                clock.callLater(.zero) { nextTurn.callback(()) }
                return nextTurn.addCallback { () -> Deferred<[[UInt8]]> in step(index + 1) }
            }
    }
    return step(0)
}

/// Writes `bytes` on connect and collects everything until the server closes.
final class RawClient: BaseProtocol {
    let bytes: [UInt8]
    var received: [UInt8] = []
    let closed = Deferred<[UInt8]>()

    init(_ text: String) { bytes = Array(text.utf8) }

    override func connectionMade() { transport?.write(bytes) }
    override func dataReceived(_ data: [UInt8]) { received += data }
    override func connectionLost(reason: any Error) {
        super.connectionLost(reason: reason)
        closed.callback(received)
    }
}
