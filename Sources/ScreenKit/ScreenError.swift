/// Why a screen could not start, in one line that says what to do.
public struct ScreenError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
