/// A model file that cannot be read: missing, not JSON, another format or version, or a model
/// block whose parts do not fit together. The description names the file and what is wrong.
public struct ModelFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
