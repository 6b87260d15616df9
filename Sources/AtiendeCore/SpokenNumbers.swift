/// Calls as they are spoken: "Turno A cero veintitrés, ventanilla tres". The wall display
/// and the kiosk's read-aloud say numbers alike.
public enum SpokenCall {
    /// "A cero veintitrés": the letter, the leading zeros one by one, then the number.
    public static func number(_ number: TicketNumber, _ language: Language) -> String {
        let digits = String(number.description.drop { $0 != "-" }.dropFirst())
        let zeros = digits.prefix { $0 == "0" }.count
        let zeroWord = language == .es ? "cero" : "zero"
        return ([number.service.rawValue] + Array(repeating: zeroWord, count: zeros) + [words(number.sequence, language)]).joined(separator: " ")
    }

    public static func text(number: TicketNumber, deskLabel: String, language: Language) -> String {
        let spokenNumber = Self.number(number, language)
        let desk = deskLabel.split(separator: " ").map { part in Int(part).map { words($0, language) } ?? String(part) }
        let label = desk.joined(separator: " ").lowercased()
        return language == .es
            ? "Turno \(spokenNumber), \(label)"
            : "Ticket \(spokenNumber), \(label)"
    }

    /// 0…9999 in words.
    public static func words(_ n: Int, _ language: Language) -> String {
        language == .es ? spanish(n) : english(n)
    }

    private static let esUnits = [
        "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
        "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte",
        "veintiuno", "veintidós", "veintitrés", "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve",
    ]
    private static let esTens = ["", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"]
    private static let esHundreds = [
        "", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos", "ochocientos", "novecientos",
    ]

    public static func spanish(_ n: Int) -> String {
        switch n {
        case ..<0: return String(n)
        case 0..<30: return esUnits[n]
        case 30..<100: return esTens[n / 10] + (n % 10 == 0 ? "" : " y " + esUnits[n % 10])
        case 100: return "cien"
        case 101..<1000: return esHundreds[n / 100] + (n % 100 == 0 ? "" : " " + spanish(n % 100))
        case 1000..<10_000:
            return (n / 1000 == 1 ? "mil" : spanish(n / 1000) + " mil") + (n % 1000 == 0 ? "" : " " + spanish(n % 1000))
        default: return String(n)
        }
    }

    private static let enUnits = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    private static let enTens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    public static func english(_ n: Int) -> String {
        switch n {
        case ..<0: return String(n)
        case 0..<20: return enUnits[n]
        case 20..<100: return enTens[n / 10] + (n % 10 == 0 ? "" : "-" + enUnits[n % 10])
        case 100..<1000: return enUnits[n / 100] + " hundred" + (n % 100 == 0 ? "" : " " + english(n % 100))
        case 1000..<10_000: return english(n / 1000) + " thousand" + (n % 1000 == 0 ? "" : " " + english(n % 1000))
        default: return String(n)
        }
    }
}
