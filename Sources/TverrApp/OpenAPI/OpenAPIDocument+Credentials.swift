/// The credentials block in the OpenAPI document: the public lists, the checker page, the
/// holder's certificates and revoking.
extension OpenAPIDocument {
    static var credentialPaths: [String: Any] {
        let text: [String: Any] = ["type": "string"]
        let binary: [String: Any] = ["type": "string", "format": "binary"]
        let id = pathParameter("id", "The certificate's id", pattern: "^[0-9a-f-]{36}$")
        return [
            SiteRoute.trustList.openAPIPath: operation(
                "The EU DCC trust list: the CSCA and the document signers (kid, country, DER, thumbprint, status active or retired, types)",
                tag: "credentials", schema: ["type": "object", "required": ["issuer", "generated", "authorities", "signers"]]),
            SiteRoute.verify.openAPIPath: [
                "get": (operation("The certificate checker (HTML, public)", tag: "credentials", content: "text/html", schema: text)["get"]!),
                "post": (post("Check an HC1 certificate against the trust list and Norway's rules; nothing is stored", tag: "credentials",
                              form: ["hc1": text], required: ["hc1"], content: "text/html", schema: text,
                              description: "Answers 200 with the verdict, or 400 when the text is empty. Public: there is no session, and the check changes nothing.")["post"]!),
            ],
            SiteRoute.revocationList.openAPIPath: operation(
                "The EU DCC revocation list: 16-byte SHA-256 hashes (base64) of revoked certificates, by UCI, COUNTRYCODEUCI and SIGNATURE",
                tag: "credentials", schema: ["type": "object", "required": ["generated", "UCI", "COUNTRYCODEUCI", "SIGNATURE"]]),
            SiteRoute.businessRules.openAPIPath: operation(
                "The business rules a verifier applies for entry to Norway, in the EU gateway's format (CertLogic), for offline verifiers",
                tag: "credentials", schema: ["type": "array", "items": ["type": "object", "required": ["Identifier", "Type", "Country", "Logic"]]]),
            SiteRoute.valueSets.openAPIPath: operation(
                "The DCC value sets the checks use: each value set's id, with its codes and their display names",
                tag: "credentials", schema: ["type": "object", "additionalProperties": ["type": "object"]]),
            SiteRoute.myCertificates.openAPIPath: [
                "get": (operation("My COVID certificates: what my records give and what I have got (HTML; portal session)", tag: "credentials",
                                  content: "text/html", schema: text)["get"]!),
                "post": (post("Get a certificate from one of my records (audited); redirects (303) to it", tag: "credentials",
                              form: ["record": text, "csrf_token": text], required: ["record", "csrf_token"], content: "text/html", schema: text,
                              description: "Needs a portal session and its CSRF token. 409 with the page when the record gives no certificate now.")["post"]!),
            ],
            SiteRoute.myCertificate.openAPIPath: operation("One of my certificates: the QR code and what it says (HTML; portal session)",
                                                           tag: "credentials", parameters: [id], content: "text/html", schema: text, errors: [404]),
            SiteRoute.myCertificatePDF.openAPIPath: operation("One of my certificates as a PDF to print (portal session)", tag: "credentials",
                                                              parameters: [id], content: "application/pdf", schema: binary, errors: [404, 503]),
            SiteRoute.myCertificatePNG.openAPIPath: operation("The QR code of one of my certificates as PNG (portal session)", tag: "credentials",
                                                              parameters: [id], content: "image/png", schema: binary, errors: [404]),
            SiteRoute.adminCertificateRevocations.openAPIPath: secured(
                "post", tag: "credentials", "Revoke a certificate by its UVCI, with the reason (admin role, idporten-loa-high; audited)",
                body: "CertificateRevocation", success: "200",
                schema: ["type": "object", "properties": ["uvci": text, "kind": text, "revokedAt": text, "reason": text]],
                errors: [400, 401, 403, 404]),
        ]
    }

    static var credentialSchemas: [String: Any] {
        ["CertificateRevocation": ["type": "object", "required": ["uvci", "reason"], "additionalProperties": false,
                                   "properties": ["uvci": ["type": "string", "maxLength": 80], "reason": ["type": "string", "minLength": 3, "maxLength": 500]]]]
    }
}
