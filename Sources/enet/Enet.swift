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
        StandardStreams.holdClosedDescriptors()
        InterruptCleanup.install()
        do {
            var command = try parseAsRoot()
            if let files = command as? FileRoles { try files.refuseOutputOverInput() }
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
            if exitCode(for: error) == .success { printHelpOrVersion(error) }
            if let unknown = UnknownOption.message(arguments: Array(CommandLine.arguments.dropFirst())) { fail(unknown) }
            fail(message(for: error).replacingOccurrences(of: "\n", with: " "))
        }
    }

    /// Help and --version, as ArgumentParser would print them, but through `StandardStreams` so
    /// that `enet --help > /dev/full` fails instead of exiting 0 with nothing written.
    static func printHelpOrVersion(_ error: Error) -> Never {
        let text = fullMessage(for: error)
        do {
            try StandardStreams.print(text + "\n")   // as print(_:) would
        } catch {
            fail(String(describing: error))
        }
        Foundation.exit(0)
    }

    static func fail(_ message: String) -> Never {
        StandardStreams.printError("enet: error: \(message)\n")
        Foundation.exit(2)
    }
}

/// A problem with how the command was asked for (options that do not fit the data).
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
