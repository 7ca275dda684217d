#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sees every byte of an input file once, in order, as a reader reads it. enet hashes the input
/// for a model's manifest this way: the digest is of the very bytes that were parsed, even when the
/// file changes afterwards or is a pipe that cannot be read twice.
public typealias ByteObserver = (UnsafeRawBufferPointer) -> Void

/// A file opened for reading and handed out in large chunks, so a reader can stream a file of any
/// size through a fixed buffer. Not copyable: the descriptor is closed exactly once, on deinit.
struct FileReader: ~Copyable {
    /// The path as the user gave it, for error messages.
    let path: String
    private let descriptor: Int32
    private let observer: ByteObserver?

    /// Opens `path`; a missing or unreadable file is an `InputError` naming it. `observer`, when
    /// given, sees each chunk before the reader does.
    init(path: String, observer: ByteObserver? = nil) throws(InputError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotRead(path, errno: errno) }
        self.path = path
        self.descriptor = descriptor
        self.observer = observer
    }

    deinit {
        close(descriptor)
    }

    /// Calls `body` with each chunk of the file in order, each at most `chunkSize` bytes and never
    /// empty. The buffer is reused, so `body` must not keep the pointer.
    func forEachChunk(
        chunkSize: Int = 1 << 20,
        _ body: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void
    ) throws(InputError) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                // A directory opens fine on Linux and fails here, with EISDIR.
                throw .cannotRead(path, errno: errno)
            }
            if count == 0 { return }
            observer?(UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[0 ..< count]))
            try body(UnsafeBufferPointer(rebasing: buffer[0 ..< count]))
        }
    }

    /// The whole file, for files known to be small (a lambda list), refused past the memory
    /// budget: an endless input (a link to /dev/zero) must end in an error, not in the allocator.
    /// `lineLimit` refuses a longer line at once, for files of one short entry a line; `start`
    /// sees the first chunk, so a file that is not of the expected kind is refused at once.
    func readAll(lineLimit: Int? = nil,
                 start: (UnsafeBufferPointer<UInt8>) throws(InputError) -> Void = { _ in }) throws(InputError) -> [UInt8] {
        var bytes: [UInt8] = []
        var lineLength = 0
        let budget = MemoryBudget.bytes
        try forEachChunk { (chunk) throws(InputError) in
            if bytes.isEmpty { try start(chunk) }
            if let lineLimit {
                for byte in chunk {
                    lineLength = byte == 0x0A ? 0 : lineLength + 1
                    if lineLength > lineLimit {
                        throw .file(path, "a line longer than \(MemoryBudget.describe(Double(lineLimit))): not a file of one entry a line")
                    }
                }
            }
            guard bytes.count + chunk.count <= budget else {
                throw .file(path, "the file goes on past \(MemoryBudget.describe(Double(bytes.count))), \(MemoryBudget.explanation)")
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// Lines of a fold-id or lambda file are a number each: a megabyte is far beyond any.
    static let shortLineLimit = 1 << 20
}
