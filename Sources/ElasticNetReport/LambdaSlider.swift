import Foundation

/// The report's lambda slider: moving it along the path shows that lambda's coefficients in the
/// coefficient table, its zeros, a marker on the path and CV figures, and the points of the
/// fitted-vs-observed figure (`points`).
///
/// Progressive: the page without script is the static report, unchanged (the slider, its readout
/// and the list of zeros are created by the script; the markers are drawn hidden). Everything is
/// formatted here, by the same `Label.number` and the same ordering as the static table, so the
/// script only shows strings and the page stays the same bytes for the same input. The script is
/// inline and fetches nothing: the page still opens offline.
public struct LambdaSlider {
    /// Per lambda: the readout ("λ = 0.1234: mean squared error 2900 ± 120, 7 nonzero").
    public var readouts: [String]
    /// Per lambda: the sentence over the coefficient table.
    public var summaries: [String]
    /// Per lambda: the largest nonzero rows of the coefficient table (at most `rowsShown`), the
    /// number of nonzero coefficients, and the first `zerosListed` zero features.
    public var rows: [[CoefficientRow]]
    public var nonzeroCounts: [Int]
    public var zeros: [[Int]]
    public var features: [String]
    /// The lambda of the static page: there the script puts back the static table.
    public var chosen: Int
    /// The ids of the coefficient table's body, of the paragraph over it, and of the hidden markers.
    public var tableID: String, summaryID: String, markerIDs: [String]
    /// The fitted-vs-observed figure's points at every lambda (pixels, as `FitPlot` draws them);
    /// nil: no such figure.
    public var points: SliderPoints?

    /// Rows and zeros kept per lambda: the data grow with the path's length times these, not times
    /// p (a ridge path on 2,308 features would otherwise carry every coefficient at every lambda).
    public static let rowsShown = 100, zerosListed = 60

