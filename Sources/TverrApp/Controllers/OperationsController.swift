import Hummingbird
import Persistence
import Prometheus

/// Liveness, readiness and metrics, for load balancers and monitoring. No personal data.
struct OperationsController<Context: RequestContext> {
    let store: Store?
    let metrics: PrometheusCollectorRegistry

    func addRoutes(to router: Router<Context>) {
        router.get(SiteRoute.health.path) { _, _ in Self.json(["status": "ok"]) }
        router.get(SiteRoute.readiness.path) { _, _ in
            guard let store, await store.isReady() else {
                throw Problem(.serviceUnavailable, detail: "The database does not answer, so Tverr cannot serve requests yet.")
            }
            return Self.json(["status": "ready"])
        }
        router.get(SiteRoute.metrics.path) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
        }
    }

    static func json(_ object: [String: String]) -> Response {
        let body = "{" + object.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}"
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
