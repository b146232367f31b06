import Deferred
import Reactor

/// The body was larger than the `maxSize` given to ``readBody(_:maxSize:)``; the connection was closed.
public struct BodyTooLarge: Error, CustomStringConvertible {
    /// The limit that was exceeded.
    public let maxSize: Int
    /// Says the limit.
    public var description: String { "the response body is larger than \(maxSize) bytes" }
}

/// Reads a whole response body into memory.
///
/// Fires with the bytes when the body is complete (``ResponseDone``), and also for a body without
/// declared length that ended with a clean close (``PotentialDataLoss``: over plain TCP that *is* the
/// end of such a body; Twisted's `readBody` fails with `PartialDownloadError` there instead). Fails with
/// the body's ``ResponseFailed``, or ``BodyTooLarge`` when `maxSize` is exceeded (the connection is then
/// aborted). Cancelling the Deferred aborts the connection once and fails it with `CancelledError`.
///
/// Twisted: `twisted.web.client.readBody`.
public func readBody(_ response: Response, maxSize: Int? = nil) -> Deferred<[UInt8]> {
    let collector = BodyCollector(maxSize: maxSize, declaredLength: response.length)
    let deferred = Deferred<[UInt8]>(canceller: { _ in collector.cancel() })
    collector.deferred = deferred
    response.deliverBody(collector)
    return deferred
}

/// Collects a body for ``readBody(_:maxSize:)``.
final class BodyCollector: ResponseBodyProtocol {
    let maxSize: Int?
    /// Held strongly until the body ends (the caller may keep only a later link of the chain).
    var deferred: Deferred<[UInt8]>?
    private var producer: (any PushProducer)?
    private var bytes: [UInt8] = []
    private var failure: (any Error)?
    private var isDone = false

    /// The most bytes reserved up front from a declared length (a larger body grows as it arrives), so
    /// a server's `Content-Length` alone cannot make the client allocate without bound.
    static let reserveLimit = 16 << 20

    /// A collector; with a `declaredLength` (the response's `Content-Length`) the buffer is reserved
    /// once instead of growing, up to `maxSize` and ``reserveLimit``.
    init(maxSize: Int?, declaredLength: Int? = nil) {
        self.maxSize = maxSize
        if let declaredLength, declaredLength > 0 {
            bytes.reserveCapacity(min(declaredLength, maxSize ?? Int.max, Self.reserveLimit))
        }
    }

    func makeConnection(_ producer: any PushProducer) {
        self.producer = producer
    }

    func dataReceived(_ data: ArraySlice<UInt8>) {
        guard failure == nil else { return }
        if let maxSize, bytes.count + data.count > maxSize {
            failure = BodyTooLarge(maxSize: maxSize)
            producer?.stopProducing()
            return
        }
        bytes.append(contentsOf: data)
    }

    func connectionLost(reason: any Error) {
        guard !isDone else { return }
        isDone = true
        producer = nil
        guard let deferred else { return }
        self.deferred = nil
        if let failure {
            deferred.errback(failure)
        } else if reason is ResponseDone || reason is PotentialDataLoss {
            deferred.callback(bytes)
        } else {
            deferred.errback(reason)
        }
    }

    func cancel() {
        guard !isDone else { return }
        failure = CancelledError()
        producer?.stopProducing()
    }
}

@available(*, unavailable)
extension BodyCollector: Sendable {}
