/// The module grid while a symbol is built: the function patterns (§6.3), the codeword
/// placement (§7.7.3), masking (§7.8) and the format and version information (§7.9, §7.10).
struct Matrix: Sendable {
    let version: Int
    let size: Int
    /// The mask applied, once `masked(_:level:)` has made this copy.
    private(set) var mask = -1
    /// Dark modules, row by row.
    var dark: [Bool]
    /// Modules that belong to function patterns and never carry data or a mask.
    private var function: [Bool]

    /// A grid with the finder, separator, timing and alignment patterns drawn, and the format
    /// and version areas reserved.
    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        dark = Array(repeating: false, count: size * size)
        function = Array(repeating: false, count: size * size)
        for i in 0..<size {
            set(6, i, dark: i % 2 == 0)
            set(i, 6, dark: i % 2 == 0)
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] { drawFinder(x, y) }
        let positions = QRCode.alignmentPositions(version: version)
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() {
                let overlapsFinder = (i == 0 && j == 0) || (i == 0 && j == positions.count - 1) || (i == positions.count - 1 && j == 0)
                if !overlapsFinder { drawAlignment(x, y) }
            }
        }
        drawFormat(0)
        drawVersion()
    }

    private mutating func set(_ x: Int, _ y: Int, dark value: Bool) {
        dark[y * size + x] = value
        function[y * size + x] = true
    }

    /// A 7×7 finder with its light separator, clipped at the symbol's edge.
    private mutating func drawFinder(_ x: Int, _ y: Int) {
        for dy in -4...4 {
            for dx in -4...4 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
                let distance = max(abs(dx), abs(dy))
                set(x + dx, y + dy, dark: distance != 2 && distance != 4)
            }
        }
    }

    /// A 5×5 alignment pattern centred on (x, y).
    private mutating func drawAlignment(_ x: Int, _ y: Int) {
        for dy in -2...2 {
            for dx in -2...2 { set(x + dx, y + dy, dark: max(abs(dx), abs(dy)) != 1) }
        }
    }

    /// The 15 format bits (level and mask, BCH(15,5) coded, XOR 0x5412), twice, and the dark
    /// module beside the lower-left finder.
    mutating func drawFormat(_ bits: Int) {
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, dark: bit(i)) }
        set(8, 7, dark: bit(6))
        set(8, 8, dark: bit(7))
        set(7, 8, dark: bit(8))
        for i in 9..<15 { set(14 - i, 8, dark: bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, dark: bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, dark: bit(i)) }
        set(8, size - 8, dark: true)
    }

    /// The 18 version bits (BCH(18,6)) in two 6×3 blocks, from version 7 up.
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        let bits = Self.versionBits(version)
        for i in 0..<18 {
            let value = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3
            let b = i / 3
            set(a, b, dark: value)
            set(b, a, dark: value)
        }
    }

    /// The format information for `level` and `mask`: 5 data bits, 10 BCH bits, XOR 0x5412.
    static func formatBits(level: QRCode.ErrorCorrection, mask: Int) -> Int {
        let data = level.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// The version information: 6 data bits and 12 BCH bits (generator 0x1F25).
    static func versionBits(_ version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return version << 12 | remainder
    }

    /// Places the codewords' bits in two-module columns from the lower right, upward then
    /// downward, skipping function modules and the vertical timing pattern. Remainder bits stay
    /// light.
    mutating func place(codewords: [UInt8]) {
        var index = 0
        let total = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for vertical in 0..<size {
                let y = upward ? size - 1 - vertical : vertical
                for x in [right, right - 1] where !function[y * size + x] && index < total {
                    dark[y * size + x] = (codewords[index >> 3] >> (7 - UInt8(index & 7))) & 1 == 1
                    index += 1
                }
            }
            right -= 2
        }
    }

    /// A copy with mask `pattern` applied to the data modules and its format bits drawn.
    func masked(_ pattern: Int, level: QRCode.ErrorCorrection) -> Matrix {
        var copy = self
        for y in 0..<size {
            for x in 0..<size where !function[y * size + x] && Self.inverts(pattern, x, y) {
                copy.dark[y * size + x].toggle()
            }
        }
        copy.drawFormat(Self.formatBits(level: level, mask: pattern))
        copy.mask = pattern
        return copy
    }

    /// The mask conditions of §7.8.2 table 10, with x the column and y the row.
    static func inverts(_ pattern: Int, _ x: Int, _ y: Int) -> Bool {
        switch pattern {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: x * y % 2 + x * y % 3 == 0
        case 6: (x * y % 2 + x * y % 3) % 2 == 0
        default: ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }
}
