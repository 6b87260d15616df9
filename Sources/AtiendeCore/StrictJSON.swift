import Foundation

/// JSON text that is not strictly JSON, or that hides something: where and what.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where in the document (`services[0].name`), empty at the top.
    public var path: String
    public var line: Int
    public var column: Int
    public var problem: String
    /// The same problem in Spanish.
    public var problemInSpanish: String
    /// The document is well formed but a value in it is not taken (a key given twice, a
    /// control character in text): the message then names the field first.
    public var isAboutAField = false

    public var description: String {
        "line \(line), column \(column)\(path.isEmpty ? "" : " (\(path))"): \(problem)"
    }
}

extension JSONValue {
    /// Reads JSON strictly, the way a person reading the file would expect it to be read:
    /// a key given twice, a trailing comma, a control character (NUL included) in text,
    /// text that is not UTF-8, or nesting deeper than `maxDepth` are refused with where
    /// they are, instead of being silently taken one way or another.
    public static func parse(_ data: Data, maxDepth: Int = 32) throws(JSONSyntaxError) -> JSONValue {
        var parser = StrictJSONParser(bytes: [UInt8](data), maxDepth: maxDepth)
        return try parser.document()
    }
}

/// Whether text has a control character (C0, DEL or C1), which no field of ours takes.
public func containsControlCharacter(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
}

