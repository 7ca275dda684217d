import ArgumentParser
import ElasticNetModelFile

/// Where a text or JSON result goes (fit, path, cv, compare, explain). Apart from `CommonOptions`
/// so that the commands that write a picture or a page (plot, report) list only their own
/// `--output` (`PictureOutput`), and no `--format` they could not honour.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text or json (default: json when --output ends in .json, else text).")
    var format: OutputFormat?

    @Option(help: "Write the output to this file (atomically) instead of standard output; a .json name implies --format json, and the JSON is a model file for `enet predict`.")
    var output: String?

    /// The format in effect.
    var outputFormat: OutputFormat {
        format ?? (output?.lowercased().hasSuffix(".json") == true ? .json : .text)
    }

    func validate() throws {
        if let output { try Output.checkWritable(output, option: "--output") }
    }
}
