import AtiendeCore
import Foundation

/// A JSON document that does not have the expected shape: which field, what was expected.
public struct JSONShapeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// A JSON object read from outside (a request body, a server's answer), with typed
/// accessors that name the field and what was expected when something is off.
public struct JSONFields: Sendable {
    /// Where this object sits in the document, for messages (`desks[2]`).
    public let path: String
    public let values: [String: JSONValue]

    public init(_ values: [String: JSONValue], path: String = "") {
        self.values = values
        self.path = path
    }

    /// Parses `data` as one JSON object.
    /// - Parameter what: what the document is, for messages ("the request body").
    public init(parsing data: Data, what: String) throws(JSONShapeError) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(data)
        } catch {
            throw JSONShapeError("\(what) is not valid JSON (\(error)): send an object such as {\"service\": \"A\"}")
        }
        guard case .object(let object) = value else {
            throw JSONShapeError("\(what) must be a JSON object, not \(value.kind)")
        }
        self.init(object)
    }

    public var keys: [String] { Array(values.keys) }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func fail(_ key: String, _ expected: String, found: JSONValue?) -> JSONShapeError {
        JSONShapeError("\(name(key)) must be \(expected), found \(found?.kind ?? "nothing")")
    }

    /// The value at `key`, `nil` when missing or null.
    public func value(_ key: String) -> JSONValue? {
        guard let value = values[key], value != .null else { return nil }
        return value
    }

    public func optionalString(_ key: String) throws(JSONShapeError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw fail(key, "text", found: value) }
        return text
    }

    public func string(_ key: String) throws(JSONShapeError) -> String {
        guard let text = try optionalString(key) else { throw fail(key, "text", found: values[key]) }
        return text
    }

    public func optionalInt(_ key: String) throws(JSONShapeError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .int(let number) = value else { throw fail(key, "a whole number", found: value) }
        return number
    }

    public func int(_ key: String) throws(JSONShapeError) -> Int {
        guard let number = try optionalInt(key) else { throw fail(key, "a whole number", found: values[key]) }
        return number
    }

    public func optionalDouble(_ key: String) throws(JSONShapeError) -> Double? {
        switch value(key) {
        case nil: return nil
        case .int(let number): return Double(number)
        case .double(let number): return number
        case let other: throw fail(key, "a number", found: other)
        }
    }

    public func double(_ key: String) throws(JSONShapeError) -> Double {
        guard let number = try optionalDouble(key) else { throw fail(key, "a number", found: values[key]) }
        return number
    }

    public func optionalBool(_ key: String) throws(JSONShapeError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw fail(key, "true or false", found: value) }
        return flag
    }

    public func bool(_ key: String) throws(JSONShapeError) -> Bool {
        guard let flag = try optionalBool(key) else { throw fail(key, "true or false", found: values[key]) }
        return flag
    }

    public func optionalObject(_ key: String) throws(JSONShapeError) -> JSONFields? {
        guard let value = value(key) else { return nil }
        guard case .object(let object) = value else { throw fail(key, "an object", found: value) }
        return JSONFields(object, path: name(key))
    }

    public func object(_ key: String) throws(JSONShapeError) -> JSONFields {
        guard let object = try optionalObject(key) else { throw fail(key, "an object", found: values[key]) }
        return object
    }

    /// A list of objects.
    public func objects(_ key: String) throws(JSONShapeError) -> [JSONFields] {
        guard case .array(let items) = value(key) ?? .array([]) else { throw fail(key, "a list", found: values[key]) }
        var out: [JSONFields] = []
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item else { throw fail("\(key)[\(index)]", "an object", found: item) }
            out.append(JSONFields(object, path: name("\(key)[\(index)]")))
        }
        return out
    }

    /// A list of whole numbers.
    public func ints(_ key: String) throws(JSONShapeError) -> [Int] {
        guard case .array(let items) = value(key) ?? .array([]) else { throw fail(key, "a list", found: values[key]) }
        var out: [Int] = []
        for (index, item) in items.enumerated() {
            guard case .int(let number) = item else { throw fail("\(key)[\(index)]", "a whole number", found: item) }
            out.append(number)
        }
        return out
    }

    /// The entries of an object whose values are objects, by key.
    public func objectsByKey(_ key: String) throws(JSONShapeError) -> [String: JSONFields] {
        guard let object = try optionalObject(key) else { return [:] }
        var out: [String: JSONFields] = [:]
        for entry in object.values.keys {
            out[entry] = try object.object(entry)
        }
        return out
    }

    // MARK: Domain values

    public func ticketNumber(_ key: String) throws(JSONShapeError) -> TicketNumber {
        let text = try string(key)
        guard let number = TicketNumber(parsing: text) else { throw JSONShapeError("\(name(key)) '\(text)' is not a ticket number like A-007") }
        return number
    }

    public func optionalTicketNumber(_ key: String) throws(JSONShapeError) -> TicketNumber? {
        guard value(key) != nil else { return nil }
        return try ticketNumber(key)
    }

    public func day(_ key: String) throws(JSONShapeError) -> LocalDay {
        let text = try string(key)
        guard let day = LocalDay(text) else { throw JSONShapeError("\(name(key)) '\(text)' is not a date like 2026-11-23") }
        return day
    }

    public func optionalDate(_ key: String) throws(JSONShapeError) -> Date? {
        guard let text = try optionalString(key) else { return nil }
        guard let date = Timestamp.parse(text) else { throw JSONShapeError("\(name(key)) '\(text)' is not an ISO 8601 time with an offset") }
        return date
    }

    public func date(_ key: String) throws(JSONShapeError) -> Date {
        guard let date = try optionalDate(key) else { throw fail(key, "a time", found: values[key]) }
        return date
    }

    /// A string that must be one of an enum's raw values.
    public func choice<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(JSONShapeError) -> T where T.RawValue == String {
        let text = try string(key)
        guard let value = T(rawValue: text) else { throw JSONShapeError("\(name(key)) '\(text)' is not a known value") }
        return value
    }
}
