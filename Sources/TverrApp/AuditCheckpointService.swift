import Foundation
import Logging
import Persistence
import ServiceLifecycle

/// Signs the audit chain's head every `interval` while the server runs, and once more at
/// shutdown, so that at most one interval of entries is protected by hashes alone.
struct AuditCheckpointService: Service {
    let log: AuditLog
    let dataDirectory: String
    let interval: Duration
    let logger: Logger

    func run() async throws {
        let key = try AuditSigningKey.loadOrCreate(dataDirectory: dataDirectory)
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: interval)
                    await sign(with: key)
                }
            }
        } catch is CancellationError {}
        await sign(with: key)
    }

    func sign(with key: AuditSigningKey) async {
        do {
            if let checkpoint = try await log.checkpoint(with: key) {
                logger.info("Signed audit checkpoint", metadata: ["audit.sequence": "\(checkpoint.sequence)", "audit.key": "\(checkpoint.keyID)"])
            }
        } catch {
            logger.error("Could not sign an audit checkpoint", metadata: ["error": "\(error)"])
        }
    }
}
