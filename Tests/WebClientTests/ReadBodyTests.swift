import Deferred
import DeferredTesting
import Testing

@testable import WebClient

@Suite("readBody's collector")
struct ReadBodyTests {
    /// Collects `chunks` with a collector made for `declaredLength`, ending with `reason`.
    func collect(
        _ chunks: [[UInt8]], declaredLength: Int?, maxSize: Int? = nil, reason: any Error = ResponseDone()
    ) -> Deferred<[UInt8]> {
        let collector = BodyCollector(maxSize: maxSize, declaredLength: declaredLength)
        let deferred = Deferred<[UInt8]>()
        collector.deferred = deferred
        for chunk in chunks { collector.dataReceived(chunk[...]) }
        collector.connectionLost(reason: reason)
        return deferred
    }

    @Test func aDeclaredLengthIsReservedAndTheBodyCollectedWhole() throws {
        let body = collect([[1, 2], [3, 4, 5]], declaredLength: 5)
        #expect(try successResultOf(body) == [1, 2, 3, 4, 5])
    }

    @Test func aHugeDeclaredLengthDoesNotReserveItAll() throws {
        // A server's Content-Length of 1 TiB: reserving it would stop the process.
        let body = collect([[7, 8, 9]], declaredLength: 1 << 40)
        #expect(try successResultOf(body) == [7, 8, 9])
    }

    @Test func theLimitStillAppliesWithADeclaredLength() throws {
        let body = collect([[1, 2], [3]], declaredLength: 1 << 30, maxSize: 2)
        let error = try failureResultOf(body, BodyTooLarge.self)
        #expect(error.maxSize == 2)
    }
}
