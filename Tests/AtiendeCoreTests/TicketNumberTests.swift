import AtiendeCore
import Testing

@Suite struct TicketNumberTests {
    @Test func numbersHaveThreeDigitsAndGrowPast999() {
        #expect(TicketNumber(service: "A", sequence: 1).description == "A-001")
        #expect(TicketNumber(service: "B", sequence: 42).description == "B-042")
        #expect(TicketNumber(service: "A", sequence: 999).description == "A-999")
        #expect(TicketNumber(service: "A", sequence: 1000).description == "A-1000")
    }

    @Test(arguments: ["A-007", "a-7", "A007", "a7", " A-0007 "])
    func staffCanTypeNumbersLoosely(_ text: String) {
        #expect(TicketNumber(parsing: text) == TicketNumber(service: "A", sequence: 7))
    }

    @Test(arguments: ["", "A", "A-", "7", "A-0", "AB-1", "A-x1", "Ñ-1", "A--1"])
    func nonsenseIsNotANumber(_ text: String) {
        #expect(TicketNumber(parsing: text) == nil)
    }

    @Test func numbersSortBySequenceThenService() {
        let numbers = ["B-002", "A-010", "A-002"].compactMap(TicketNumber.init(parsing:)).sorted()
        #expect(numbers.map(\.description) == ["A-002", "B-002", "A-010"])
    }
}
