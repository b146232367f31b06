/// An error for tests to throw and recognise.
struct Boom: Error, Equatable {
    var tag = 0
}
