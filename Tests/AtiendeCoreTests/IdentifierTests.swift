import AtiendeCore
import Foundation
import Testing

/// Service codes and desk ids: put right once, written as their text.
@Suite struct IdentifierTests {
    /// What was typed (a literal in `ServiceCode("c")` would be taken as the code itself).
    static func code(_ text: String) -> ServiceCode? { ServiceCode(text) }
    static func desk(_ text: String) -> DeskID? { DeskID(text) }

    @Test func whatAPersonTypesIsPutRightOnce() {
        #expect(ServiceCode(typed: " b ") == "B")
        #expect(Self.code("c") == "C")
        #expect(Self.code("AB") == nil && Self.code("1") == nil && Self.code("Ñ") == nil)
        #expect(DeskID(typed: " 3 ") == "3")
        #expect(Self.desk("ventanilla 3") == nil && Self.desk("caja-2") == "caja-2")
        #expect(["C", "A", "B"].map(ServiceCode.init(rawValue:)).sorted().joined(separator: ", ") == "A, B, C")
    }

    @Test func jsonHoldsThemAsText() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(ServiceCode("A")), as: UTF8.self) == #""A""#)
        #expect(String(decoding: try encoder.encode([ServiceCode("B"): 2]), as: UTF8.self) == #"{"B":2}"#)
        #expect(String(decoding: try encoder.encode([DeskID("3"): true]), as: UTF8.self) == #"{"3":true}"#)
        #expect(try JSONDecoder().decode([ServiceCode: Int].self, from: Data(#"{"C":1}"#.utf8)) == ["C": 1])
        #expect(try JSONDecoder().decode(DeskID.self, from: Data(#""4""#.utf8)) == "4")
    }
}
