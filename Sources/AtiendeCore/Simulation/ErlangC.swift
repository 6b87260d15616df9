import Foundation

/// Queueing theory for one queue with Poisson arrivals, exponential service and `servers`
/// identical servers (M/M/c): what a FIFO simulation must match over a long horizon.
public struct ErlangC: Sendable {
    public var arrivalsPerHour: Double
    public var serviceMinutes: Double
    public var servers: Int

    public init(arrivalsPerHour: Double, serviceMinutes: Double, servers: Int) {
        self.arrivalsPerHour = arrivalsPerHour
        self.serviceMinutes = serviceMinutes
        self.servers = servers
    }

    var lambda: Double { arrivalsPerHour / 3600 }
    var mu: Double { 1 / (serviceMinutes * 60) }
    /// Offered load in Erlangs.
    var load: Double { lambda / mu }

    /// Probability that an arrival has to wait at all.
    public var probabilityOfWaiting: Double {
        let a = load, c = Double(servers)
        guard a < c else { return 1 }
        var term = 1.0, sum = 0.0
        for k in 0..<servers {
            if k > 0 { term *= a / Double(k) }
            sum += term
        }
        let last = term * a / c * c / (c - a)  // a^c / c! · c / (c − a)
        return last / (sum + last)
    }

    /// Mean wait in seconds.
    public var meanWaitSeconds: Double {
        let c = Double(servers)
        return probabilityOfWaiting / (c * mu - lambda)
    }

    /// Share of arrivals called within `seconds`, 0…1.
    public func withinShare(seconds: Double) -> Double {
        let c = Double(servers)
        return 1 - probabilityOfWaiting * exp(-(c * mu - lambda) * seconds)
    }
}
