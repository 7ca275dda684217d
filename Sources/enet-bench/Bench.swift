import ElasticNetCore
import ElasticNetIO
import Foundation

/// Release-only benchmark: fits the 100-lambda path of each standard problem written by
/// ../shared/bench/gen_problems.py and prints a CSV row per (problem, alpha): fit seconds (the
/// median of timed runs after one warm-up; loading excluded), the warm-up's own seconds (a cold
/// fit, as each `enet path` process makes), the CPU seconds of the fastest timed fit (which a busy
/// machine inflates far less than the wall clock), the worst relative duality
/// gap over the path (certified before the time is printed), the peak resident memory while
/// fitting, and the ratio to the fastest peer of ../shared/bench/PEERS.md.
///
///     swift run -c release enet-bench [--default-path] [--repeats K] [--tol T] [--alpha A] BENCH_DATA_DIR [PROBLEM ...]
///     swift run -c release enet-bench [--repeats K] --csv FILE      # CSV reading: MB/s, peak memory
///     swift run -c release enet-bench [--repeats K] --digits FILE   # multinomial path, ungrouped and grouped
///
/// BENCH_FITS=1 also prints each fit's lambda, df, sweeps and relative gap.
///
/// Without --default-path each path uses the problem's own grid (meta.json), no standardisation,
/// intercept on, as PEERS.md does; with it, our default sequence with standardisation.
@main
struct Bench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var defaultPath = false
        var repeats = 3
        var tolerance = 1e-7
        var alphas = [1.0, 0.5]
        while let first = arguments.first, first.hasPrefix("--") {
            arguments.removeFirst()
            switch first {
            case "--default-path": defaultPath = true
            case "--repeats": repeats = Int(arguments.removeFirst()) ?? 3
            case "--tol": tolerance = Double(arguments.removeFirst()) ?? 1e-7
            case "--alpha": alphas = [Double(arguments.removeFirst()) ?? 1]
            case "--csv": return try CSVThroughput.run(path: arguments.removeFirst(), repeats: repeats)
            case "--digits": return try MultinomialBench.run(path: arguments.removeFirst(), repeats: repeats, tolerance: tolerance)
            default: fatalError("unknown option \(first)")
            }
        }
        guard let directory = arguments.first else {
            print("usage: enet-bench [--default-path] [--repeats K] [--tol T] [--alpha A] BENCH_DATA_DIR [PROBLEM ...]")
            return
        }
        let only = Set(arguments.dropFirst())
        let peers = Peers.load()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            .filter { only.isEmpty || only.contains($0) }
            .filter { FileManager.default.fileExists(atPath: "\(directory)/\($0)/meta.json") }
        print("problem,n,p,family,alpha,lambdas,fit_seconds,worst_relative_gap,all_converged,peak_fit_mb,resident_before_mb,design_mb,fastest_peer_seconds,ratio,first_fit_seconds,fit_cpu_seconds")
        for name in names {
            let problem = try BenchProblem(directory: "\(directory)/\(name)")
            for alpha in alphas {
                var options = FitOptions(family: problem.family, alpha: alpha,
                                         standardize: defaultPath, intercept: true)
                options.tolerance = tolerance
                let sequence: LambdaSequence = defaultPath ? .standard : .explicit(problem.grid[alpha]!)
                let model = ElasticNet(options: options)
                var times = [Double]()
                var path: RegularizationPath? = nil
                // The first fit is the warm-up and the memory measure: resident before it (the
                // runtime and the loaded problem) and its peak, so the fit's own memory is the
                // difference. Measured on a later fit, the heap the first one freed but the
                // allocator kept would count as resident before, and hide it.
                let before = Memory.residentMegabytes()
                Memory.resetPeak()
                let coldStart = DispatchTime.now().uptimeNanoseconds
                path = try model.path(x: problem.x, y: problem.y, lambdas: sequence)
                let cold = Double(DispatchTime.now().uptimeNanoseconds - coldStart) / 1e9
                let peak = Memory.peakMegabytes()
                var cpu = Double.infinity
                for _ in 0 ..< repeats {
                    path = nil
                    let (start, cpuStart) = (DispatchTime.now().uptimeNanoseconds, Clock.processCPUSeconds())
                    path = try model.path(x: problem.x, y: problem.y, lambdas: sequence)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                    cpu = min(cpu, Clock.processCPUSeconds() - cpuStart)
                }
                if times.isEmpty { (times, cpu) = ([cold], .nan) }   // --repeats 0: the cold fit is all there is
                let fits = path!.fits
                if ProcessInfo.processInfo.environment["BENCH_FITS"] != nil {
                    for f in fits { print("  lambda \(f.lambda) df \(f.nonzeroCount) sweeps \(f.iterations) gap \(f.certificate.relativeGap)") }
                }
                let worst = fits.map(\.certificate.relativeGap).max() ?? .nan
                let converged = fits.allSatisfy(\.converged)
                let median = times.sorted()[times.count / 2]
                let peer = defaultPath ? nil : peers[PeerKey(problem: name, alpha: alpha)]
                let designMB = problem.designMegabytes
                print([name, "\(problem.x.rowCount)", "\(problem.x.columnCount)", problem.family.rawValue,
                       "\(alpha)", "\(fits.count)", String(format: "%.4f", median), String(format: "%.2e", worst),
                       "\(converged)", String(format: "%.1f", peak), String(format: "%.1f", before), String(format: "%.1f", designMB),
                       peer.map { String(format: "%.3f", $0) } ?? "",
                       peer.map { String(format: "%.3f", median / $0) } ?? "",
                       String(format: "%.4f", cold), String(format: "%.4f", cpu)].joined(separator: ","))
            }
        }
    }
}

