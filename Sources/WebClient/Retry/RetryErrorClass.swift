import Deferred
import Reactor
import TLS

/// What an attempt's error says about the request: whether it can have reached the server, which budget
/// of a ``Retry`` a retry spends, and whether the body producer was started.
///
/// ``classify(_:)`` maps Torsion's errors onto these classes; errors it returns `nil` for are never
/// retried (the caller gave up, the request is wrong, the failure is deterministic):
///
/// | class | budget | reached the server? | errors |
/// |---|---|---|---|
/// | ``connectionRefused`` | connect | no | `ConnectError` `.refused` |
/// | ``nameResolution`` | connect | no | `ConnectError` `.dnsLookup` |
/// | ``connectTimeout`` | connect | no | ``ConnectTimeoutError``; `ConnectError` `.timedOut`, `.tcpTimedOut` |
/// | ``connectFailed`` | connect | no | `ConnectError` `.unreachable`, `.other` |
/// | ``notSent`` | connect | no | ``RequestNotSent``, ``PoolTimeout`` |
/// | ``tlsHandshake`` | other | no (the HTTP request was never decrypted) | a `TLSError` `.handshakeFailed` or `.peerClosedDuringHandshake` among a request error's reasons |
/// | ``readTimeout`` | read | maybe | ``ReadTimeoutError`` (before the response head) |
/// | ``connectionLost`` | read | maybe | ``ResponseNeverReceived``, ``RequestTransmissionFailed``, ``ResponseFailed`` (a reset, a close, `TLSError` `.truncated` or `.protocolError`), a bare `ConnectionLost` or `ConnectionDone` |
/// | ``malformedResponse`` | read | yes | a request error with an ``HTTPParseError`` among its reasons (not a `truncated` or `noResponse` one, which are ``connectionLost``) |
/// | ``unknown`` | other | maybe | any error not named in this table (retried only if ``Retry/retryableErrors`` has it, which it does not by default) |
/// | never retried | - | - | `CancelledError` (also among a request error's reasons), `ConnectingCancelledError`, ``ConnectionAborted`` among the reasons, `TimeoutError` (treq's `timeout:`), ``RequestDeadlineExceeded``, `ConnectError` `.bind` and `.userCancelled`, ``InvalidRequest``, ``InvalidURI``, ``SchemeNotSupported``, ``RequestGenerationFailed``, ``WrongBodyLength``, ``BodyTooLarge``, `TLSError` certificate and configuration errors (`.unknownIssuer`, `.certificateExpired`, `.certificateNotYetValid`, `.hostnameMismatch`, `.certificateRejected`, `.invalidConfiguration`, `.libraryUnavailable`), ``MaxRetryError``, ``BodyNotReplayable`` |
///
/// Twisted: no equivalent (urllib3: `Retry._is_connection_error` (connect timeouts only),
/// `Retry._is_read_error` (read timeouts and protocol errors), everything else "other").
public enum RetryErrorClass: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The server refused the connection.
    case connectionRefused
    /// The host name did not resolve.
    case nameResolution
    /// Connecting took too long.
    case connectTimeout
    /// Connecting failed otherwise (no route, another socket error).
    case connectFailed
    /// The request was never written: no connection became free in the pool, or the connection was not
    /// ready.
    case notSent
    /// The TLS handshake failed for a reason other than the certificate checks, or the peer closed during it.
    case tlsHandshake
    /// The response head did not start arriving within the read timeout.
    case readTimeout
    /// The connection was lost or reset after the request started going out.
    case connectionLost
    /// The server answered with bytes that are not a valid HTTP/1.1 response.
    case malformedResponse
    /// An error this table does not know (from another agent, say).
    case unknown

    /// The budgets of a ``Retry``, besides ``Retry/total``, that retries spend.
    public enum Budget: String, Sendable, Hashable, CustomStringConvertible {
        /// ``Retry/connect``.
        case connect
        /// ``Retry/read``.
        case read
        /// ``Retry/other``.
        case other
        /// ``Retry/status``.
        case status

        /// The budget's name.
        public var description: String { rawValue }
    }

    /// The budget a retry after this class of error spends.
    public var budget: Budget {
        switch self {
        case .connectionRefused, .nameResolution, .connectTimeout, .connectFailed, .notSent: return .connect
        case .readTimeout, .connectionLost, .malformedResponse: return .read
        case .tlsHandshake, .unknown: return .other
        }
    }

    /// Whether the server may have seen (and acted on) the request: retries of such errors obey
    /// ``Retry/allowedMethods``.
    public var mayHaveReachedServer: Bool {
        switch self {
        case .connectionRefused, .nameResolution, .connectTimeout, .connectFailed, .notSent, .tlsHandshake: return false
        case .readTimeout, .connectionLost, .malformedResponse, .unknown: return true
        }
    }

    /// Whether the body producer was never started (no connection was had), so the body can be sent again
    /// without rewinding it.
    public var leftBodyUntouched: Bool {
        switch self {
        case .connectionRefused, .nameResolution, .connectTimeout, .connectFailed, .notSent: return true
        case .tlsHandshake, .readTimeout, .connectionLost, .malformedResponse, .unknown: return false
        }
    }

    /// The case name.
    public var description: String { rawValue }

    /// Every class but ``unknown``: the default ``Retry/retryableErrors``.
    public static let retriedByDefault: Set<RetryErrorClass> = Set(allCases.filter { $0 != .unknown })

    /// The class of `error` (see the type's table), or `nil` for an error that is never retried.
    public static func classify(_ error: any Error) -> RetryErrorClass? {
        switch error {
        case let connect as ConnectError:
            switch connect.code {
            case .refused: return .connectionRefused
            case .dnsLookup: return .nameResolution
            case .timedOut, .tcpTimedOut: return .connectTimeout
            case .bind, .userCancelled: return nil
            default: return .connectFailed
            }
        case is ConnectTimeoutError: return .connectTimeout
        case is RequestNotSent, is PoolTimeout: return .notSent
        case is ReadTimeoutError: return .readTimeout
        case let tls as TLSError: return classify(tls)
        case is RequestGenerationFailed: return nil
        case let wrapped as any WrappedRequestError: return classify(wrapped)
        case let parse as HTTPParseError: return isMalformed(parse) ? .malformedResponse : .connectionLost
        case is ConnectionLost, is ConnectionDone: return .connectionLost
        case is CancelledError, is ConnectingCancelledError, is TimeoutError, is RequestDeadlineExceeded,
            is InvalidRequest, is InvalidURI, is SchemeNotSupported, is WrongBodyLength, is BodyTooLarge,
            is MaxRetryError, is BodyNotReplayable, is ConnectionAborted:
            return nil
        default:
            return .unknown
        }
    }

    private static func classify(_ tls: TLSError) -> RetryErrorClass? {
        switch tls {
        case .handshakeFailed, .peerClosedDuringHandshake: return .tlsHandshake
        case .truncated, .protocolError: return .connectionLost
        case .libraryUnavailable, .invalidConfiguration, .unknownIssuer, .certificateExpired, .certificateNotYetValid,
            .hostnameMismatch, .certificateRejected:
            return nil
        }
    }

    private static func classify(_ wrapped: any WrappedRequestError) -> RetryErrorClass? {
        let reasons = wrapped.reasons
        if reasons.contains(where: { $0 is CancelledError || $0 is ConnectionAborted }) { return nil }
        if let tls = reasons.lazy.compactMap({ $0 as? TLSError }).first { return classify(tls) }
        if reasons.contains(where: { ($0 as? ConnectionLost)?.isAborted == true }) { return nil }
        if reasons.contains(where: { ($0 as? HTTPParseError).map(isMalformed) ?? false }) { return .malformedResponse }
        return .connectionLost
    }

    /// A parse error about the bytes themselves, not about the connection ending early.
    private static func isMalformed(_ error: HTTPParseError) -> Bool {
        error.kind != .truncated && error.kind != .noResponse
    }
}
