import Foundation

/// How much room the database's volume needs (see docs/domain.md). A ticket takes about
/// 350 bytes when issued and under 1 KB once served (measured: 2,000 issued and 200 served
/// grew the file by 692 KB), so a busy day of 2,000 visitors takes about 2 MB; the
/// write-ahead log takes up to 4 MB more, and each backup a copy of the whole file.
public enum DiskSpace {
    /// Below this the staff are warned: a month of busy days, the log and a backup or two.
    public static let lowBelowBytes: Int64 = 64 * 1024 * 1024

    /// Whether `freeBytes` is too little to be sure of the day's tickets.
    public static func isLow(freeBytes: Int64, threshold: Int64 = lowBelowBytes) -> Bool { freeBytes < threshold }
}