/// One problem of gen_problems.py, read from its raw files: column-major float64 (dense), or the
/// CSC arrays (sparse: int32 offsets and rows, float64 values).
struct BenchProblem {
    let x: any DesignMatrix
    let y: [Double]
    let family: Family
    let grid: [Double: [Double]]

    init(directory: String) throws {
        let metaText = try String(contentsOfFile: "\(directory)/meta.json", encoding: .utf8)
        let meta = try JSONSerialization.jsonObject(with: Data(metaText.utf8)) as! [String: Any]
        let n = meta["n"] as! Int, p = meta["p"] as! Int
        family = (meta["family"] as! String) == "binomial" ? .binomial : .gaussian
        grid = Self.grids(metaText: metaText)
        if FileManager.default.fileExists(atPath: "\(directory)/X.f64") {
            x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: try Self.doubles("\(directory)/X.f64", count: n * p))
        } else {
            let starts = try Self.integers("\(directory)/csc_indptr.i32")
            x = SparseMatrix(rowCount: n, columnCount: p, columnStarts: starts,
                             rowIndices: try Self.integers("\(directory)/csc_indices.i32"),
                             values: try Self.doubles("\(directory)/csc_data.f64", count: starts.last ?? 0))
        }
        y = try Self.doubles("\(directory)/y.f64", count: n)
    }

    /// meta.json's lambda grids, each number read by Swift's correctly rounded `Double(_:)`.
    /// Foundation's JSONSerialization (Linux) misreads some of them by an ulp (2.6081192754079757e-05
    /// as ...753e-05), so the bench fitted lambdas a hair off those `enet path --lambdas` reads from
    /// the same grid: a different problem (on the sparse one, 16 of 100 lambdas took other sweep counts).
    static func grids(metaText: String) -> [Double: [Double]] {
        guard let gridKey = metaText.range(of: "\"grid\"") else { fatalError("meta.json has no grid") }
        let rest = metaText[gridKey.upperBound...]
        let object = rest[rest.firstIndex(of: "{")! ... rest.firstIndex(of: "}")!]
        var grids = [Double: [Double]]()
        // Each member is "alpha": [lambda, ...]; the alpha is the text between quotes before a '['.
        for member in object.split(separator: "]") {
            guard let open = member.firstIndex(of: "[") else { continue }
            let alpha = member[..<open].split(separator: "\"").compactMap { Double($0) }.first!
            let values = member[member.index(after: open)...].split(separator: ",")
                .map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
            grids[alpha] = values
        }
        return grids
    }

    /// The design's float64 size (dense), or its CSC arrays' size as stored here (sparse).
    var designMegabytes: Double {
        switch x.storage {
        case .dense(let dense): return Double(dense.values.count * 8) / 1e6
        case .sparse(let sparse): return Double(sparse.storedCount * 16 + sparse.columnStarts.count * 8) / 1e6
        }
    }

    static func integers(_ path: String) throws -> [Int] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { raw in (0 ..< data.count / 4).map { Int(raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) } }
    }

    static func doubles(_ path: String, count: Int) throws -> [Double] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        precondition(data.count == count * 8, "\(path): expected \(count) doubles")
        return data.withUnsafeBytes { raw in (0 ..< count).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self) } }
    }
}

