/// The mask evaluation of ISO/IEC 18004 §7.8.3: the four penalty rules, summed over the
/// symbol with its format information drawn. The lowest total wins.
extension Matrix {
    /// N1 + N2 + N3 + N4 for this grid.
    var penalty: Int {
        var total = 0
        var column = [Bool](repeating: false, count: size)
        for line in 0..<size {
            let row = dark[(line * size)..<((line + 1) * size)]
            for y in 0..<size { column[y] = dark[y * size + line] }
            total += Self.runPenalty(row) + Self.runPenalty(column[...])
            total += Self.finderLikePenalty(row) + Self.finderLikePenalty(column[...])
        }
        return total + blockPenalty + balancePenalty
    }

    /// N1: each run of five or more same-coloured modules in a row or column scores 3, plus 1 for
    /// each module beyond five.
    private static func runPenalty(_ line: ArraySlice<Bool>) -> Int {
        var total = 0
        var run = 0
        var previous = !line[line.startIndex]
        for module in line {
            if module == previous {
                run += 1
            } else {
                if run >= 5 { total += run - 2 }
                run = 1
                previous = module
            }
        }
        return run >= 5 ? total + run - 2 : total
    }

    /// N2: each 2×2 block of one colour scores 3 (blocks may overlap).
    private var blockPenalty: Int {
        var total = 0
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = dark[y * size + x]
                if dark[y * size + x + 1] == colour && dark[(y + 1) * size + x] == colour && dark[(y + 1) * size + x + 1] == colour {
                    total += 3
                }
            }
        }
        return total
    }

    /// N3: each dark–light–dark–dark–dark–light–dark pattern with four light modules before or
    /// after it scores 40, the quiet zone counting as light.
    private static func finderLikePenalty(_ line: ArraySlice<Bool>) -> Int {
        let base = line.startIndex
        let count = line.count
        func at(_ i: Int) -> Bool { i >= 0 && i < count && line[base + i] }
        var total = 0
        for start in 0...(count - 7) where line[base + start] && !line[base + start + 1] && line[base + start + 2]
            && line[base + start + 3] && line[base + start + 4] && !line[base + start + 5] && line[base + start + 6] {
            if !at(start - 1) && !at(start - 2) && !at(start - 3) && !at(start - 4) { total += 40 }
            if !at(start + 7) && !at(start + 8) && !at(start + 9) && !at(start + 10) { total += 40 }
        }
        return total
    }

    /// N4: 10 for each full 5 % that the dark share departs from 50 %.
    private var balancePenalty: Int {
        let darkCount = dark.reduce(0) { $1 ? $0 + 1 : $0 }
        let total = dark.count
        return ((abs(darkCount * 20 - total * 10) + total - 1) / total - 1) * 10
    }
}
