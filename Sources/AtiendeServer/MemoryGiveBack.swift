import Foundation
import NIOCore
import Synchronization

/// Gives memory back to the system once many connections or streams have gone. glibc keeps
/// what a burst freed in its arenas (a storm of 20,000 idle sockets left the server at four
/// times its size after they closed); `malloc_trim` returns it.
enum MemoryGiveBack {
    /// glibc's `malloc_trim`, looked up at run time (Swift's Glibc module does not export
    /// it, and another C library may not have it).
    private static let trimMalloc: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    static func now() { _ = trimMalloc?(0) }
}

/// Counts the open connections; when this many fewer are open than at the peak since the
/// last give-back, memory is given back (`MemoryGiveBack`).
final class ConnectionCount: Sendable {
    private struct Counts { var open = 0, peak = 0 }
    private let counts = Mutex(Counts())
    let giveBackAfter: Int

    init(giveBackAfter: Int = 1_000) { self.giveBackAfter = giveBackAfter }

    var open: Int { counts.withLock { $0.open } }

    func opened() {
        counts.withLock {
            $0.open += 1
            $0.peak = max($0.peak, $0.open)
        }
    }

    func closed() {
        let giveBack = counts.withLock { counts -> Bool in
            counts.open -= 1
            guard counts.peak - counts.open >= giveBackAfter else { return false }
            counts.peak = counts.open
            return true
        }
        if giveBack { MemoryGiveBack.now() }
    }

    /// The handler each connection's pipeline gets: it only counts.
    func handler() -> any RemovableChannelHandler { Handler(count: self) }

    private final class Handler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
        // It reads nothing: every part passes through as it came.
        typealias InboundIn = Never
        typealias InboundOut = Never
        let count: ConnectionCount

        init(count: ConnectionCount) { self.count = count }

        func handlerAdded(context: ChannelHandlerContext) { count.opened() }
        func handlerRemoved(context: ChannelHandlerContext) { count.closed() }
    }
}
