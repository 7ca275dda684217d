import ArgumentParser
import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile
import ElasticNetReport

/// `enet demo l1-vs-l2`: one weight, shrunk step by step by L1 and by L2.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Why L1 gives zeros and L2 does not: the one-weight picture.",
        discussion: "l1-vs-l2: from w0, steps of length eta on lambda|w| (proximal and raw subgradient), on lambda/2 w^2, and proximal steps on MCP and SCAD (whose derivative tapers to 0, so a large weight is not shrunk), then the same with a one-feature least-squares data term.")

    enum Name: String, ExpressibleByArgument, CaseIterable { case l1VsL2 = "l1-vs-l2" }

    @Argument(help: "The demo: l1-vs-l2.")
    var name: Name

    @Option(parsing: .unconditional, help: "The starting weight.")
    var w0: Double = DemoOptions.standard.w0

    @Option(parsing: .unconditional, help: "The step length (> 0).")
    var eta: Double = DemoOptions.standard.eta

    @Option(parsing: .unconditional, help: "The penalty strength (>= 0).")
    var lambda: Double = DemoOptions.standard.lambda

    @Option(parsing: .unconditional, help: "The number of steps (1 to 10000).")
    var steps: Int = DemoOptions.standard.steps

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Also draw the figure (the penalties, their derivatives and these trajectories) to this SVG file, atomically.")
    var svg: String?

    func validate() throws {
        // Bounded so the trajectories and the data term (products of these) stay finite.
        guard w0.isFinite, abs(w0) <= 1e100 else { throw ValidationError("--w0 must be a number of size at most 1e100, got \(w0)") }
        guard eta > 0, eta <= 1e100 else { throw ValidationError("--eta must be a number in (0, 1e100], got \(eta)") }
        guard lambda >= 0, lambda <= 1e100 else { throw ValidationError("--lambda must be a number in [0, 1e100], got \(lambda)") }
        // The gradient steps on the L2 and data terms are stable only while eta * curvature <= 2.
        guard eta * (lambda + OneWeightDemo.curvature) <= 2 else {
            throw ValidationError("--eta \(eta) with --lambda \(lambda): eta * (lambda + \(OneWeightDemo.curvature)) must be at most 2, else the gradient steps diverge (\(OneWeightDemo.curvature) is the data term's curvature)")
        }
        guard steps >= 1, steps <= 10_000 else { throw ValidationError("--steps must be between 1 and 10000, got \(steps)") }
        if let svg { try Output.checkWritable(svg, option: "--svg") }
    }

    func run() throws {
        let demo = OneWeightDemo(w0: w0, eta: eta, lambda: lambda, steps: steps)
        if let svg { try AtomicFile.write(DemoPlot.svg(Pictures.demo(demo)).rendered(), to: svg) }
        try Output.emit(format == .json ? DemoCommand.json(demo).rendered() : DemoCommand.text(demo), to: nil)
    }

    static func json(_ demo: OneWeightDemo) -> JSON {
        .object([
            ("w0", .number(demo.w0)), ("eta", .number(demo.eta)), ("lambda", .number(demo.lambda)), ("steps", .integer(demo.steps)),
            ("l1", .numbers(demo.l1)),
            ("l1_subgradient", .numbers(demo.l1Subgradient)),
            ("l2", .numbers(demo.l2)),
            ("mcp", .numbers(demo.mcp)),
            ("scad", .numbers(demo.scad)),
            ("mcp_concavity", .number(OneWeightDemo.mcpConcavity)),
            ("scad_concavity", .number(OneWeightDemo.scadConcavity)),
            ("l1_first_exact_zero", OneWeightDemo.firstExactZero(demo.l1).map { .integer($0) } ?? .null),
            ("l2_first_exact_zero", OneWeightDemo.firstExactZero(demo.l2).map { .integer($0) } ?? .null),
            ("data_x", .numbers(OneWeightDemo.dataX)),
            ("data_y", .numbers(OneWeightDemo.dataY)),
            ("data_l1", .numbers(demo.dataL1)),
            ("data_l1_subgradient", .numbers(demo.dataL1Subgradient)),
            ("data_l2", .numbers(demo.dataL2)),
            ("data_mcp", .numbers(demo.dataMCP)),
            ("data_scad", .numbers(demo.dataSCAD)),
            ("lasso_optimum", .number(demo.lassoOptimum)),
            ("ridge_optimum", .number(demo.ridgeOptimum)),
            ("mcp_optimum", .number(demo.mcpOptimum)),
            ("scad_optimum", .number(demo.scadOptimum)),
        ])
    }

    static func text(_ demo: OneWeightDemo) -> String {
        let stepText = Text.number(demo.eta * demo.lambda)
        var lines = ["One weight, w0 = \(Text.number(demo.w0)), eta = \(Text.number(demo.eta)), lambda = \(Text.number(demo.lambda)).",
                     "",
                     "Penalty only. L1 pushes by a constant \(stepText) (its subgradient is sign(w)); L2 by \(stepText) * w, proportional to w.",
                     "  L1 prox:       w <- sign(w) max(|w| - eta lambda, 0)   (stops at exactly 0)",
                     "  L1 subgradient: w <- w - eta lambda sign(w), sign(0) = 0 (nothing stops it at 0)",
                     "  L2:            w <- (1 - eta lambda) w",
                     "  MCP, SCAD prox: w <- argmin_c (c - w)^2 / (2 eta) + penalty(c), MCP gamma = \(Text.number(OneWeightDemo.mcpConcavity)), SCAD a = \(Text.number(OneWeightDemo.scadConcavity))",
                     "  MCP and SCAD push like L1 near 0 (slope lambda), but their slope tapers to 0 (at gamma lambda and a lambda):",
                     "  a small weight still lands on exactly 0, a large weight is not shrunk at all (no bias on big effects).",
                     ""]
        lines += table(["L1 prox", "L1 subgrad", "L2", "MCP prox", "SCAD prox"], [demo.l1, demo.l1Subgradient, demo.l2, demo.mcp, demo.scad])
        lines.append("")
        lines.append(verdict("L1 prox", demo.l1))
        lines.append(verdict("L1 subgradient", demo.l1Subgradient))
        lines.append(verdict("L2", demo.l2))
        lines.append(verdict("MCP prox", demo.mcp))
        lines.append(verdict("SCAD prox", demo.scad))
        let ratio = demo.w0 / (demo.eta * demo.lambda)
        if demo.lambda > 0 && ratio == ratio.rounded() {
            lines.append("  (w0 is a whole number of steps eta lambda, so the raw subgradient lands on 0 exactly and sign(0) = 0 holds it;")
            lines.append("   from any other w0, e.g. --w0 \(Text.number(demo.w0 + 0.2 * demo.eta * demo.lambda)), it jumps across zero for ever.)")
        }
        lines.append("")
        let h = OneWeightDemo.curvature, q = OneWeightDemo.correlation
        lines.append("With a data term E0(w) = 1/(2n) sum (y - w x)^2, x = (\(OneWeightDemo.dataX.map { Text.number($0) }.joined(separator: ", "))), y = (\(OneWeightDemo.dataY.map { Text.number($0) }.joined(separator: ", "))): dE0/dw = \(Text.number(h)) w - \(Text.number(q)).")
        lines.append("The optimum is \(Text.exact(demo.lassoOptimum)) with L1 (|dE0/dw(0)| = \(Text.number(abs(q))) \(abs(q) <= demo.lambda ? "<=" : ">") lambda) and \(Text.number(demo.ridgeOptimum)) with L2;")
        lines.append("with MCP \(Text.exact(demo.mcpOptimum)) and with SCAD \(Text.exact(demo.scadOptimum)) (the least-squares value \(Text.number(q / h)) when it is beyond the taper: unshrunk).")
        lines.append("")
        lines += table(["L1 prox", "L1 subgrad", "L2", "MCP prox", "SCAD prox"],
                       [demo.dataL1, demo.dataL1Subgradient, demo.dataL2, demo.dataMCP, demo.dataSCAD])
        lines.append("")
        lines.append(verdict("L1 prox", demo.dataL1))
        lines.append(verdict("L1 subgradient", demo.dataL1Subgradient))
        lines.append(verdict("L2", demo.dataL2))
        lines.append(verdict("MCP prox", demo.dataMCP))
        lines.append(verdict("SCAD prox", demo.dataSCAD))
        return lines.joined(separator: "\n") + "\n"
    }

    private static func table(_ names: [String], _ columns: [[Double]]) -> [String] {
        var lines = [Text.padLeft("step", 4) + names.map { "  " + Text.padLeft($0, 22) }.joined()]
        for k in columns[0].indices {
            lines.append(Text.padLeft(String(k), 4) + columns.map { "  " + Text.padLeft(Text.exact($0[k]), 22) }.joined())
        }
        return lines
    }

    private static func verdict(_ name: String, _ trajectory: [Double]) -> String {
        guard let first = OneWeightDemo.firstExactZero(trajectory) else {
            let last = trajectory.last ?? 0
            let crossings = zip(trajectory, trajectory.dropFirst()).filter { $0 * $1 < 0 }.count
            return "  \(name): never exactly 0; last value \(Text.exact(last))" + (crossings > 0 ? ", crossed zero \(crossings) times" : "")
        }
        let stays = trajectory[first...].allSatisfy { $0 == 0 }
        return "  \(name): exactly 0 after \(first) steps" + (stays ? " and stays there" : ", then leaves 0 again")
    }
}
