import Foundation
import Testing

/// `enet compare` bounds each gradient solver by time as well as by --budget iterations, and says
/// on standard error which runs the time budget stopped.
struct CompareTimeBudgetTests {
    /// A budget far below one iteration's cost stops every gradient solver after its first
    /// iteration (the budget is checked after each), which stderr names; cd is not a gradient
    /// solver and runs to its tolerance as always.
    @Test func aSpentTimeBudgetStopsTheGradientSolversAndSaysSo() throws {
        let run = try EnetRun(["compare", EnetRun.diabetes, "--time-budget", "1e-9", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        #expect(abs((json["time_budget_seconds"] as? Double ?? 0) - 1e-9) < 1e-20)
        let solvers = try #require(json["solvers"] as? [[String: Any]])
        let byLabel = Dictionary(uniqueKeysWithValues: solvers.map { ($0["label"] as! String, $0) })
        #expect(byLabel["cd"]?["converged"] as? Bool == true)
        #expect(byLabel["cd"]?["stopped_by_time_budget"] as? Bool == false)
        for label in ["proximal-gradient", "fista", "sgd (cumulative)", "sgd (truncated)", "subgradient"] {
            let row = try #require(byLabel[label], "\(label)")
            #expect(row["iterations"] as? Int == 1, "\(label)")
            #expect(row["stopped_by_time_budget"] as? Bool == true, "\(label)")
            #expect(run.stderr.contains("\(label) after 1 of 1000"), "\(run.stderr)")
        }
        #expect(run.stderr.contains("time budget of 1e-09 s per gradient solver (given by --time-budget)"), "\(run.stderr)")
    }

    /// Without --time-budget the budget scales with coordinate descent's time, never below 1 s:
    /// on a small problem nothing changes (compareShowsWhereExactZerosComeFrom checks the answers).
    @Test func theDefaultTimeBudgetIsAtLeastOneSecond() throws {
        let run = try EnetRun(["compare", EnetRun.diabetes, "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let seconds = try #require(try run.json()["time_budget_seconds"] as? Double)
        #expect(seconds >= 1)
    }

    @Test(arguments: ["0", "-1", "inf", "nan"])
    func aTimeBudgetMustBePositiveSeconds(value: String) throws {
        let run = try EnetRun(["compare", EnetRun.diabetes, "--time-budget", value])
        #expect(!run.succeeded && run.stderr.contains("--time-budget"), "\(run.stderr)")
    }
}
