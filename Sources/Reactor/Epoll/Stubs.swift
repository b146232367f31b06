// Temporary until the reactor-api merge.
struct ReactorTimers {}
struct SystemEventTriggers {}
extension EpollReactor {
    func runDueTimers() {}
    func timeUntilNextTimer() -> Duration? { nil }
    func fireStartup() {}
}
struct ReactorAlreadyRunning: Error {}
struct ReactorNotRestartable: Error {}