struct PeerKey: Hashable {
    let problem: String
    let alpha: Double
}

/// The fastest peer's seconds per (problem, alpha), from the "fastest" column of PEERS.md.
enum Peers {
    static func load() -> [PeerKey: Double] {
        let here = URL(fileURLWithPath: #filePath)
        let file = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/bench/PEERS.md")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
        var peers = [PeerKey: Double]()
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 8, let alpha = Double(cells[2]) else { continue }
            let fastest = cells[cells.count - 1].split(separator: " ")
            guard fastest.count >= 2, let seconds = Double(fastest[1]) else { continue }
            peers[PeerKey(problem: cells[0], alpha: alpha)] = seconds
        }
        return peers
    }
}

/// The multinomial row of issue 19: a CSV whose last column is the class (digits: 1797 x 64, 10
/// classes), fitted as `enet path DATA --family multinomial [--grouped]` does by default (the
/// default lasso sequence, standardised, intercepts), ungrouped and grouped.
enum MultinomialBench {
    static func run(path: String, repeats: Int, tolerance: Double) throws {
        let table = try CSVReader.read(path: path)
        let n = table.rowCount, p = table.columnCount - 1
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: Array(table.values[0 ..< n * p]))
        let labels = table.column(p).map { Int($0) }
        let classCount = (labels.max() ?? 0) + 1
        print("problem,n,p,classes,grouped,lambdas,fit_seconds,first_fit_seconds,fit_cpu_seconds,worst_relative_gap,all_converged")
        for grouped in [false, true] {
            var options = FitOptions(family: .multinomial, alpha: 1)
            options.grouped = grouped
            options.tolerance = tolerance
            let model = ElasticNet(options: options)
            let coldStart = DispatchTime.now().uptimeNanoseconds
            var path = try model.multinomialPath(x: x, classes: labels, classCount: classCount)
            let cold = Double(DispatchTime.now().uptimeNanoseconds - coldStart) / 1e9
            var times = [Double](), cpu = Double.infinity
            for _ in 0 ..< repeats {
                let (start, cpuStart) = (DispatchTime.now().uptimeNanoseconds, Clock.processCPUSeconds())
                path = try model.multinomialPath(x: x, classes: labels, classCount: classCount)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                cpu = min(cpu, Clock.processCPUSeconds() - cpuStart)
            }
            if times.isEmpty { (times, cpu) = ([cold], .nan) }
            let median = times.sorted()[times.count / 2]
            let worst = path.fits.map(\.certificate.relativeGap).max() ?? .nan
            print(["digits", "\(n)", "\(p)", "\(classCount)", "\(grouped)", "\(path.fits.count)", String(format: "%.3f", median),
                   String(format: "%.3f", cold), String(format: "%.3f", cpu), String(format: "%.2e", worst),
                   "\(path.fits.allSatisfy(\.converged))"].joined(separator: ","))
        }
    }
}

enum Clock {
    /// CPU seconds this process has used (all threads).
    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// Peak resident memory of this process (Linux: VmHWM, reset through /proc/self/clear_refs).
enum Memory {
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func peakMegabytes() -> Double { field("VmHWM:") }

    static func residentMegabytes() -> Double { field("VmRSS:") }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
            return kb / 1024
        }
        return .nan
    }
}

/// Reading speed of `CSVReader` on one file: the best of `repeats` reads, and the peak resident
/// memory while reading against the size of the float64 matrix it produces.
enum CSVThroughput {
    static func run(path: String, repeats: Int) throws {
        let bytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0)
        _ = try CSVReader.read(path: path)          // warm the page cache
        var best = Double.infinity
        var matrixMB = 0.0, peak = 0.0, baseline = 0.0
        for _ in 0 ..< max(1, repeats) {
            baseline = Memory.residentMegabytes()
            Memory.resetPeak()
            let start = DispatchTime.now().uptimeNanoseconds
            let table = try CSVReader.read(path: path)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            peak = Memory.peakMegabytes()
            matrixMB = Double(table.values.count * 8) / 1_048_576
        }
        print("file_mb,seconds,mb_per_s,matrix_mib,peak_mib,baseline_mib,peak_over_matrix")
        print([String(format: "%.1f", bytes / 1e6), String(format: "%.3f", best), String(format: "%.1f", bytes / 1e6 / best),
               String(format: "%.1f", matrixMB), String(format: "%.1f", peak), String(format: "%.1f", baseline),
               String(format: "%.2f", (peak - baseline) / matrixMB)].joined(separator: ","))
    }
}
