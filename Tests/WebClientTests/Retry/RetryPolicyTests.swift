import Deferred
import Reactor
import TLS
import Testing

@testable import WebClient

/// `Retry`'s answers as pure functions: backoff sequences, status and method rules, `Retry-After`, and the
/// error table of `RetryErrorClass`.
@Suite("Retry policy")
struct RetryPolicyTests {
    private func waits(_ retry: Retry, count: Int, unitRandom: Double = 0) -> [Duration] {
        (1...count).map { retry.backoff(consecutiveFailures: $0, unitRandom: unitRandom) }
    }

    @Test func urllib3sBackoffStartsAtTheSecondRetryAndDoubles() {
        let retry = Retry(backoffFactor: .milliseconds(100))
        #expect(waits(retry, count: 5) == [.zero, .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600)])
        #expect(Retry().backoff(consecutiveFailures: 4, unitRandom: 0.9) == .zero)
        #expect(retry.backoff(consecutiveFailures: 0, unitRandom: 0) == .zero)
    }

    @Test func theBackoffIsCappedAndNeverOverflows() {
        let retry = Retry(backoffFactor: .milliseconds(100), backoffMax: .milliseconds(500))
        #expect(waits(retry, count: 5) == [.zero, .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500)])
        #expect(retry.backoff(consecutiveFailures: 1_000_000, unitRandom: 0) == .milliseconds(500))
        #expect(Retry(backoffFactor: .seconds(1)).backoff(consecutiveFailures: .max, unitRandom: 0) == .seconds(120))
    }

    @Test func jitterAddsAFractionOfItsAmountBeforeTheCap() {
        let retry = Retry(backoffFactor: .milliseconds(100), backoffMax: .seconds(1), backoffJitter: .milliseconds(300))
        #expect(waits(retry, count: 3, unitRandom: 0.5) == [.zero, .milliseconds(350), .milliseconds(550)])
        #expect(retry.backoff(consecutiveFailures: 4, unitRandom: 0.75) == .seconds(1))  // 800 + 225 ms, capped
        #expect(retry.backoff(consecutiveFailures: 2, unitRandom: 0) == .milliseconds(200))
    }

    @Test func curlsBackoffWaitsFromTheFirstRetryAndADelayIsConstant() {
        #expect(waits(.curl(retries: 12), count: 12).map { $0 / .seconds(1) } == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600])
        #expect(waits(.curl(retries: 3, delay: .seconds(5)), count: 3) == [.seconds(5), .seconds(5), .seconds(5)])
    }

    @Test func statusesAreRetriedForAllowedMethodsByTheForcelistOrRetryAfter() {
        let retry = Retry(statusForcelist: [500])
        #expect(retry.isRetry(method: "GET", status: 500, hasRetryAfter: false))
        #expect(!retry.isRetry(method: "POST", status: 500, hasRetryAfter: false))
        #expect(!retry.isRetry(method: "get", status: 500, hasRetryAfter: false))  // methods are case-sensitive
        for status in [413, 429, 503] {
            #expect(retry.isRetry(method: "PUT", status: status, hasRetryAfter: true))
            #expect(!retry.isRetry(method: "PUT", status: status, hasRetryAfter: false))
        }
        #expect(!retry.isRetry(method: "GET", status: 502, hasRetryAfter: true))
        var ignoring = retry
        ignoring.respectRetryAfter = false
        #expect(!ignoring.isRetry(method: "GET", status: 503, hasRetryAfter: true))
        var anyMethod = retry
        anyMethod.allowedMethods = nil
        #expect(anyMethod.isRetry(method: "POST", status: 503, hasRetryAfter: true))
        #expect(Retry.idempotentMethods == ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"])
    }

    @Test func curlRetriesItsSixStatusesForAnyMethodWithoutRetryAfter() {
        let curl = Retry.curl(retries: 2)
        for status in [408, 429, 500, 502, 503, 504] {
            #expect(curl.isRetry(method: "POST", status: status, hasRetryAfter: false))
        }
        #expect(!curl.isRetry(method: "GET", status: 413, hasRetryAfter: true))
        #expect(!curl.isRetry(method: "GET", status: 501, hasRetryAfter: false))
        #expect(curl.retryableErrors == [.connectTimeout, .readTimeout, .nameResolution])
        #expect(Retry.curl(retries: 1, connectionRefused: true).retryableErrors.contains(.connectionRefused))
        #expect(!curl.raiseOnStatus && curl.total == 2)
    }

    @Test func retryAfterIsSecondsOrADateCappedAndGarbageIsIgnored() {
        let now = HTTPDate(secondsSince1970: 1_000_000)
        let retry = Retry(retryAfterMax: .seconds(60))
        #expect(retry.retryAfterWait("7", now: now) == .seconds(7))
        #expect(retry.retryAfterWait(HTTPDate(secondsSince1970: 1_000_030).imfFixdate, now: now) == .seconds(30))
        #expect(retry.retryAfterWait("3600", now: now) == .seconds(60))
        #expect(retry.retryAfterWait("99999999999999999999", now: now) == .seconds(60))
        #expect(retry.retryAfterWait(HTTPDate(secondsSince1970: 999_000).imfFixdate, now: now) == nil)  // past
        #expect(retry.retryAfterWait("0", now: now) == nil)  // the backoff applies
        for garbage in ["soon", "-5", "1.5", "Sun, 06 Nov 1994", ""] {
            #expect(retry.retryAfterWait(garbage, now: now) == nil, "\(garbage)")
        }
        #expect(retry.retryAfterWait(nil, now: now) == nil)
        var ignoring = retry
        ignoring.respectRetryAfter = false
        #expect(ignoring.retryAfterWait("7", now: now) == nil)
    }

