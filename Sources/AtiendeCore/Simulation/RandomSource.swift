import Foundation

/// A seeded random source (xoshiro256**), so a simulation with the same seed gives the
/// same day every time.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    /// Uniform in (0, 1].
    public mutating func unit() -> Double { (Double(next() >> 11) + 1) / 9_007_199_254_740_992 }
}

/// How service times are drawn around their mean.
public enum ServiceDistribution: String, Sendable, CaseIterable {
    /// Memoryless: the usual model of service counters.
    case exponential
    /// Every visit takes exactly the mean.
    case fixed
    /// Right-skewed, coefficient of variation 0.75: most visits short, a few long.
    case lognormal

    public func draw(mean: Double, using random: inout SeededRandom) -> Double {
        switch self {
        case .exponential:
            return -mean * log(random.unit())
        case .fixed:
            return mean
        case .lognormal:
            let cv = 0.75
            let sigma2 = log(1 + cv * cv)
            let mu = log(mean) - sigma2 / 2
            let z = sqrt(-2 * log(random.unit())) * cos(2 * .pi * random.unit())
            return exp(mu + sqrt(sigma2) * z)
        }
    }
}
