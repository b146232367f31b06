// Synchronous assertions on Deferreds for tests, after Twisted trial's `successResultOf`,
// `failureResultOf` and `assertNoResult`. They throw instead of importing a test framework, so they
// work in Swift Testing (`try successResultOf(d)`), XCTest and plain programs alike: a thrown
// `DeferredAssertionError` fails the test with its message and the caller's source location.

import Deferred

/// A Deferred assertion did not hold.
public struct DeferredAssertionError: Error, CustomStringConvertible {
    /// What was expected and what was found.
    public let message: String
    /// Where the assertion was made (`fileID:line`).
    public let location: String

    /// `<location>: <message>`.
    public var description: String { "\(location): \(message)" }
}

/// Returns the value a Deferred has already fired with, consuming it as trial does.
///
/// - Throws: ``DeferredAssertionError`` if the Deferred has no result yet or holds an error (the error is
///   then consumed: it does not also show up as unhandled).
public func successResultOf<Value>(
    _ deferred: Deferred<Value>, fileID: String = #fileID, line: Int = #line
) throws -> Value {
    switch observe(deferred) {
    case nil:
        throw DeferredAssertionError(
            message: "Success result expected on \(deferred), found no result instead", location: "\(fileID):\(line)")
    case .failure(let error)?:
        throw DeferredAssertionError(
            message: "Success result expected on \(deferred), found error result instead: \(error)",
            location: "\(fileID):\(line)")
    case .success(let value)?:
        return value
    }
}

/// Returns the error a Deferred has already failed with, consuming it.
///
/// - Throws: ``DeferredAssertionError`` if the Deferred has no result, succeeded, or failed with an error
///   that is not an `E`.
public func failureResultOf<Value, E: Error>(
    _ deferred: Deferred<Value>, _ errorType: E.Type, fileID: String = #fileID, line: Int = #line
) throws -> E {
    let error = try failureResultOf(deferred, fileID: fileID, line: line)
    guard let typed = error as? E else {
        throw DeferredAssertionError(
            message: "Failure of type \(E.self) expected on \(deferred), found \(type(of: error)): \(error)",
            location: "\(fileID):\(line)")
    }
    return typed
}

/// Returns the error a Deferred has already failed with, of any type, consuming it.
///
/// - Throws: ``DeferredAssertionError`` if the Deferred has no result or succeeded.
public func failureResultOf<Value>(
    _ deferred: Deferred<Value>, fileID: String = #fileID, line: Int = #line
) throws -> any Error {
    switch observe(deferred) {
    case nil:
        throw DeferredAssertionError(
            message: "Failure result expected on \(deferred), found no result instead", location: "\(fileID):\(line)")
    case .success(let value)?:
        throw DeferredAssertionError(
            message: "Failure result expected on \(deferred), found success result (\(value)) instead",
            location: "\(fileID):\(line)")
    case .failure(let error)?:
        return error
    }
}

/// Checks that a Deferred has no result yet (it has not fired, or its chain is paused).
///
/// - Throws: ``DeferredAssertionError`` if a result is available; an error result is consumed.
public func assertNoResult<Value>(
    _ deferred: Deferred<Value>, fileID: String = #fileID, line: Int = #line
) throws {
    if let result = observe(deferred) {
        throw DeferredAssertionError(
            message: "No result expected on \(deferred), found \(result) instead", location: "\(fileID):\(line)")
    }
}

/// The result that reaches the current end of `deferred`'s chain now, if any; marks an error as handled.
private func observe<Value>(_ deferred: Deferred<Value>) -> Result<Value, any Error>? {
    deferred.observeResultNow()
}
