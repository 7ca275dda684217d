import ElasticNetIO

/// Which columns of a CSV are features and which rows are data, beyond the target, weights and
/// offset: pandas' unnamed index column, the columns of `--exclude`, and `--drop-missing-target`.
/// A newcomer's file is rarely the bare table of numbers a fit wants; these say what was set
/// aside on stderr (`Notes`) rather than refusing it.
enum DataSelection {
    /// The columns that are neither features nor the columns in `roles` (index -> "target",
    /// "weights" or "offset"): the index column and those named by --exclude.
    static func leftOutColumns(_ common: CommonOptions, table: NumericTable, roles: [Int: String]) throws -> Set<Int> {
        var leftOut = Set<Int>()
        if let j = table.indexColumn {
            leftOut.insert(j)
            Notes.add(indexColumnNote(common.data))
        }
        for name in common.excludedColumns {
            guard let j = table.columnIndex(named: name) else {
                // The first few names only: a wide file's header does not fit on one error line.
                let names = table.columnNames.filter { !$0.isEmpty }
                let shown = names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", ... (\(names.count) in all)" : "")
                throw CommandError("\(common.data): no column named \"\(name)\" for --exclude; the columns are \(shown)")
            }
            if let role = roles[j] { throw CommandError("--exclude names the \(role) column \"\(name)\"") }
            leftOut.insert(j)
        }
        return leftOut
    }

    static func indexColumnNote(_ file: String) -> String {
        "\(file): the unnamed first column is a row index (pandas' to_csv writes one); it is left out"
    }

    /// `table` without the rows whose `target` column is missing (NaN, as the reader stores an
    /// empty or NA cell of `CellPolicy.missingAllowed`); the count goes to stderr.
    static func droppingMissingTarget(_ table: NumericTable, target: Int, file: String) throws -> NumericTable {
        let column = table.column(target)
        let kept = column.indices.filter { !column[$0].isNaN }.map { $0 - column.startIndex }
        let name = table.columnNames[target]
        guard !kept.isEmpty else { throw InputError.file(file, "every value of the target column \"\(name)\" is missing") }
        Notes.add("\(file): --drop-missing-target left out \(table.rowCount - kept.count) of \(table.rowCount) rows (target \"\(name)\" missing)")
        return kept.count == table.rowCount ? table : table.keepingRows(kept)
    }

    /// A text cell where a number was expected: says how to read the column as categories or
    /// leave it out. A missing cell: how to fill it in (a feature) or leave its row out (the
    /// target; `target` is the --target given, nil for the default last column).
    static func withHint(_ error: InputError, target: String?) -> InputError {
        if let name = error.textColumn {
            let option = Shell.quote(NameList.quoted(name))
            return InputError(error.message + "; a text column is read as categories with --categorical \(option), or left out with --exclude \(option)")
        }
        guard let name = error.missingColumn else { return error }
        let drop = "--drop-missing-target leaves out the rows whose target is missing"
        let impute = "--impute mean or median fills in missing features"
        switch target {
        case name?: return InputError(error.message + "; " + drop)
        case _?: return InputError(error.message + "; " + impute)
        case nil: return InputError(error.message + "; " + drop + ", " + impute)
        }
    }
}
