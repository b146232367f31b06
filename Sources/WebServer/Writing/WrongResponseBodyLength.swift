/// A streamed response body was not the length its head announced; the connection is aborted.
struct WrongResponseBodyLength: Error, CustomStringConvertible {
    let description: String
}
