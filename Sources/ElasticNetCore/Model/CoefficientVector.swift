/// One coefficient per feature, kept as its nonzeros: a path over 100,000 features with a few
/// thousand nonzero at each of 100 lambdas holds a few megabytes instead of 80. Reads like an
/// array of every coefficient (zeros are exactly 0.0): `b[j]` is a binary search over the
/// nonzeros; a `for` loop, `zip`, `reduce` or `Array(b)` walks them in order, O(count) in all,
/// while index-based algorithms (`map`, `indices.filter { b[$0] ... }`) cost O(count log df).
public struct CoefficientVector: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral,
                                 CustomStringConvertible {
    public typealias Indices = Range<Int>
    /// The number of coefficients (features).
    public let count: Int
    /// Positions of the nonzero coefficients, ascending.
    public let nonzeroIndices: [Int]
    /// Their values, in the same order.
    public let nonzeroValues: [Double]

    /// Keeps every entry of `dense` that is not 0 (nor -0.0).
    public init(_ dense: [Double]) {
        count = dense.count
        var indices = [Int](), values = [Double]()
        for (j, b) in dense.enumerated() where b != 0 {
            indices.append(j)
            values.append(b)
        }
        nonzeroIndices = indices
        nonzeroValues = values
    }

    public init(arrayLiteral elements: Double...) { self.init(elements) }

    /// These nonzeros (positions ascending, values not 0) among `count` coefficients.
    init(count: Int, nonzeroIndices: [Int], nonzeroValues: [Double]) {
        self.count = count
        self.nonzeroIndices = nonzeroIndices
        self.nonzeroValues = nonzeroValues
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(j: Int) -> Double {
        precondition(j >= 0 && j < count, "coefficient index \(j) out of range 0..<\(count)")
        var low = 0, high = nonzeroIndices.count
        while low < high {
            let middle = (low + high) / 2
            if nonzeroIndices[middle] < j { low = middle + 1 } else { high = middle }
        }
        return low < nonzeroIndices.count && nonzeroIndices[low] == j ? nonzeroValues[low] : 0
    }

    /// Every coefficient in order, zeros filled in, one step per coefficient.
    public struct Iterator: IteratorProtocol {
        fileprivate let vector: CoefficientVector
        fileprivate var position = 0
        fileprivate var nextNonzero = 0

        public mutating func next() -> Double? {
            guard position < vector.count else { return nil }
            defer { position += 1 }
            guard nextNonzero < vector.nonzeroIndices.count, vector.nonzeroIndices[nextNonzero] == position else { return 0 }
            nextNonzero += 1
            return vector.nonzeroValues[nextNonzero - 1]
        }
    }

    public func makeIterator() -> Iterator { Iterator(vector: self) }

    /// df: the number of nonzero coefficients.
    public var nonzeroCount: Int { nonzeroIndices.count }

    /// Every coefficient as an array.
    public var array: [Double] {
        var dense = [Double](repeating: 0, count: count)
        for (j, b) in zip(nonzeroIndices, nonzeroValues) { dense[j] = b }
        return dense
    }

    public var description: String { array.description }
}
