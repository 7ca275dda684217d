import ArgumentParser
import ElasticNetCore
import ElasticNetIO
import ElasticNetModelFile
import Foundation

/// `enet`: elastic-net regularised linear models from the command line.
@main
struct Enet: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "enet",
        abstract: "Lasso, ridge and elastic-net models with certified solutions.",
        discussion: """
        Minimises  loss + lambda * sum_j pf_j [ (1-alpha)/2 (s_j b_j)^2 + alpha |s_j b_j| ]
        (glmnet's documented objective). Every fit reports its duality gap.
        """,
        version: version,
        subcommands: [FitCommand.self, PathCommand.self, CVCommand.self, PredictCommand.self,
                      CompareCommand.self, ExplainCommand.self, DemoCommand.self, PlotCommand.self, ReportCommand.self]
    )

    /// Errors become one line on stderr and exit code 2; help and --version exit as usual.
    static func main() {
        InterruptCleanup.install()
        do {
            var command = try parseAsRoot()
            try command.run()
            Notes.flush()
        } catch let error as InputError {
            fail(error.description)
        } catch let error as ElasticNetError {
            fail(error.description)
        } catch let error as CommandError {
            fail(error.description)
        } catch let error as ModelFileError {
            fail(error.description)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            if let unknown = UnknownOption.message(arguments: Array(CommandLine.arguments.dropFirst())) { fail(unknown) }
            fail(message(for: error).replacingOccurrences(of: "\n", with: " "))
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("enet: error: \(message)\n".utf8))
        Foundation.exit(2)
    }
}

/// A problem with how the command was asked for (options that do not fit the data).
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
