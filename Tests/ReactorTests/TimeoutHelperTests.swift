import Reactor
import ReactorTesting
import Testing

@Suite("TimeoutHelper")
struct TimeoutHelperTests {
    @Test func firesAfterThePeriodWithoutActivity() {
        let clock = Clock()
        var timeouts = 0
        let helper = TimeoutHelper(clock: clock) { timeouts += 1 }
        #expect(helper.setTimeout(.seconds(10)) == nil)
        clock.advance(.seconds(9))
        #expect(timeouts == 0)
        clock.advance(.seconds(1))
        #expect(timeouts == 1)
        #expect(!helper.isPending)
        #expect(helper.timeout == .seconds(10))
    }

    @Test func resetTimeoutPostponesIt() {
        let clock = Clock()
        var timeouts = 0
        let helper = TimeoutHelper(clock: clock) { timeouts += 1 }
        helper.setTimeout(.seconds(10))
        clock.advance(.seconds(8))
        helper.resetTimeout()
        clock.advance(.seconds(8))
        #expect(timeouts == 0)
        clock.advance(.seconds(2))
        #expect(timeouts == 1)
    }

    @Test func clearingStopsItAndChangingRestartsIt() {
        let clock = Clock()
        var timeouts = 0
        let helper = TimeoutHelper(clock: clock) { timeouts += 1 }
        helper.setTimeout(.seconds(10))
        clock.advance(.seconds(5))
        #expect(helper.setTimeout(.seconds(3)) == .seconds(10))
        clock.advance(.seconds(3))
        #expect(timeouts == 1)
        helper.setTimeout(.seconds(3))
        #expect(helper.setTimeout(nil) == .seconds(3))
        #expect(clock.getDelayedCalls().isEmpty)
        clock.advance(.seconds(10))
        #expect(timeouts == 1)
        helper.resetTimeout()
        #expect(clock.getDelayedCalls().isEmpty)
    }

    @Test func idleProtocolIsDisconnected() {
        final class Idle: BaseProtocol {
            var helper: TimeoutHelper!
            init(clock: any ReactorTime) {
                super.init()
                helper = TimeoutHelper(clock: clock) { [weak self] in self?.transport?.loseConnection() }
            }
            override func connectionMade() { helper.setTimeout(.seconds(30)) }
            override func dataReceived(_ data: [UInt8]) { helper.resetTimeout() }
        }
        let clock = Clock()
        let proto = Idle(clock: clock)
        let transport = StringTransport()
        proto.makeConnection(transport)
        clock.advance(.seconds(20))
        proto.dataReceived([1])
        clock.advance(.seconds(20))
        #expect(!transport.isDisconnecting)
        clock.advance(.seconds(10))
        #expect(transport.isDisconnecting)
    }
}
