import CertLogic
import Foundation
import Testing

@Suite("CertLogic evaluator")
struct CertLogicTests {
    func evaluate(_ rule: String, _ data: String = "{}") throws -> JSONValue {
        let decoder = JSONDecoder()
        return try CertLogic.evaluate(decoder.decode(JSONValue.self, from: Data(rule.utf8)), data: decoder.decode(JSONValue.self, from: Data(data.utf8)))
    }

    func failure(_ rule: String, _ data: String = "{}") throws -> CertLogic.Failure? {
        do { _ = try evaluate(rule, data); return nil } catch let failure as CertLogic.Failure { return failure }
    }

    @Test("var reads members and indexes by path, gives null for what is missing and the data for \"\"")
    func variables() throws {
        let data = #"{"payload": {"t": [{"tr": "260415000"}], "n": 3}}"#
        #expect(try evaluate(#"{"var": "payload.t.0.tr"}"#, data) == "260415000")
        #expect(try evaluate(#"{"var": "payload.t.1.tr"}"#, data) == .null)
        #expect(try evaluate(#"{"var": "payload.v.0"}"#, data) == .null)
        #expect(try evaluate(#"{"var": "payload.n.x"}"#, data) == .null)
        #expect(try evaluate(#"{"var": ""}"#, #"{"a": 1}"#) == ["a": 1])
    }

    @Test("if, and, or and ! follow CertLogic's truthiness (0, \"\", [] and {} are false)")
    func truthiness() throws {
        for falsy in ["0", #""""#, "[]", "{}", "null", "false"] {
            #expect(try evaluate(#"{"if": [{"var": "x"}, "yes", "no"]}"#, #"{"x": \#(falsy)}"#) == "no", "\(falsy)")
        }
        for truthy in ["1", #""x""#, "[0]", #"{"a": 1}"#, "true"] {
            #expect(try evaluate(#"{"if": [{"var": "x"}, "yes", "no"]}"#, #"{"x": \#(truthy)}"#) == "yes", "\(truthy)")
        }
        #expect(try evaluate(#"{"and": [true, 0, {"unknown-op": []}]}"#) == 0, "and stops at the first false value")
        #expect(try evaluate(#"{"or": [0, "", "found", {"unknown-op": []}]}"#) == "found")
        #expect(try evaluate(#"{"!": [[]]}"#) == true)
        #expect(try failure(#"{"if": [true, 1]}"#)?.operation == "if")
    }

    @Test("=== and !== are strict: 1 is not \"1\"")
    func strictEquality() throws {
        #expect(try evaluate(#"{"===": [1, "1"]}"#) == false)
        #expect(try evaluate(#"{"===": ["a", "a"]}"#) == true)
        #expect(try evaluate(#"{"!==": [1, 2]}"#) == true)
        #expect(try evaluate(#"{"in": ["LP6464-4", ["LP6464-4", "LP217198-3"]]}"#) == true)
        #expect(try evaluate(#"{"in": ["x", []]}"#) == false)
        #expect(try failure(#"{"in": ["x", "xyz"]}"#)?.reason == "needs an array as its second operand")
    }

    @Test("Comparisons take integers only, and three operands mean between")
    func comparisons() throws {
        #expect(try evaluate(#"{"<": [1, 2]}"#) == true)
        #expect(try evaluate(#"{"<=": [1, 5, 3]}"#) == false)
        #expect(try evaluate(#"{"<=": [1, 2, 3]}"#) == true)
        #expect(try evaluate(#"{">=": [{"var": "dn"}, {"var": "sd"}]}"#, #"{"dn": 2, "sd": 2}"#) == true)
        #expect(try evaluate(#"{"+": [2, 3, 4]}"#) == 9)
        #expect(try failure(#"{"<": ["1", 2]}"#) == CertLogic.Failure(operation: "<", reason: "compares integers only"))
        #expect(try failure(#"{"<": [1]}"#) == CertLogic.Failure(operation: "<", reason: "takes 2 to 3 operands, not 1"))
    }

    @Test("plusTime adds hours, days, months (clamped to the month's end) and years, honouring UTC offsets")
    func plusTime() throws {
        #expect(try evaluate(#"{"plusTime": ["2021-01-31", 1, "month"]}"#) == "2021-02-28T00:00:00Z")
        #expect(try evaluate(#"{"plusTime": ["2024-02-29T12:00:00Z", 1, "year"]}"#) == "2025-02-28T12:00:00Z")
        #expect(try evaluate(#"{"plusTime": ["2021-05-01T10:00:00+02:00", 72, "hour"]}"#) == "2021-05-04T08:00:00Z")
        #expect(try evaluate(#"{"plusTime": ["2021-05-01T10:00:00.500-0130", -1, "day"]}"#) == "2021-04-30T11:30:00Z")
        #expect(try failure(#"{"plusTime": ["2021-02-30", 1, "day"]}"#)?.operation == "plusTime")
        #expect(try failure(#"{"plusTime": ["2021-02-01", 1, "week"]}"#)?.reason == "knows the units year, month, day and hour, not \"week\"")
    }

