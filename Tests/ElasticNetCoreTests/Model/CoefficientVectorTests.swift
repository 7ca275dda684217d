import ElasticNetCore
import Testing

/// A fit's coefficients are kept as their nonzeros but must read exactly like the dense array.
struct CoefficientVectorTests {
    @Test func readsLikeTheDenseArray() {
        let dense: [Double] = [0, 1.5, 0, 0, -2, 0, 3e-300, 0]
        let vector = CoefficientVector(dense)
        #expect(vector.count == dense.count)
        #expect(Array(vector) == dense)
        #expect(vector.array == dense)
        #expect(dense.indices.allSatisfy { vector[$0] == dense[$0] })
        #expect(vector.nonzeroIndices == [1, 4, 6] && vector.nonzeroValues == [1.5, -2, 3e-300])
        #expect(vector.nonzeroCount == 3)
        #expect(vector.description == dense.description)
    }

    @Test func negativeZeroIsAZero() {
        let vector = CoefficientVector([-0.0, 1])
        #expect(vector.nonzeroCount == 1)
        #expect(vector[0] == 0 && vector[0].sign == .plus)
    }

    @Test func emptyAndAllZero() {
        #expect(CoefficientVector([]).isEmpty)
        let zeros = CoefficientVector([Double](repeating: 0, count: 5))
        #expect(zeros.nonzeroCount == 0 && Array(zeros) == [0, 0, 0, 0, 0])
        #expect(zeros == [0, 0, 0, 0, 0])
        #expect(zeros != [0, 0, 0, 0, 0, 0])
    }

    /// A path's fits hold only their nonzeros, and df is their count.
    @Test func pathFitsAreStoredSparse() throws {
        let data = try SharedData.load("diabetes")
        let path = try ElasticNet(options: FitOptions()).path(x: data.x, y: data.y)
        for fit in path.fits {
            #expect(fit.coefficients.nonzeroCount == fit.coefficients.filter { $0 != 0 }.count)
            #expect(fit.nonzeroCount == fit.coefficients.nonzeroIndices.count)
            #expect(fit.coefficients.nonzeroValues.allSatisfy { $0 != 0 })
        }
        #expect(path.fits.first?.nonzeroCount == 0)
    }
}
