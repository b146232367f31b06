import Deferred
import DeferredTesting
import Testing
import class Deferred.Deferred

/// The spellings docs/porting-map.md gives for a `Deferred` type clash compile and mean Torsion's type.
@Suite("Module and type named Deferred")
struct ModuleNameTests {
    @Test func moduleSelectorNamesTheType() throws {
        let d = Deferred::Deferred<Int>()
        d.callback(1)
        #expect(try successResultOf(d) == 1)
    }

    @Test func otherTypesNeedNoQualification() throws {
        let error = FirstError(error: CancelledError(), index: 2)
        #expect(error.description == "FirstError[2]: Deferred was cancelled")
        #expect(FailureGroup(errors: [Boom(tag: 1)]).description == "FailureGroup(Boom(tag: 1))")
    }
}