    @Test("before, after, not-before and not-after compare date-times, never plain strings")
    func dateComparisons() throws {
        let data = #"{"clock": "2021-06-01T12:00:00Z", "sc": "2021-05-29T13:00:00+01:00"}"#
        let clock = #"{"plusTime": [{"var": "clock"}, 0, "hour"]}"#
        #expect(try evaluate(#"{"not-after": [\#(clock), {"plusTime": [{"var": "sc"}, 72, "hour"]}]}"#, data) == true)
        #expect(try evaluate(#"{"not-after": [\#(clock), {"plusTime": [{"var": "sc"}, 70, "hour"]}]}"#, data) == false)
        #expect(try evaluate(#"{"after": [\#(clock), {"plusTime": [{"var": "sc"}, 0, "hour"]}]}"#, data) == true)
        #expect(try evaluate(#"{"before": [{"plusTime": ["2021-01-01", 0, "day"]}, \#(clock), {"plusTime": ["2022-01-01", 0, "day"]}]}"#, data) == true)
        #expect(try failure(#"{"before": ["2021-01-01", "2022-01-01"]}"#)?.reason == "compares date-times only (made with plusTime or dccDateOfBirth)")
    }

    @Test("reduce folds with current and accumulator; null gives the initial value")
    func reduce() throws {
        #expect(try evaluate(#"{"reduce": [{"var": "xs"}, {"+": [{"var": "accumulator"}, {"var": "current"}]}, 0]}"#, #"{"xs": [1, 2, 3, 4]}"#) == 10)
        #expect(try evaluate(#"{"reduce": [{"var": "missing"}, {"+": [{"var": "accumulator"}, 1]}, 7]}"#) == 7)
        #expect(try failure(#"{"reduce": ["abc", 1, 0]}"#)?.operation == "reduce")
    }

    @Test("extractFromUVCI splits at / # : after the URN:UVCI: prefix")
    func extractFromUVCI() throws {
        let uvci = #""URN:UVCI:01:NL:187/37512422923#T""#
        #expect(try evaluate(#"{"extractFromUVCI": [\#(uvci), 2]}"#) == "187")
        #expect(try evaluate(#"{"extractFromUVCI": [\#(uvci), 0]}"#) == "01")
        #expect(try evaluate(#"{"extractFromUVCI": [\#(uvci), 4]}"#) == "T")
        #expect(try evaluate(#"{"extractFromUVCI": [\#(uvci), 5]}"#) == .null)
        #expect(try evaluate(#"{"extractFromUVCI": [null, 1]}"#) == .null)
    }

    @Test("dccDateOfBirth completes a partial date to the last day it can mean")
    func dateOfBirth() throws {
        #expect(try evaluate(#"{"plusTime": [{"var": "x"}, 0, "day"]}"#, #"{"x": "2000-01-01"}"#) == "2000-01-01T00:00:00Z")
        #expect(try evaluate(#"{"after": [{"dccDateOfBirth": ["2004-02"]}, {"plusTime": ["2004-02-28T23:59:59Z", 0, "hour"]}]}"#) == true)
        #expect(try evaluate(#"{"not-after": [{"dccDateOfBirth": ["1990"]}, {"plusTime": ["1990-12-31", 0, "day"]}]}"#) == true)
        #expect(try failure(#"{"dccDateOfBirth": ["19900"]}"#)?.operation == "dccDateOfBirth")
    }

    @Test("Unknown operations, objects with two keys and deep nesting are errors, not guesses")
    func malformed() throws {
        #expect(try failure(#"{"==": [1, 1]}"#) == CertLogic.Failure(operation: "==", reason: "is not a CertLogic operation"))
        #expect(try failure(#"{"if": [true, 1, 2], "var": "x"}"#)?.reason == "an operation is an object with exactly one key, not 2")
        let deep = String(repeating: #"{"!": ["#, count: 200) + "true" + String(repeating: "]}", count: 200)
        let parsed = try JSONDecoder().decode(JSONValue.self, from: Data(deep.utf8))
        #expect(throws: CertLogic.Failure(operation: "expression", reason: "is nested deeper than 64 levels")) { try CertLogic.evaluate(parsed, data: .null) }
    }
}
