import AtiendeCore
import GRDB

/// A service code is stored as its letter, a desk id as its text.
extension ServiceCode: DatabaseValueConvertible {}
extension DeskID: DatabaseValueConvertible {}
