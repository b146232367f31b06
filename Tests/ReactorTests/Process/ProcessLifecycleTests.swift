import Testing
@testable import Reactor

@Suite("ProcessLifecycle: Twisted's event order as values")
struct ProcessLifecycleTests {
    @Test func endsAfterTheLastPipeWhenReapedFirst() {
        var lifecycle = ProcessLifecycle(pipes: [0, 1, 2])
        #expect(lifecycle.reaped(status: 0) == [.processExited(status: 0)])
        #expect(lifecycle.pipeClosed(1) == [.childConnectionLost(1)])
        #expect(lifecycle.pipeClosed(0) == [.childConnectionLost(0)])
        #expect(lifecycle.pipeClosed(2) == [.childConnectionLost(2), .processEnded(status: 0)])
        #expect(lifecycle.hasEnded)
    }

    @Test func endsAtReapingWhenThePipesClosedFirst() {
        var lifecycle = ProcessLifecycle(pipes: [1])
        #expect(lifecycle.pipeClosed(1) == [.childConnectionLost(1)])
        #expect(!lifecycle.hasEnded)
        #expect(lifecycle.reaped(status: 256) == [.processExited(status: 256), .processEnded(status: 256)])
    }

    @Test func eachEventCountsOnce() {
        var lifecycle = ProcessLifecycle(pipes: [0])
        #expect(lifecycle.pipeClosed(0).count == 1)
        #expect(lifecycle.pipeClosed(0).isEmpty)
        #expect(lifecycle.pipeClosed(7).isEmpty)
        #expect(lifecycle.reaped(status: 9) == [.processExited(status: 9), .processEnded(status: 9)])
        #expect(lifecycle.reaped(status: 0).isEmpty)
    }

    @Test func noPipesEndsAtReaping() {
        var lifecycle = ProcessLifecycle(pipes: [])
        #expect(lifecycle.reaped(status: 0) == [.processExited(status: 0), .processEnded(status: 0)])
    }

    @Test func waitStatusesBecomeReasons() {
        #expect(makeProcessExitReason(status: 0) is ProcessDone)
        let exited = makeProcessExitReason(status: 3 << 8)
        #expect(exited as? ProcessTerminated == ProcessTerminated(exitCode: 3, signal: nil, status: 3 << 8))
        let killed = makeProcessExitReason(status: 9)
        #expect(killed.signal == 9)
        #expect(killed.exitCode == nil)
        let unknown = makeProcessExitReason(status: -1)
        #expect(unknown.exitCode == nil && unknown.signal == nil)
        #expect("\(killed)".contains("SIGKILL"))
    }
}

@Suite("SpawnPlan: the child's descriptors as file actions")
struct SpawnPlanTests {
    @Test func standardPipes() {
        let mapping: [Int32: Int32] = [0: 10, 1: 11, 2: 12]
        #expect(SpawnPlan.sourcesToRelocate(mapping).isEmpty)
        #expect(
            SpawnPlan.actions(mapping) == [
                .dup2(from: 10, to: 0), .dup2(from: 11, to: 1), .dup2(from: 12, to: 2), .closeFrom(3),
            ])
    }

    @Test func gapsAreClosed() {
        #expect(
            SpawnPlan.actions([1: 9, 4: 8]) == [
                .dup2(from: 9, to: 1), .dup2(from: 8, to: 4), .close(0), .close(2), .close(3), .closeFrom(5),
            ])
    }

    @Test func sourcesInTheTargetRangeAreRelocated() {
        // 2>&1 style: the child's 1 and 2 both come from the parent's 1, and 0 from the parent's 2.
        let mapping: [Int32: Int32] = [0: 2, 1: 1, 2: 1]
        #expect(SpawnPlan.sourcesToRelocate(mapping) == [1, 2])
        #expect(SpawnPlan.highestChildFD(mapping) == 2)
    }

    @Test func noDescriptorsClosesEverything() {
        #expect(SpawnPlan.actions([:]) == [.closeFrom(0)])
    }
}

@Suite("Signal names")
struct SignalNamesTests {
    @Test func namesAndNumbers() {
        #expect(SignalNames.number(of: "TERM") == 15)
        #expect(SignalNames.number(of: "SIGKILL") == 9)
        #expect(SignalNames.number(of: "HUP") == 1)
        #expect(SignalNames.number(of: "NOPE") == nil)
        #expect(SignalNames.name(of: 2) == "INT")
    }
}
