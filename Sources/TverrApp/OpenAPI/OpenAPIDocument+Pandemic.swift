import Persistence

/// The pandemic service in the OpenAPI document: the laboratory API.
extension OpenAPIDocument {
    static var pandemicPaths: [String: Any] {
        [
            SiteRoute.pandemicResults.openAPIPath: secured(
                "post", tag: "pandemic",
                "Submit 1 to 10,000 COVID-19 test results (a laboratory's client, tverr:pandemic/results.write). Each row is answered by its index: accepted, duplicate (the same sample and content sent before) or rejected with the field and reason; a bad row never blocks the others. The person gets a \"new test result\" notice; a positive result opens a tracing case",
                body: "ResultBatch", success: "200", schema: ref("ResultBatchAnswer"), errors: [400, 401, 403, 413]),
        ]
    }

    static var pandemicSchemas: [String: Any] {
        let text: [String: Any] = ["type": "string"], integer: [String: Any] = ["type": "integer"]
        return [
            "ResultBatch": ["type": "object", "required": ["results"],
                            "properties": ["results": ["type": "array", "minItems": 1, "maxItems": TestResults.maximumBatch, "items": ref("ResultSubmission")]]],
            "ResultSubmission": [
                "type": "object", "required": ["sampleId", "nationalIdentityNumber", "testType", "sampleCollected", "result", "testCentre"],
                "properties": [
                    "sampleId": ["type": "string", "pattern": "^[A-Za-z0-9._:/-]{1,64}$", "description": "The laboratory's id for the sample; the idempotency key"],
                    "nationalIdentityNumber": ["type": "string", "pattern": "^[0-9]{11}$"],
                    "testType": ["type": "string", "description": "LP6464-4 (NAAT, such as PCR) or LP217198-3 (rapid antigen); pcr and rapid are accepted too"],
                    "device": ["type": "string", "description": "Rapid tests only: the device's id in the EU list (/credentials/value-sets)"],
                    "testName": ["type": "string", "maxLength": 80, "description": "NAAT only: the test's name"],
                    "sampleCollected": ["type": "string", "format": "date-time", "description": "When the sample was taken, with its zone; not in the future, not before 2020"],
                    "result": ["type": "string", "description": "positive or negative (or the SNOMED CT codes 260373001 and 260415000)"],
                    "testCentre": ["type": "string", "maxLength": 50],
                ]],
            "ResultBatchAnswer": ["type": "object", "required": ["accepted", "duplicates", "rejected", "results"],
                                  "properties": ["accepted": integer, "duplicates": integer, "rejected": integer,
                                                 "results": ["type": "array", "items": ref("ResultOutcome")]]],
            "ResultOutcome": ["type": "object", "required": ["index", "status"],
                              "properties": ["index": integer, "sampleId": text, "status": ["type": "string", "enum": ["accepted", "duplicate", "rejected"]],
                                             "id": text, "field": text, "error": text,
                                             "reason": ["type": "string", "description": "missing, malformed, unknownPerson, unknownTestType, unknownDevice, deviceNotForNAAT, future, tooOld, unknownResult, sampleIDConflict or storage"]]],
        ]
    }
}