    @Test func connectErrorsWereNeverSent() {
        let table: [(any Error, RetryErrorClass)] = [
            (ConnectError.refused(), .connectionRefused),
            (ConnectError.dnsLookup("x.invalid"), .nameResolution),
            (ConnectError.timedOut(), .connectTimeout),
            (ConnectError(.tcpTimedOut), .connectTimeout),
            (ConnectTimeoutError(timeout: .seconds(1), uri: "u"), .connectTimeout),
            (ConnectError(.unreachable), .connectFailed),
            (ConnectError(.other, "socket: EMFILE"), .connectFailed),
            (RequestNotSent(), .notSent),
            (PoolTimeout(key: PoolKey(scheme: "http", host: "h", port: 80), timeout: .seconds(1)), .notSent),
        ]
        for (error, expected) in table {
            let found = RetryErrorClass.classify(error)
            #expect(found == expected, "\(error)")
            #expect(found?.budget == .connect && found?.mayHaveReachedServer == false && found?.leftBodyUntouched == true)
        }
    }

    @Test func readErrorsMayHaveReachedTheServer() {
        let table: [(any Error, RetryErrorClass)] = [
            (ReadTimeoutError(timeout: .seconds(1), phase: .awaitingHead, uri: "u"), .readTimeout),
            (ResponseNeverReceived([ConnectionDone()]), .connectionLost),
            (RequestTransmissionFailed([ConnectionLost("reset", errno: 104)]), .connectionLost),
            (ResponseFailed([ConnectionLost("reset", errno: 104)]), .connectionLost),
            (ResponseFailed([HTTPParseError(.parse, "bad status line")]), .malformedResponse),
            (ResponseFailed([HTTPParseError(.truncated, "cut")]), .connectionLost),
            (ResponseNeverReceived([HTTPParseError(.noResponse, "nothing")]), .connectionLost),
            (ResponseFailed([TLSError.truncated]), .connectionLost),
            (ConnectionLost("reset"), .connectionLost),
        ]
        for (error, expected) in table {
            let found = RetryErrorClass.classify(error)
            #expect(found == expected, "\(error)")
            #expect(found?.budget == .read && found?.mayHaveReachedServer == true && found?.leftBodyUntouched == false)
        }
    }

    @Test func tlsHandshakeFailuresAreOtherAndCertificateFailuresAreNeverRetried() {
        let handshake = RetryErrorClass.classify(ResponseNeverReceived([TLSError.handshakeFailed("alert 40")]))
        #expect(handshake == .tlsHandshake && handshake?.budget == .other && handshake?.mayHaveReachedServer == false)
        #expect(RetryErrorClass.classify(RequestTransmissionFailed([TLSError.peerClosedDuringHandshake])) == .tlsHandshake)
        for tls in [TLSError.unknownIssuer("self-signed"), .certificateExpired, .certificateNotYetValid,
            .hostnameMismatch("h"), .certificateRejected(code: 7, "x"), .invalidConfiguration("x"), .libraryUnavailable("x")]
        {
            #expect(RetryErrorClass.classify(ResponseNeverReceived([tls])) == nil, "\(tls)")
            #expect(RetryErrorClass.classify(tls) == nil, "\(tls)")
        }
    }

    @Test func theCallerGivingUpAndBadRequestsAreNeverRetried() {
        let never: [any Error] = [
            CancelledError(), ConnectingCancelledError(address: .ipv4(host: "127.0.0.1", port: 1)),
            ResponseNeverReceived([CancelledError()]), RequestTransmissionFailed([ConnectionAborted()]),
            ResponseFailed([ConnectionLost.aborted]), TimeoutError(timeout: .seconds(1)),
            RequestDeadlineExceeded(timeout: .seconds(1), phase: .connecting, uri: "u"), ConnectError(.bind),
            ConnectError(.userCancelled), InvalidRequest(.method, "bad"), SchemeNotSupported(scheme: "ftp"),
            RequestGenerationFailed([WrongBodyLength("too few")]), WrongBodyLength("x"), BodyTooLarge(maxSize: 1),
            MaxRetryError(method: "GET", uri: "u", limit: .total, history: [Self.attempt]),
            BodyNotReplayable(method: "GET", uri: "u", history: [Self.attempt]),
        ]
        for error in never {
            #expect(RetryErrorClass.classify(error) == nil, "\(error)")
        }
        #expect((try? URI("nope")) == nil)
        do {
            _ = try URI("nope")
        } catch {
            #expect(RetryErrorClass.classify(error) == nil)
        }
    }

    @Test func unknownErrorsAreOtherAndNotRetriedByDefault() {
        struct Custom: Error {}
        #expect(RetryErrorClass.classify(Custom()) == .unknown)
        #expect(RetryErrorClass.unknown.budget == .other && RetryErrorClass.unknown.mayHaveReachedServer)
        #expect(!Retry().retryableErrors.contains(.unknown))
        #expect(Retry().retryableErrors.count == RetryErrorClass.allCases.count - 1)
    }

    private static let attempt = RetryAttempt(
        number: 1, outcome: .status(503), errorClass: nil, startedAt: .zero, duration: .zero, wait: nil)
}
