extension StringProtocol {
    /// The text without the characters of `set` at either end (Foundation-free, as this module is).
    func trimming(_ set: String) -> String {
        let drop = Set(set)
        var slice = Substring(self)
        while let first = slice.first, drop.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, drop.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