    /// `coefficients[lambda][feature]` in original units; `scales` the features' standard deviations.
    public init(readouts: [String], summaries: [String], coefficients: [[Double]], scales: [Double], features: [String],
                chosen: Int, tableID: String, summaryID: String, markerIDs: [String]) {
        self.readouts = readouts
        self.summaries = summaries
        rows = coefficients.map { Array(CoefficientRow.nonzero(coefficients: $0, scales: scales).prefix(Self.rowsShown)) }
        nonzeroCounts = coefficients.map { $0.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
        zeros = coefficients.map { row in Array(row.indices.filter { row[$0] == 0 }.prefix(Self.zerosListed)) }
        self.features = features
        self.chosen = chosen
        self.tableID = tableID
        self.summaryID = summaryID
        self.markerIDs = markerIDs
    }

    /// The data, as JSON in which `<`, `>` and `&` are written as \u escapes: the text is then
    /// the same to an HTML parser (which reads a script's content raw) and to an XML parser.
    public func json() -> String {
        func string(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "<", ">", "&": out += String(format: "\\u%04x", scalar.value)
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        func list(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
        let rowsJSON = list(rows.map { list($0.map { list([String($0.feature)] + $0.cells.map(string)) }) })
        return "{" + [
            "\"chosen\":\(chosen)",
            "\"table\":" + string(tableID), "\"summary\":" + string(summaryID),
            "\"markers\":" + list(markerIDs.map(string)),
            "\"features\":" + list(features.map(string)),
            "\"readouts\":" + list(readouts.map(string)),
            "\"summaries\":" + list(summaries.map(string)),
            "\"rows\":" + rowsJSON,
            "\"nonzero\":" + list(nonzeroCounts.map(String.init)),
            "\"zeros\":" + list(zeros.map { list($0.map(String.init)) }),
            "\"points\":" + (points.map { points in
                "{\"id\":" + string(points.id) + ",\"attribute\":" + string(points.attribute) + ",\"positions\":"
                    + list(points.positions.map { string($0.map(SVG.number).joined(separator: " ")) }) + "}"
            } ?? "null"),
        ].joined(separator: ",") + "}"
    }

    /// The script. Kept free of `<` and `&` so that it is also well-formed XML text; the
    /// comparisons are written the other way round (b > a) for that reason.
    public static let script = """
    (function () {
      var data = JSON.parse(document.getElementById('lambda-slider-data').textContent);
      var body = document.getElementById(data.table), summary = document.getElementById(data.summary);
      if (!body || !summary) { return; }
      var table = body.parentNode, original = body.cloneNode(true), originalSummary = summary.textContent;
      var box = document.createElement('div');
      box.className = 'slider';
      var label = document.createElement('label');
      label.textContent = 'Move along the path: ';
      var input = document.createElement('input');
      input.type = 'range'; input.min = '0'; input.max = String(data.readouts.length - 1); input.step = '1';
      input.value = String(data.chosen); input.id = 'lambda-slider';
      label.appendChild(input);
      var readout = document.createElement('div');
      box.appendChild(label); box.appendChild(readout);
      summary.parentNode.insertBefore(box, summary);
      var zeros = document.createElement('p');
      zeros.className = 'slider-zeros';
      table.parentNode.insertBefore(zeros, table.nextSibling);
      function cell(tag, text, numeric) {
        var c = document.createElement(tag); c.textContent = text;
        if (numeric) { c.className = 'num'; }
        return c;
      }
      function show(l) {
        readout.textContent = data.readouts[l] + (l === data.chosen ? ' (the reported model)' : '');
        data.markers.forEach(function (id) {
          var marker = document.getElementById(id);
          if (!marker) { return; }
          var x = marker.getAttribute('data-positions').split(' ')[l];
          if (x === 'none') { marker.setAttribute('visibility', 'hidden'); return; }
          marker.setAttribute('x1', x); marker.setAttribute('x2', x); marker.setAttribute('visibility', 'visible');
        });
        var group = data.points ? document.getElementById(data.points.id) : null;
        if (group) {
          var at = data.points.positions[l].split(' '), circles = group.getElementsByTagName('circle');
          for (var i = 0; circles.length > i; i++) { circles[i].setAttribute(data.points.attribute, at[i]); }
        }
        var fresh = l === data.chosen ? original.cloneNode(true) : document.createElement('tbody');
        if (l !== data.chosen) {
          data.rows[l].forEach(function (row) {
            var tr = document.createElement('tr');
            tr.appendChild(cell('td', data.features[row[0]], false));
            row.slice(1).forEach(function (text) { tr.appendChild(cell('td', text, true)); });
            fresh.appendChild(tr);
          });
          if (data.nonzero[l] > data.rows[l].length) {
            var more = document.createElement('tr'), note = cell('td', 'and ' + (data.nonzero[l] - data.rows[l].length) + ' more', false);
            note.colSpan = 3; more.appendChild(note); fresh.appendChild(more);
          }
        }
        fresh.id = data.table;
        table.replaceChild(fresh, body);
        body = fresh;
        summary.textContent = l === data.chosen ? originalSummary : data.summaries[l];
        var count = data.features.length - data.nonzero[l];
        var listed = data.zeros[l].map(function (j) { return data.features[j]; });
        zeros.textContent = count === 0 ? 'No coefficient is zero at this λ.'
          : 'Zero at this λ (' + count + '): ' + listed.join(', ') + (count > listed.length ? ', and ' + (count - listed.length) + ' more' : '') + '.';
        if (l !== data.chosen) { zeros.textContent += ' The KKT margins below are those of the reported model.'; }
      }
      input.addEventListener('input', function () { show(Number(input.value)); });
      show(data.chosen);
    })();
    """
}

/// One row of the coefficient table: a feature and its formatted cells.
public struct CoefficientRow: Equatable {
    public var feature: Int
    public var cells: [String]

    /// The nonzero coefficients, largest effect first (|b_j s_j|, the change per standard
    /// deviation of the feature), ties to the first column: the coefficient to 6 digits and the
    /// effect to 4. One ordering and one format for the static table and the slider's.
    public static func nonzero(coefficients: [Double], scales: [Double]) -> [CoefficientRow] {
        let effect = { (j: Int) in abs(coefficients[j] * (scales.indices.contains(j) ? scales[j] : 1)) }
        return coefficients.indices.filter { coefficients[$0] != 0 }
            .sorted { effect($0) != effect($1) ? effect($0) > effect($1) : $0 < $1 }
            .map { j in
                CoefficientRow(feature: j, cells: [Label.number(coefficients[j], digits: 6),
                                                   Label.number(coefficients[j] * (scales.indices.contains(j) ? scales[j] : 1), digits: 4)])
            }
    }
}
