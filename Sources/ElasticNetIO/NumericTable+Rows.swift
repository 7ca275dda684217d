/// Leaving rows out of a table while its messages keep naming the lines of the file.
extension NumericTable {
    /// The file line (1-based, the header is line 1) of row `i`.
    public func line(ofRow i: Int) -> Int { rowLines?[i] ?? i + 2 }

    /// The table of `rows` only (in the order given), each remembering its line in the file.
    public func keepingRows(_ rows: [Int]) -> NumericTable {
        var values = [Double]()
        values.reserveCapacity(rows.count * columnCount)
        for j in 0 ..< columnCount {
            let column = self.column(j)
            values += rows.map { column[column.startIndex + $0] }
        }
        var kept = NumericTable(columnNames: columnNames, rowCount: rows.count, values: values)
        kept.labels = labels.map { label in (column: label.column, values: rows.map { label.values[$0] }) }
        kept.categorical = categorical.mapValues { texts in rows.map { texts[$0] } }
        kept.indexColumn = indexColumn
        kept.rowLines = rows.map(line(ofRow:))
        return kept
    }
}
