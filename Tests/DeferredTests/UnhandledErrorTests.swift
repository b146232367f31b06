import Deferred
import DeferredTesting
import Testing

/// Ports of test_defer's LogTests: when an error counts as unhandled and is reported.
@Suite("Unhandled error reporting")
struct UnhandledErrorTests {
    // test_errorLog
    @Test func errorLeftAtTheEndOfAReleasedChainIsReported() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            Deferred<Int>().addCallback { (_: Int) -> Int in throw Boom(tag: 1) }.callback(1)
        }
        #expect(errors.count == 1)
        #expect((errors.first as? Boom)?.tag == 1)
    }

    @Test func unfiredDeferredReportsNothing() throws {
        let (_, errors) = UnhandledErrorLog.capture { _ = Deferred<Int>() }
        #expect(errors.isEmpty)
    }

    @Test func errorRecoveredByAnErrbackIsNotReported() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            Deferred<Int>.fail(Boom()).addErrback { _ in 0 }.addCallback { $0 + 1 }
        }
        #expect(errors.isEmpty)
    }

    @Test func errorRethrownByAnErrbackIsStillReported() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            _ = Deferred<Int>.fail(Boom(tag: 1)).addErrback { (error: any Error) -> Int in
                guard error is CancelledError else { throw error }  // failure.trap(CancelledError)
                return 0
            }
        }
        #expect((errors.first as? Boom)?.tag == 1)
    }

    // test_chainedErrorCleanup
    @Test func innerErrorTakenOverByTheOuterIsReportedOnlyOnce() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            let d = Deferred<Int>()
            d.addCallback { _ in Deferred<Int>.fail(Boom(tag: 2)) }
            d.callback(0)
        }
        // Reported by the outer (which ends holding it), not again by the inner.
        #expect(errors.count == 1)
    }

    @Test func innerErrorHandledByTheOuterIsNotReported() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            let d = Deferred<Int>()
            d.addCallback { _ in Deferred<Int>.fail(Boom(tag: 2)) }
            d.addErrback { _ in 0 }
            d.callback(0)
        }
        #expect(errors.isEmpty)
    }

    // test_errorClearedByChaining
    @Test func errorPassedToAnErrbackReturningADeferredIsCleared() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            let good = Deferred<Int>()
            _ = Deferred<Int>.fail(Boom()).addErrback { _ in good }
        }
        #expect(errors.isEmpty)
    }

    @Test func errorHandedToATypeChangedDeferredIsReportedThere() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            _ = Deferred<Int>.fail(Boom(tag: 5)).addCallback { String($0) }
        }
        // Once, by the Deferred<String> that ends up holding it.
        #expect(errors.count == 1)
        #expect((errors.first as? Boom)?.tag == 5)
    }

    @Test func errorConsumedByAwaitingIsNotReported() async throws {
        let (_, errors) = await UnhandledErrorLog.capture {
            let d = Deferred<Int>.fail(Boom())
            _ = try? await d.value
        }
        #expect(errors.isEmpty)
    }

    @Test func errorConsumedByFailureResultOfIsNotReported() throws {
        let (_, errors) = UnhandledErrorLog.capture {
            _ = try? failureResultOf(Deferred<Int>.fail(Boom()))
        }
        #expect(errors.isEmpty)
    }

    @Test func captureSeesOnlyItsOwnTask() async throws {
        let (_, errors) = await UnhandledErrorLog.capture {
            // Released in another task: not this capture's.
            await Task.detached {
                let (_, inner) = UnhandledErrorLog.capture { _ = Deferred<Int>.fail(Boom(tag: 9)) }
                #expect(inner.count == 1)
            }.value
        }
        #expect(errors.isEmpty)
    }
}
