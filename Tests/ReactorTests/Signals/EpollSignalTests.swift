import Deferred
import Glibc
import Testing
@testable import Reactor

// Tests use signals whose default action is to do nothing (SIGWINCH, SIGURG), so that a signal arriving
// while no reactor claims it cannot end the test process.
@Suite("Epoll reactor: signal handlers")
struct EpollSignalTests {
    @Test func aHandlerRunsOnTheReactorThread() async throws {
        let (signal, onReactorThread, handlerCount) = try await runReactor { reactor in
            let seen = Deferred<(Int32, Bool)>()
            let id = try reactor.addSignalHandler(SIGWINCH) { number in
                if !seen.isCalled { seen.callback((number, reactor.isInReactorThread)) }
            }
            let second = try reactor.addSignalHandler(SIGWINCH) { _ in }
            // Process-directed: the kernel picks any thread that does not block it; the claim forwards it.
            kill(getpid(), SIGWINCH)
            return seen.addCallback { number, onThread in
                reactor.removeSignalHandler(id)
                reactor.removeSignalHandler(second)
                return (number, onThread, reactor.subsystems.signalWatcher?.claimedSignals.count ?? -1)
            }
        }
        #expect(signal == SIGWINCH)
        #expect(onReactorThread)
        #expect(handlerCount == 0)
    }

    @Test func uncatchableSignalsAreRefused() async throws {
        let refused = try await runReactor { reactor -> Deferred<Int> in
            var refusals = 0
            for signal in [SIGKILL, SIGSTOP, SIGSEGV] {
                do { try reactor.addSignalHandler(signal) { _ in } } catch is SignalHandlingError { refusals += 1 }
            }
            return .succeed(refusals)
        }
        #expect(refused == 3)
    }

    @Test func aSignalBelongsToOneReactorAtATime() async throws {
        let (busy, afterRelease) = try await runReactor { reactor -> Deferred<(Int32?, Bool)> in
            let other = try EpollReactor()
            let id = try reactor.addSignalHandler(SIGURG) { _ in }
            var code: Int32?
            do { try other.addSignalHandler(SIGURG) { _ in } } catch let error as SignalHandlingError { code = error.errno }
            reactor.removeSignalHandler(id)
            let claimed = (try? other.addSignalHandler(SIGURG) { _ in }).map { other.removeSignalHandler($0) } != nil
            return .succeed((code, claimed))
        }
        #expect(busy == EBUSY)
        #expect(afterRelease)
    }

    @Test func stopHandlersAreInstalledOnlyWhenAsked() async throws {
        let installed = try await runReactor { reactor -> Deferred<Int> in
            // runReactor calls run() on a thread that is not the main thread: no stop handlers.
            .succeed(reactor.subsystems.stopSignalHandlers.count)
        }
        #expect(installed == 0)
    }
}

@Suite("Epoll reactor: SIGINT and SIGTERM stop run() (in child processes)")
struct EpollSignalStopTests {
    @Test func sigtermStopsTheReactorCleanly() async {
        await #expect(processExitsWith: .exitCode(0)) {
            let reactor = try! EpollReactor()
            var shutdownRan = false
            reactor.addShutdownTrigger(phase: .before) { shutdownRan = true }
            reactor.callWhenRunning { kill(getpid(), SIGTERM) }
            try! reactor.run(installSignalHandlers: true)
            exit(shutdownRan && reactor.stopSignal == SIGTERM ? 0 : 1)
        }
    }

    @Test func sigintStopsTheReactorCleanly() async {
        await #expect(processExitsWith: .exitCode(0)) {
            let reactor = try! EpollReactor()
            var closed = false
            let port = try! reactor.listenUDP(port: 0, protocol: DatagramRecorder(), interface: "127.0.0.1")
            reactor.addShutdownTrigger(phase: .after) { closed = !(port as! EpollUDPPort).isListening }
            reactor.callWhenRunning { kill(getpid(), SIGINT) }
            try! reactor.run(installSignalHandlers: true)
            // After run, the default disposition is back: a second SIGTERM would now end the process.
            var action = sigaction()
            sigaction(SIGINT, nil, &action)
            let restored = unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == 0
            exit(closed && reactor.stopSignal == SIGINT && restored ? 0 : 1)
        }
    }

    @Test func handlersAreRemovedWhenRunReturns() async {
        await #expect(processExitsWith: .success) {
            var maskBefore = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &maskBefore)
            let reactor = try! EpollReactor()
            _ = try! reactor.addSignalHandler(SIGUSR1) { _ in }
            reactor.callWhenRunning { try! reactor.stop() }
            try! reactor.run(installSignalHandlers: false)
            var action = sigaction()
            sigaction(SIGUSR1, nil, &action)
            #expect(unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == 0, "disposition restored")
            #expect(reactor.subsystems.signalWatcher?.claimedSignals.isEmpty == true, "no claim left")
            var maskAfter = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &maskAfter)
            #expect(sigismember(&maskAfter, SIGUSR1) == sigismember(&maskBefore, SIGUSR1), "mask restored")
        }
    }

    @Test func withoutSignalHandlersSIGTERMEndsTheProcess() async {
        await #expect(processExitsWith: .signal(SIGTERM)) {
            let reactor = try! EpollReactor()
            reactor.callWhenRunning { kill(getpid(), SIGTERM) }
            try! reactor.run(installSignalHandlers: false)
            exit(0)
        }
    }
}
