import CBOR
import Foundation
import PropertyBased
import Testing

@Suite("JSON read straight into CBOR (RFC 8949 §6.2, RFC 8259)")
struct JSONToCBORTests {
    func read(_ text: String) throws -> CBOR { try CBOR.fromJSON(Array(text.utf8)) }

    @Test("Objects keep their order, integers stay integers, other numbers become floats")
    func values() throws {
        #expect(try read(#" {"b": [1, -2, 3.5, 1e3, true, false, null], "a": {}} "#) == .map([
            .init("b", .array([.int(1), .int(-2), .float(3.5), .float(1000), .bool(true), .bool(false), .null])),
            .init("a", .map([])),
        ]))
        #expect(try read("9223372036854775807") == .int(Int64.max))
        #expect(try read("92233720368547758070") == .float(92233720368547758070), "beyond Int64, a float")
        #expect(try read("-0") == .int(0))
    }

    @Test("Escapes, including surrogate pairs, become UTF-8 text")
    func escapes() throws {
        #expect(try read(#""\u00c5se \"Ø\" \\ \/ \n\t😀 \ud83d\ude00""#) == .text("Åse \"Ø\" \\ / \n\t😀 😀"))
        #expect(try read(#""Шевченко""#) == .text("Шевченко"))
    }

    @Test("Malformed JSON is refused with the offset and what is wrong", arguments: [
        ("{\"a\": 1,}", 8, "an object key must be a string"),
        ("[1, 2", 5, "the array is not closed"),
        ("01", 0, "a number cannot have leading zeros"),
        ("1.", 2, "a decimal point must be followed by digits"),
        ("\"a\nb\"", 2, "a control character must be escaped in a string"),
        ("\"\\ud800\"", 7, "a high surrogate must be followed by a low one"),
        ("\"\\udc00\"", 7, "a lone surrogate is not a character"),
        ("\"\\x\"", 2, "not a JSON escape"),
        ("tru", 0, "not a JSON value"),
        ("{} []", 3, "unexpected text after the value"),
        ("", 0, "the text ends where a value should be"),
        ("{\"a\" 1}", 5, "a colon must follow an object key"),
    ])
    func malformed(text: String, offset: Int, reason: String) {
        #expect(throws: CBOR.JSONFailure(offset: offset, reason: reason)) { try read(text) }
    }

    @Test("Invalid UTF-8 inside a string and deep nesting are refused")
    func hostile() {
        #expect(throws: CBOR.JSONFailure(offset: 1, reason: "the string is not valid UTF-8")) { try CBOR.fromJSON([0x22, 0xC3, 0x28, 0x22]) }
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: CBOR.JSONFailure(offset: 32, reason: "nested deeper than 32 levels")) { try read(deep) }
    }

    @Test("Whatever JSONEncoder writes reads back as the same values")
    func agreesWithFoundation() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var rng = SplitMix(state: seed)
            func value(_ depth: Int) -> (Any, CBOR) {
                switch Int.random(in: 0..<(depth > 0 ? 6 : 4), using: &rng) {
                case 0: let n = Int64.random(in: -1_000_000...1_000_000, using: &rng); return (n, .int(n))
                case 1: let text = String((0..<Int.random(in: 0...12, using: &rng)).map { _ in "aø\"\\\n😀Ж/\u{1}".randomElement(using: &rng)! }); return (text, .text(text))
                case 2: let flag = Bool.random(using: &rng); return (flag, .bool(flag))
                case 3: return (NSNull(), .null)
                case 4:
                    let items = (0..<Int.random(in: 0...4, using: &rng)).map { _ in value(depth - 1) }
                    return (items.map(\.0), .array(items.map(\.1)))
                default:
                    let pairs = (0..<Int.random(in: 0...4, using: &rng)).map { i in ("k\(i)", value(depth - 1)) }
                    return (Dictionary(uniqueKeysWithValues: pairs.map { ($0.0, $0.1.0) }), .map(pairs.map { CBOR.Entry(.text($0.0), $0.1.1) }))
                }
            }
            let (object, expected) = value(3)
            let json = try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed, .sortedKeys])
            let read = try CBOR.fromJSON(Array(json))
            // JSONSerialization sorts keys here; compare after sorting ours the same way.
            func sortedMaps(_ item: CBOR) -> CBOR {
                switch item {
                case .map(let entries): .map(entries.map { .init($0.key, sortedMaps($0.value)) }.sorted { $0.key.string! < $1.key.string! })
                case .array(let items): .array(items.map(sortedMaps))
                default: item
                }
            }
            #expect(sortedMaps(read) == sortedMaps(expected))
        }
    }
}
