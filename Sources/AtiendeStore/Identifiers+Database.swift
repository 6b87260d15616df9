import AtiendeCore
import GRDB

/// A service code is stored as its letter, a desk id as its text. Both are read straight
/// from the statement's column as `String` is (`StatementColumnConvertible`), not through a
/// `DatabaseValue` copy: a ticket row holds two of them and every screen refresh and issue
/// reads many rows.
extension ServiceCode: DatabaseValueConvertible, StatementColumnConvertible {
    public init?(sqliteStatement: SQLiteStatement, index: CInt) {
        self.init(rawValue: String(sqliteStatement: sqliteStatement, index: index))
    }
}

extension DeskID: DatabaseValueConvertible, StatementColumnConvertible {
    public init?(sqliteStatement: SQLiteStatement, index: CInt) {
        self.init(rawValue: String(sqliteStatement: sqliteStatement, index: index))
    }
}
