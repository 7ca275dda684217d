#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How much memory an input may ask for, so that an input too big for this machine is refused
/// with a line naming the cause (rows x columns, levels x rows) before it is allocated, instead of
/// an abort in the allocator or the kernel's OOM killer. The budget is `--max-memory` when given,
/// else the smaller of physical memory and the process's own limits (`ulimit -v`, `ulimit -d`).
public enum MemoryBudget {
    /// Set once from `--max-memory`, on the main thread, before any reading starts.
    nonisolated(unsafe) private static var chosen: Int? = nil

    /// The budget in bytes.
    public static var bytes: Int { chosen ?? machine }

    /// Uses `bytes` as the budget (nil: the machine's).
    public static func set(_ bytes: Int?) { chosen = bytes }

    /// Physical memory, capped by RLIMIT_AS and RLIMIT_DATA when they are set.
    static var machine: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        var budget = pages > 0 && pageSize > 0 ? pages.multipliedReportingOverflow(by: pageSize).partialValue : Int.max
        for resource in [RLIMIT_AS, RLIMIT_DATA] {
            var limit = rlimit()
            #if canImport(Glibc)
            let status = getrlimit(__rlimit_resource_t(resource.rawValue), &limit)
            #else
            let status = getrlimit(resource, &limit)
            #endif
            if status == 0 && limit.rlim_cur < rlim_t(Int.max) {   // RLIM_INFINITY is the largest rlim_t
                budget = min(budget, Int(limit.rlim_cur))
            }
        }
        return budget
    }

    /// Does `bytes` (a Double, so that products of counts cannot overflow) fit the budget?
    public static func allows(_ bytes: Double) -> Bool { bytes <= Double(self.bytes) }

    /// A size as people write it: "512M", "2G", "1.5g", "100000" (bytes); K, M, G, T are powers
    /// of 1024. Nil when it is not one.
    public static func parse(_ text: String) -> Int? {
        let units: [Character: Double] = ["k": 1024, "m": 1_048_576, "g": 1_073_741_824, "t": 1_099_511_627_776]
        var digits = text.lowercased()
        if digits.hasSuffix("b") && digits.count > 1 && units[digits.dropLast().last ?? " "] != nil { digits.removeLast() }
        var scale = 1.0
        if let last = digits.last, let unit = units[last] { scale = unit; digits.removeLast() }
        guard let value = Double(digits), value.isFinite, value > 0, value * scale < 9e18 else { return nil }
        return Int(value * scale)
    }

    /// `bytes` for people: "3.2 GiB", "512.0 MiB".
    public static func describe(_ bytes: Double) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes, k = 0
        while value >= 1024 && k < units.count - 1 { value /= 1024; k += 1 }
        let tenths = Int((value * 10).rounded())
        return k == 0 ? "\(Int(value)) bytes" : "\(tenths / 10).\(tenths % 10) \(units[k])"
    }

    /// The sentence that ends a refusal: what the budget is and how to change it.
    public static var explanation: String {
        "over the memory budget of \(describe(Double(bytes))) (" + (chosen != nil ? "--max-memory" : "physical memory and ulimit") + ")"
    }
}
