import Foundation
import Hummingbird
import Identifiers
import Persistence
import Reference

/// Public reference data from the registers: municipalities and organisations. These are
/// public records (as in the Central Coordinating Register), so the routes need no login.
struct ReferenceDataController<Context: RequestContext> {
    let repository: any RegisterRepository

    func addRoutes(to router: Router<Context>) {
        router.get(SiteRoute.municipalities.path) { _, _ in
            try await Page(items: repository.municipalities().map(MunicipalityDTO.init))
        }
        router.get(SiteRoute.municipality.path) { _, context in
            let number = try context.parameters.require("number").removingPercentEncoding ?? ""
            do throws(Municipality.NumberError) {
                return MunicipalityDTO(try Municipality.lookup(number))
            } catch .malformed {
                throw Problem(.badRequest, type: "urn:tverr:problem:invalid-municipality-number",
                              title: "Invalid municipality number", detail: Municipality.NumberError.malformed.description)
            } catch {
                throw Problem(.notFound, type: "urn:tverr:problem:unknown-municipality",
                              title: "Unknown municipality", detail: error.description)
            }
        }
        router.get(SiteRoute.organisations.path) { request, _ in
            var kind: Organisation.Kind?
            if let raw = request.uri.queryParameters["kind"] {
                guard let parsed = Organisation.Kind(rawValue: String(raw)) else {
                    let allowed = Organisation.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                    throw Problem(.badRequest, type: "urn:tverr:problem:invalid-parameter", title: "Invalid parameter",
                                  detail: "The kind '\(raw)' is not known. Use one of: \(allowed).")
                }
                kind = parsed
            }
            return try await Page(items: repository.organisations(kind: kind).map(OrganisationDTO.init))
        }
        router.get(SiteRoute.organisation.path) { _, context in
            let raw = try context.parameters.require("number").removingPercentEncoding ?? ""
            let number: OrganisationNumber
            do throws(OrganisationNumber.ParseError) { number = try OrganisationNumber(raw) } catch {
                throw Problem(.badRequest, type: "urn:tverr:problem:invalid-organisation-number",
                              title: "Invalid organisation number", detail: error.description)
            }
            guard let found = try await repository.organisations(kind: nil).first(where: { $0.number == number }) else {
                throw Problem(.notFound, type: "urn:tverr:problem:unknown-organisation", title: "Unknown organisation",
                              detail: "No organisation with number \(number) is registered in Tverr.")
            }
            return OrganisationDTO(found)
        }
    }
}

/// A list response. Reference lists are small, so they come whole.
struct Page<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    var items: [Item]
    var count: Int
    init(items: [Item]) {
        self.items = items
        self.count = items.count
    }
}

struct MunicipalityDTO: ResponseEncodable, Sendable {
    var number, name, county, countyNumber, centrePostcode: String
    var latitude, longitude: Double
    var population: Int

    init(_ m: Municipality) {
        (number, name, county, countyNumber, centrePostcode) = (m.number, m.name, m.county, m.countyNumber, m.centrePostcode)
        (latitude, longitude, population) = (m.latitude, m.longitude, m.population)
    }
}

struct OrganisationDTO: ResponseEncodable, Sendable {
    var number, name, kind: String
    var municipalityNumber: String?

    init(_ o: Organisation) {
        (number, name, kind, municipalityNumber) = (o.number.value, o.name, o.kind.rawValue, o.municipalityNumber)
    }
}
