/// What the connection carrying a request tells that request's timeouts (``TimedRequest``), through
/// ``Request/observer``.
///
/// Calls come from ``HTTP11ClientProtocol`` on the reactor thread, for the request in progress only (a
/// retry on a fresh connection carries the same observer). The request Deferred's own outcome is not
/// reported here: the observer sees it through the Deferred.
protocol ExchangeObserver: AnyObject {
    /// The whole request (head and body) has been handed to the transport.
    func requestWritten()
    /// Bytes arrived on the connection while the request's response was awaited or read.
    func bytesReceived()
    /// The response ended, complete or failed in its body; called before any body consumer or quiescent
    /// callback hears of it.
    func responseEnded()
}
