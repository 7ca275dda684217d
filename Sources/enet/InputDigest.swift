import Crypto
import ElasticNetIO
import Foundation

/// The SHA-256 of an input file, of the very bytes its reader parsed, taken as they are read
/// (`ByteObserver`). Hashing the file again after the fit would give the digest of other bytes if
/// it had changed meanwhile, and fail on a pipe, which cannot be read twice.
final class InputDigest {
    private var hasher = SHA256()

    /// Hands to a reader: sees each chunk of the file in order.
    var observer: ByteObserver { { [self] bytes in hasher.update(bufferPointer: bytes) } }

    /// The digest of the bytes seen so far, as 64 lower-case hex digits.
    var hex: String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }
}

/// The digests of the files one design is read from: the data, and the `--response` and
/// `--feature-names` files (whose digests mean something only when those options are given).
final class InputDigests {
    let data = InputDigest()
    let response = InputDigest()
    let featureNames = InputDigest()
}
