import AtiendeCore
import Foundation
import Testing

/// Configs and request bodies are read strictly: what a person would misread, or what
/// hides something, is refused with where it is.
@Suite struct StrictJSONTests {
    static func configError(_ text: String) -> String {
        do {
            _ = try OfficeConfig.parse(Data(text.utf8), file: "office.json")
            return "accepted"
        } catch {
            return error.description
        }
    }

    /// The demo config's text with one piece replaced.
    static func demo(replacing old: String, with new: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Assets/office.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "the demo config has \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    @Test func aKeyGivenTwiceIsRefusedByName() throws {
        let twice = try Self.demo(replacing: #""timeZone""#, with: #""targetWaitMinutes": 20, "timeZone""#)
        #expect(Self.configError(twice).hasPrefix("office.json: targetWaitMinutes: the key 'targetWaitMinutes' is given twice: keep one (line "))
        let nested = try Self.demo(replacing: #""code": "A""#, with: #""code": "A", "code": "Z""#)
        #expect(Self.configError(nested).hasPrefix("office.json: services[0].code: the key 'code' is given twice"))
    }

    @Test func trailingCommasAreRefused() {
        #expect(Self.configError(#"{"languages": ["es", "en",]}"#)
            == "office.json: is not valid JSON (line 1, column 27 in languages: a comma before ']': remove the trailing comma); check commas, quotes and brackets")
        #expect(Self.configError("{\"name\": \"Oficina\",\n}").hasPrefix("office.json: is not valid JSON (line 2, column 1: a comma before '}'"))
    }

    @Test func controlCharactersAreRefusedWhereverTheyHide() throws {
        let nul = try Self.demo(replacing: #""code": "A""#, with: #""code": "A\u0000""#)
        #expect(Self.configError(nul).hasPrefix("office.json: services[0].code: text with a control character (such as NUL or a line break): remove it"))
        #expect(Self.configError("{\"name\": \"a\u{1}b\"}").hasPrefix("office.json: name: text with a control character"))
        #expect(Self.configError(#"{"name": "a\u009Fb"}"#).hasPrefix("office.json: name: text with a control character"), "C1 too")
    }

    @Test func textHasSaneLengths() throws {
        let long = String(repeating: "Defensoría ", count: 20)
        let office = try Self.demo(replacing: #""Defensoría del Pueblo — Centro de Atención al Usuario""#, with: "\"\(long)\"")
        #expect(Self.configError(office).contains("is 220 characters (240 bytes) long; keep it to 120 characters"))
        let marks = "a" + String(repeating: "\u{301}", count: 6029)
        let stacked = try Self.demo(replacing: #""Defensoría del Pueblo — Centro de Atención al Usuario""#, with: "\"\(marks)\"")
        #expect(Self.configError(stacked).contains("is 1 characters (12059 bytes) long"), "one letter under thousands of marks")
        let huge = "{\"name\": \"" + String(repeating: "x", count: 20_000_000) + "\"}"
        #expect(Self.configError(huge) == "office.json: is 19531 KB; an office config is a few KB, at most 256 KB: check it is the right file")
    }

    @Test func theParserReadsWhatJSONSaysAndNothingElse() throws {
        let value = try JSONValue.parse(Data(#" {"a": [1, -2, 3.5, 1e3, true, false, null, "é\"\/", "\ud83d\ude00"]} "#.utf8))
        #expect(value == .object(["a": .array([.int(1), .int(-2), .double(3.5), .double(1000), .bool(true), .bool(false), .null, .string("é\"/"), .string("😀")])]))
        for bad in ["", "[", "{\"a\" 1}", "[01]", "[1.]", "[+1]", "[.5]", "'a'", "[\"\\x\"]", "[\"\\ud800\"]", "[1] 2", "[tru]", "{\"a\":1,}", "[1,]", "[NaN]", "[1e999]"] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try JSONValue.parse(Data(bad.utf8)) }
        }
        #expect(try JSONValue.parse(Data("[9223372036854775807, 9223372036854775808]".utf8)) == .array([.int(.max), .double(9_223_372_036_854_775_808)]))
    }

    /// Deep nesting once would have recursed until the stack ran out.
    @Test func deepNestingIsRefusedNotACrash() {
        let deep = Data(repeating: UInt8(ascii: "["), count: 100_000)
        do {
            _ = try JSONValue.parse(deep)
            Issue.record("accepted")
        } catch {
            #expect(error.problem == "nested more than 32 levels deep")
        }
    }
}
