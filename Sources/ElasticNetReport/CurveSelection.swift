/// Which coefficient curves a path picture names, and which it draws at all.
///
/// Naming every curve works for ten features and fails for thousands (a picture 27,880 px tall
/// for 2,308 genes, every name unreadable). So at most `maximumLabels` curves carry a name, a
/// colour and a dash: those that matter, meaning the features in the model at the chosen lambda
/// (lambda.1se, else lambda.min), else the first to enter along the path. The rest are drawn thin
/// and grey, unnamed; of those only the `maximumUnlabelled` largest are drawn, so the file stays
/// small even for a ridge path on 20,000 features (every coefficient nonzero). A feature that is
/// zero all along lies on the zero line and is not drawn.
public struct CurveSelection: Equatable, Sendable {
    /// glmnet's plots are readable up to about a dozen named curves (7 colours x 2 dashes here).
    public static let maximumLabels = 12
    /// Enough grey curves to show the crowd, few enough to keep the SVG below a megabyte; a
    /// picture of several panels shares this many among them.
    public static let maximumUnlabelled = 300

    /// Named curves, first to enter first (so the earliest gets the first, most contrasting style).
    public let labelled: [Int]
    /// Unnamed curves drawn in grey, in feature order.
    public let unlabelled: [Int]
    /// Features neither named nor drawn although nonzero somewhere (over `maximumUnlabelled`).
    public let omitted: Int

    /// `coefficients[lambda][feature]`; `chosen` is the index of the chosen lambda, if any.
    /// `drawnUnlabelled` caps the grey curves (a share of `maximumUnlabelled` per panel).
    public init(coefficients: [[Double]], featureCount: Int, chosen: Int?, drawnUnlabelled: Int = maximumUnlabelled) {
        let profile = Profile(coefficients, featureCount: featureCount)
        let inModel = chosen.map { l in profile.byEntry.filter { j in Profile.value(coefficients, l, j) != 0 } } ?? []
        let candidates: [Int]
        if featureCount <= Self.maximumLabels {
            // Few features: every one is named, as before, entering ones first.
            candidates = profile.byEntry + (0 ..< featureCount).filter { profile.entry[$0] == nil }
        } else {
            candidates = inModel.isEmpty ? profile.byEntry : inModel
        }
        self.init(labelled: Array(candidates.prefix(Self.maximumLabels)), profile: profile, drawnUnlabelled: drawnUnlabelled)
    }

    /// The curves of another path (another alpha) with the same features named, in the same styles.
    public init(naming labelled: [Int], coefficients: [[Double]], featureCount: Int, drawnUnlabelled: Int = maximumUnlabelled) {
        self.init(labelled: labelled, profile: Profile(coefficients, featureCount: featureCount), drawnUnlabelled: drawnUnlabelled)
    }

    private init(labelled: [Int], profile: Profile, drawnUnlabelled: Int) {
        self.labelled = labelled
        let named = Set(labelled)
        let rest = profile.byEntry.filter { !named.contains($0) }
        let largest = profile.largest
        let drawn = Set(rest.sorted { largest[$0] != largest[$1] ? largest[$0] > largest[$1] : $0 < $1 }.prefix(max(0, drawnUnlabelled)))
        unlabelled = rest.filter { drawn.contains($0) }.sorted()
        omitted = rest.count - unlabelled.count
    }

    /// When each feature enters and how large it gets along the path.
    private struct Profile {
        /// The first lambda at which each feature is nonzero (nil: never).
        var entry: [Int?]
        var largest: [Double]
        /// The features that enter, first to enter first; ties (entering at the same lambda) go to
        /// the larger curve, then to the first column.
        var byEntry: [Int]

        init(_ coefficients: [[Double]], featureCount: Int) {
            entry = [Int?](repeating: nil, count: featureCount)
            largest = [Double](repeating: 0, count: featureCount)
            for (l, row) in coefficients.enumerated() {
                for j in 0 ..< min(featureCount, row.count) where row[j] != 0 {
                    if entry[j] == nil { entry[j] = l }
                    if row[j].isFinite { largest[j] = max(largest[j], abs(row[j])) }
                }
            }
            let (entry, largest) = (entry, largest)
            byEntry = (0 ..< featureCount).filter { entry[$0] != nil }.sorted { a, b in
                entry[a]! != entry[b]! ? entry[a]! < entry[b]! : largest[a] != largest[b] ? largest[a] > largest[b] : a < b
            }
        }

        static func value(_ coefficients: [[Double]], _ l: Int, _ j: Int) -> Double {
            coefficients.indices.contains(l) && coefficients[l].indices.contains(j) ? coefficients[l][j] : 0
        }
    }

    /// The style of the k-th named curve: colour and dash, so that no two named curves look alike.
    public static func style(rank: Int) -> (color: String, dash: String?) { Palette.style(rank) }

    /// Unnamed curves: light enough that the named ones stand out over a crowd of them.
    public static let unlabelledColor = "#c4c4c4"
}
