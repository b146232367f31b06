import Deferred
import Reactor
import WebClient

/// The peer-benchmark workload: `requests` GETs of one URL with at most `concurrency` in flight, through
/// one `Agent` and its pool, every body read whole with `readBody` and checked (status 200, length).
///
/// `concurrency` workers each send one request at a time and send the next one from the callback that
/// delivered the previous body. After the first failure no new request is sent; the run ends when every
/// worker has stopped, and ``failure`` says what went wrong.
///
/// Threading: not Sendable; reactor thread only (like the `Agent` it drives).
final class BenchLoad {
    /// The Agent sending the requests.
    let agent: Agent
    /// The URL every request GETs.
    let url: URI
    /// How many requests to send.
    let requests: Int
    /// How many requests are in flight at most.
    let concurrency: Int
    /// The body length every response must have; taken from the first body when `nil`.
    private(set) var expectedLength: Int?

    /// Responses that passed the checks.
    private(set) var answered = 0
    /// The first failure, if any.
    private(set) var failure: String?

    private var issued = 0
    private var activeWorkers = 0
    private let done = Deferred<Void>()

    /// A workload of `requests` GETs of `url`.
    ///
    /// - Throws: `InvalidURI` if `url` does not parse.
    init(agent: Agent, url: String, requests: Int, concurrency: Int, expectedLength: Int?) throws {
        self.agent = agent
        self.url = try URI(url)
        self.requests = requests
        self.concurrency = concurrency
        self.expectedLength = expectedLength
    }

    /// Starts the workers; the Deferred fires (never fails) once all of them have stopped.
    func run() -> Deferred<Void> {
        let workers = min(concurrency, requests)
        if workers == 0 { return .succeed(()) }
        activeWorkers = workers
        for _ in 0..<workers { next() }
        return done
    }

    private func next() {
        guard issued < requests, failure == nil else {
            activeWorkers -= 1
            if activeWorkers == 0 { done.callback(()) }
            return
        }
        issued += 1
        agent.request(method: "GET", uri: url)
            .addCallback { (response: Response) -> Deferred<[UInt8]> in
                guard response.code == 200 else {
                    // Read the body anyway so the connection ends cleanly, then fail.
                    let code = response.code
                    return readBody(response).addCallback { (_: [UInt8]) throws -> [UInt8] in
                        throw BenchFailure("status \(code)")
                    }
                }
                return readBody(response)
            }
            .addCallbacks(
                { [self] (body: [UInt8]) -> Void in
                    if let expectedLength, body.count != expectedLength {
                        fail("body length \(body.count) != \(expectedLength)")
                    } else {
                        if expectedLength == nil { expectedLength = body.count }
                        answered += 1
                    }
                    next()
                },
                errback: { [self] (error: any Error) -> Void in
                    fail("\(error)")
                    next()
                })
    }

    private func fail(_ message: String) {
        if failure == nil { failure = "after \(answered) responses: \(message)" }
    }
}

@available(*, unavailable)
extension BenchLoad: Sendable {}

/// A failed check, with what was wrong.
struct BenchFailure: Error, CustomStringConvertible {
    /// What was wrong.
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
