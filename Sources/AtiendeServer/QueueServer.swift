import AtiendeCore
import AtiendeQueue
import Foundation
import Hummingbird
import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import ServiceLifecycle

/// The queue behind HTTP: one process owns the SQLite file, and kiosks, displays and
/// desks on other machines reach it over the network (`atiende serve`).
///
/// Every queue operation is a JSON route (`API.swift`, generated from `openapi.json`),
/// `GET /api/events` streams each change, and `/desk/{id}` is the desk console.
public struct QueueServer: Sendable {
    public let queue: any ServedQueue
    let hub: EventHub
    let offices: OfficeCache
    let metrics: ServerMetrics
    /// Failed sign-ins: in the store when it keeps them (several servers count together).
    let signIns: SignInThrottle
    /// The open connections, to give memory back after a storm of them.
    let connections = ConnectionCount()
    /// How long a failed sign-in waits before it is answered.
    let failurePause: Duration

    /// Below this much room on the database's volume the staff are warned (`DiskSpace`).
    let lowDiskBytes: Int64
    /// Where this office's addresses begin: "" for the server's own office, `/o/ID` for
    /// another office of an institution's server (links the server writes carry it).
    let basePath: String
    /// The other offices this server serves under `/o/{office}/`, if any.
    let directory: (any OfficeDirectory)?
    /// Proxies in front of the server whose `X-Forwarded-For` is believed (`--trust-proxy`).
    let trustedProxies: Set<String>

    /// - Parameter lowDiskBytes: when the database's volume counts as nearly full.
    /// - Parameter offices: the other offices to serve under `/o/{office}/` (an institution's database).
    public init(
        queue: any ServedQueue, failurePause: Duration = .milliseconds(500), lowDiskBytes: Int64 = DiskSpace.lowBelowBytes,
        offices: (any OfficeDirectory)? = nil, basePath: String = "", trustedProxies: Set<String> = []
    ) {
        self.queue = queue
        self.trustedProxies = trustedProxies
        signIns = SignInThrottle(ledger: queue as? any SignInLedger)
        self.directory = offices
        self.basePath = basePath
        self.failurePause = failurePause
        self.lowDiskBytes = lowDiskBytes
        self.offices = OfficeCache(queue: queue)
        metrics = ServerMetrics()
        hub = EventHub(queue: queue, offices: self.offices, metrics: metrics)
    }

    /// A visit link: the office's public address, else this server's own path for it.
    func visitURL(_ token: String, _ office: Office) -> String {
        office.publicAddress == nil ? basePath + office.visitURL(token) : office.visitURL(token)
    }

    /// A request's page for the person, as `visitURL` gives a visit's.
    func requestURL(_ token: String, _ office: Office) -> String {
        office.publicAddress == nil ? basePath + office.requestURL(token) : office.requestURL(token)
    }

    /// The room left on the database's volume, and whether it is low; `nil` off a file.
    var storage: (freeBytes: Int64, low: Bool)? {
        (queue as? any StorageReporting)?.freeBytes().map { ($0, DiskSpace.isLow(freeBytes: $0, threshold: lowDiskBytes)) }
    }