private struct StrictJSONParser {
    let bytes: [UInt8]
    let maxDepth: Int
    var index = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }  // a UTF-8 byte order mark, as some editors save
        skipSpace()
        let value = try self.value(path: "", depth: 0)
        skipSpace()
        guard index == bytes.count else { throw fail("", "unexpected text after the end of the document", es: "hay texto después del final del documento") }
        return value
    }

    // MARK: Values

    mutating func value(path: String, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < maxDepth else { throw fail(path, "nested more than \(maxDepth) levels deep", es: "anidado en más de \(maxDepth) niveles") }
        guard let byte = peek() else { throw fail(path, "the document ends where a value should be", es: "el documento termina donde debería haber un valor") }
        switch byte {
        case UInt8(ascii: "{"): return try object(path: path, depth: depth)
        case UInt8(ascii: "["): return try array(path: path, depth: depth)
        case UInt8(ascii: "\""): return .string(try string(path: path))
        case UInt8(ascii: "t"): try literal("true", path: path); return .bool(true)
        case UInt8(ascii: "f"): try literal("false", path: path); return .bool(false)
        case UInt8(ascii: "n"): try literal("null", path: path); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(path: path)
        default: throw fail(path, "unexpected '\(Self.shown(byte))' where a value should be", es: "hay '\(Self.shown(byte))' donde debería haber un valor")
        }
    }

    mutating func object(path: String, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var fields: [String: JSONValue] = [:]
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .object(fields)
        }
        while true {
            skipSpace()
            guard peek() == UInt8(ascii: "\"") else {
                if peek() == UInt8(ascii: "}") { throw fail(path, "a comma before '}': remove the trailing comma", es: "hay una coma antes de '}': quítela") }
                throw fail(path, "expected a key in double quotes", es: "se esperaba una clave entre comillas dobles")
            }
            let key = try string(path: path)
            let child = path.isEmpty ? key : "\(path).\(key)"
            if fields[key] != nil { throw fail(child, "the key '\(key)' is given twice: keep one", es: "la clave '\(key)' está dos veces: deje una", aboutAField: true) }
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { throw fail(child, "expected ':' after the key", es: "falta ':' después de la clave") }
            index += 1
            skipSpace()
            fields[key] = try value(path: child, depth: depth + 1)
            skipSpace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(fields)
            default: throw fail(path, "expected ',' or '}' after the value of '\(key)'", es: "falta ',' o '}' después del valor de '\(key)'")
            }
        }
    }

    mutating func array(path: String, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "]") { throw fail(path, "a comma before ']': remove the trailing comma", es: "hay una coma antes de ']': quítela") }
            items.append(try value(path: "\(path)[\(items.count)]", depth: depth + 1))
            skipSpace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(items)
            default: throw fail(path, "expected ',' or ']' after item \(items.count - 1)", es: "falta ',' o ']' después del elemento \(items.count - 1)")
            }
        }
    }

    mutating func string(path: String) throws(JSONSyntaxError) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard let byte = peek() else { throw fail(path, "text is not closed with '\"'", es: "el texto no se cierra con '\"'") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else { throw fail(path, "text that is not UTF-8: save the file as UTF-8", es: "hay texto que no es UTF-8: guarde el archivo como UTF-8") }
                if containsControlCharacter(text) { throw fail(path, "text with a control character (such as NUL or a line break): remove it",
                         es: "hay un carácter de control (como un salto de línea) en el texto: quítelo", aboutAField: true) }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &out, path: path)
            case 0..<0x20:
                throw fail(path, "text with a control character (such as NUL or a line break): remove it",
                         es: "hay un carácter de control (como un salto de línea) en el texto: quítelo", aboutAField: true)
            default:
                out.append(byte)
            }
        }
    }

    mutating func escape(into out: inout [UInt8], path: String) throws(JSONSyntaxError) {
        guard let byte = peek() else { throw fail(path, "text is not closed with '\"'", es: "el texto no se cierra con '\"'") }
        index += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "/"): UInt8(ascii: "/"),
            UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let plain = simple[byte] {
            out.append(plain)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw fail(path, "unknown escape '\\\(Self.shown(byte))' in text", es: "el escape '\\\(Self.shown(byte))' no existe") }
        var scalar = try hex4(path: path)
        if (0xD800..<0xDC00).contains(scalar) {
            guard peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw fail(path, "a \\u escape with half a character (a lone surrogate)", es: "un escape \\u con medio carácter (un sustituto suelto)")
            }
            index += 2
            let low = try hex4(path: path)
            guard (0xDC00..<0xE000).contains(low) else { throw fail(path, "a \\u escape with half a character (a lone surrogate)", es: "un escape \\u con medio carácter (un sustituto suelto)") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw fail(path, "a \\u escape that is not a character", es: "un escape \\u que no es un carácter") }
        out.append(contentsOf: Array(String(Character(unicode)).utf8))
    }

    mutating func hex4(path: String) throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail(path, "a \\u escape needs four hex digits", es: "un escape \\u lleva cuatro dígitos hexadecimales") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = Self.hexDigit(byte) else { throw fail(path, "a \\u escape needs four hex digits", es: "un escape \\u lleva cuatro dígitos hexadecimales") }
            value = value * 16 + digit
        }
        index += 4
        return value
    }

    mutating func number(path: String) throws(JSONSyntaxError) -> JSONValue {
        let start = index
        var isInteger = true
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw fail(path, "a number needs digits", es: "un número lleva dígitos") }
        index += 1
        if first != UInt8(ascii: "0") { while let d = peek(), Self.isDigit(d) { index += 1 } }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let d = peek(), Self.isDigit(d) else { throw fail(path, "a number needs digits after '.'", es: "un número lleva dígitos después de '.'") }
            while let d = peek(), Self.isDigit(d) { index += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let d = peek(), Self.isDigit(d) else { throw fail(path, "a number needs digits in its exponent", es: "el exponente de un número lleva dígitos") }
            while let d = peek(), Self.isDigit(d) { index += 1 }
        }
        if let d = peek(), Self.isDigit(d) { throw fail(path, "a number may not start with 0", es: "un número no puede empezar con 0") }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let int = Int(text) { return .int(int) }
        guard let double = Double(text), double.isFinite else { throw fail(path, "the number \(text.prefix(24)) is too large", es: "el número \(text.prefix(24)) es demasiado grande") }
        return .double(double)
    }

    mutating func literal(_ word: String, path: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw fail(path, "unexpected text where a value should be (text goes in double quotes)",
                         es: "hay texto donde debería haber un valor (el texto va entre comillas dobles)")
        }
        index += expected.count
    }

    // MARK: Pieces

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    /// An error at the current position, with its line and column counted once.
    func fail(_ path: String, _ problem: String, es: String, aboutAField: Bool = false) -> JSONSyntaxError {
        var line = 1, column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONSyntaxError(path: path, line: line, column: column, problem: problem, problemInSpanish: es, isAboutAField: aboutAField)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    static func shown(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : String(format: "byte 0x%02X", byte)
    }
}
