import AtiendeCore
import GRDB

/// A service code is stored as its letter.
extension ServiceCode: DatabaseValueConvertible {}