    /// Serves until SIGTERM or SIGINT (with `signals`) or until the task is cancelled.
    /// - Parameter onReady: called once listening, with the port bound (useful with port 0).
    /// - Parameter idleTimeout: how long a connection with no request under way stays open.
    /// - Parameter logFormat: text lines, or one JSON object a line with a line per request.
    public func run(host: String, port: Int, signals: Bool = true, logLevel: Logger.Level = .warning,
                    logFormat: LogFormat = .text, idleTimeout: Duration = QueueServer.idleTimeout,
                    onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = switch logFormat {
        case .text: Logger(label: "atiende-serve", factory: { TextLogHandler(label: $0) })
        case .json: Logger(label: "atiende-serve", factory: { JSONLogHandler(label: $0) })
        }
        // A JSON log is for a collector: it gets every request.
        logger.logLevel = logFormat == .json ? min(logLevel, .info) : logLevel
        Self.raiseFileLimit()
        // The metrics count events from here on, the first request's included.
        await hub.begin()
        let logRequests = logger.logLevel <= .info, structured = logFormat == .json
        let (failurePause, lowDiskBytes, trustedProxies) = (failurePause, lowDiskBytes, trustedProxies)
        let responder = OfficeDispatch(
            main: router(logRequests: logRequests, structured: structured).buildResponder(), directory: directory,
            servers: OfficeServers(logRequests: logRequests, structured: structured) { queue, base in
                QueueServer(queue: queue, failurePause: failurePause, lowDiskBytes: lowDiskBytes, basePath: base, trustedProxies: trustedProxies)
            })
        var app = Application(
            responder: responder,
            server: .http1(configuration: .init(
                additionalChannelHandlers: [connections.handler()], idleTimeout: TimeAmount(idleTimeout))),
            configuration: .init(address: .hostname(host, port: port), serverName: "Atiende"),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) },
            logger: logger)
        app.addServices(HubService(hub: hub), CheckpointService(queue: queue, logger: logger))
        do {
            if signals {
                try await app.runService()
            } else {
                try await app.run()
            }
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ServeError("port \(port) on \(host) is already in use: stop the other server or pass another --port")
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            throw ServeError("cannot listen on \(host): it is not an address of this machine; try 0.0.0.0 or 127.0.0.1")
        } catch is SocketAddressError {
            throw ServeError("cannot listen on \(host): not a host name or address of this machine")
        }
    }

    /// A connection with no request under way is closed after this long, so idle sockets
    /// (a crashed browser, a scan, an attack) cannot use up the process's file limit. Event
    /// streams are requests under way and stay open.
    public static let idleTimeout: Duration = .seconds(30)

    /// How many event streams are connected now.
    public var openStreams: Int { get async { await hub.subscriberCount } }

    /// Lets the server hold as many connections as the system allows this user (the soft
    /// limit is often 1,024 while the hard one is far higher).
    static func raiseFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Every route: the JSON API, the event stream, the desk console.
    /// - Parameter logRequests: log each request's method, path and status (at info).
    /// - Parameter structured: the request's facts as log metadata (for the JSON log).
    public func router(logRequests: Bool = false, structured: Bool = false) -> Router<AtiendeRequestContext> {
        let routes = RouteTable(Self.routeList(of: routesOnly()))
        let router = Router(context: AtiendeRequestContext.self)
        router.add(middleware: RequestRecord(metrics: metrics, level: logRequests ? .info : nil, structured: structured))
        router.add(middleware: SecurityHeaders())
        router.add(middleware: ErrorMiddleware(routes: routes, offices: offices))
        router.add(middleware: RequestBodyCheck())
        router.add(middleware: WholeAnswers())
        addRoutes(to: router)
        return router
    }

    /// The routes with nothing in front of them.
    private func routesOnly() -> Router<AtiendeRequestContext> {
        let router = Router(context: AtiendeRequestContext.self)
        addRoutes(to: router)
        return router
    }

    private func addRoutes(to router: Router<AtiendeRequestContext>) {
        let console = Console(server: self)
        console.addAssets(to: router)
        // Every route added after this reads the office once and knows who is asking.
        router.add(middleware: AccessMiddleware(offices: offices, queue: queue, trustedProxies: trustedProxies))
        // The operations of openapi.json, through the code generated from it; each is let
        // in by the permission the document gives it.
        do {
            try API(server: self).registerHandlers(
                on: router, configuration: Self.configuration, middlewares: [OperationAccess(rules: .document)])
        } catch {
            preconditionFailure("openapi.json's paths do not register: \(error)")
        }
        EventStream.add(to: router, server: self)
        console.addPages(to: router)
        console.addVisitPage(to: router)
        console.addRequestPage(to: router)
    }

    /// How the generated layer writes JSON: as `--json` does (`QueueJSON.encoder`).
    static let configuration = Configuration(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes])

    /// The routes the router serves, as `METHOD /path/{param}` (for the OpenAPI test).
    public func routeList() -> [String] { Self.routeList(of: routesOnly()) }

    static func routeList(of router: Router<AtiendeRequestContext>) -> [String] {
        router.routes.map { route in
            let path = route.path.description.split(separator: "/").map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }
            return "\(route.method.rawValue) /" + path.joined(separator: "/")
        }.sorted()
    }
}

/// The server could not start, and why.
public struct ServeError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

/// The queue's housekeeping every quarter second, off the path of any request: the store
/// copies its write-ahead log (the server opens its file with `backgroundCheckpoints`).
struct CheckpointService: ServiceLifecycle.Service {
    let queue: any ServedQueue
    /// Where what the housekeeping found is said (a deleted write-ahead log put back).
    let logger: Logger
    static let interval: Duration = .milliseconds(250)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                if let warning = await queue.tidy() { logger.warning("\(warning)") }
            }
        }
    }
}

/// Runs the event hub beside the HTTP server, and stops it on shutdown.
struct HubService: ServiceLifecycle.Service {
    let hub: EventHub

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await hub.run()
        }
        await hub.finishAll()
    }
}
