/// Okabe & Ito's colour-blind-safe palette (Color Universal Design, 2008), ordered so that the
/// first colours keep most contrast on white. Its yellow is left out: curve labels are drawn in
/// the curve's colour and yellow text on white is unreadable. With more curves than colours, dash
/// patterns tell them apart, and every curve still carries its name.
public enum Palette {
    public static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    static let dashes: [String?] = [nil, "6,3", "2,2", "8,3,2,3"]

    /// The colour and dash of curve `index`.
    public static func style(_ index: Int) -> (color: String, dash: String?) {
        (colors[index % colors.count], dashes[(index / colors.count) % dashes.count])
    }

    /// Axes, text and reference lines.
    static let ink = "#000000"
    static let grid = "#e5e5e5"
    static let muted = "#555555"
}
