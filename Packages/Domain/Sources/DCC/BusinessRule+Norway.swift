import Foundation

/// The acceptance rules Tverr's verifier applies by default: Norway's rules for entry, in the
/// gateway's JSON format, so that a published rule list can replace them without code.
extension BusinessRule {
    /// The built-in Norwegian rules.
    public static let norway: [BusinessRule] = {
        do { return try decodeList(Data(norwayJSON.utf8)) } catch { preconditionFailure("The built-in rules do not decode: \(error)") }
    }()

    static func rule(_ id: String, _ type: String, _ fields: [String], _ en: String, _ nb: String, _ nn: String, _ uk: String, _ logic: String) -> String {
        """
        {"Identifier": "\(id)", "Type": "Acceptance", "Country": "NO", "Version": "1.0.0", "SchemaVersion": "1.3.0",
         "Engine": "CERTLOGIC", "EngineVersion": "1.0.0", "CertificateType": "\(type)",
         "Description": [{"lang": "en", "desc": "\(en)"}, {"lang": "nb", "desc": "\(nb)"}, {"lang": "nn", "desc": "\(nn)"}, {"lang": "uk", "desc": "\(uk)"}],
         "ValidFrom": "2021-07-01T00:00:00Z", "ValidTo": "2030-01-01T00:00:00Z",
         "AffectedFields": [\(fields.map { "\"\($0)\"" }.joined(separator: ", "))], "Logic": \(logic)}
        """
    }

    static let norwayJSON = "[" + [
        rule("GR-NO-0001", "General", ["v.0.tg", "t.0.tg", "r.0.tg"],
             "The certificate is for COVID-19.", "Sertifikatet gjelder covid-19.", "Sertifikatet gjeld covid-19.", "Сертифікат стосується COVID-19.",
             #"{"reduce": [[{"var": "payload.v.0.tg"}, {"var": "payload.t.0.tg"}, {"var": "payload.r.0.tg"}], {"or": [{"var": "accumulator"}, {"===": [{"var": "current"}, "840539006"]}]}, false]}"#),
        rule("TR-NO-0001", "Test", ["t.0.tt"],
             "The test is a PCR test or a rapid antigen test.", "Testen er en PCR-test eller en hurtigtest.", "Testen er ein PCR-test eller ein hurtigtest.", "Тест є ПЛР-тестом або швидким антигенним тестом.",
             #"{"in": [{"var": "payload.t.0.tt"}, ["LP6464-4", "LP217198-3"]]}"#),
        rule("TR-NO-0002", "Test", ["t.0.tr"],
             "The test result is negative.", "Testresultatet er negativt.", "Testresultatet er negativt.", "Результат тесту негативний.",
             #"{"===": [{"var": "payload.t.0.tr"}, "260415000"]}"#),
        rule("TR-NO-0003", "Test", ["t.0.sc"],
             "The sample was taken at most 72 hours ago.", "Prøven ble tatt for høyst 72 timer siden.", "Prøva vart teken for høgst 72 timar sidan.", "Зразок взято не більше ніж 72 години тому.",
             #"{"not-after": [{"plusTime": [{"var": "external.validationClock"}, 0, "hour"]}, {"plusTime": [{"var": "payload.t.0.sc"}, 72, "hour"]}]}"#),
        rule("TR-NO-0004", "Test", ["t.0.sc"],
             "The sample time is not in the future.", "Prøvetidspunktet er ikke fram i tid.", "Prøvetidspunktet er ikkje fram i tid.", "Час узяття зразка не в майбутньому.",
             #"{"not-before": [{"plusTime": [{"var": "external.validationClock"}, 0, "hour"]}, {"plusTime": [{"var": "payload.t.0.sc"}, 0, "hour"]}]}"#),
        rule("TR-NO-0005", "Test", ["t.0.tt", "t.0.ma"],
             "A rapid antigen test is on the EU list of approved tests.", "En hurtigtest står på EUs liste over godkjente tester.", "Ein hurtigtest står på EU si liste over godkjende testar.", "Швидкий тест є в переліку ЄС схвалених тестів.",
             #"{"if": [{"===": [{"var": "payload.t.0.tt"}, "LP217198-3"]}, {"in": [{"var": "payload.t.0.ma"}, {"var": "external.valueSets.covid-19-lab-test-manufacturer-and-name"}]}, true]}"#),
        rule("VR-NO-0001", "Vaccination", ["v.0.mp"],
             "The vaccine is approved in the EU.", "Vaksinen er godkjent i EU.", "Vaksinen er godkjend i EU.", "Вакцину схвалено в ЄС.",
             #"{"in": [{"var": "payload.v.0.mp"}, {"var": "external.valueSets.vaccines-covid-19-names"}]}"#),
        rule("VR-NO-0002", "Vaccination", ["v.0.dn", "v.0.sd"],
             "The vaccination series is complete.", "Vaksinasjonen er fullført.", "Vaksinasjonen er fullførd.", "Курс вакцинації завершено.",
             #"{">=": [{"var": "payload.v.0.dn"}, {"var": "payload.v.0.sd"}]}"#),
        rule("VR-NO-0003", "Vaccination", ["v.0.dn", "v.0.sd", "v.0.dt"],
             "At least 14 days have passed since the last dose of the first series.", "Det har gått minst 14 dager siden siste dose i den første serien.", "Det har gått minst 14 dagar sidan siste dose i den første serien.", "Минуло щонайменше 14 днів після останньої дози першого курсу.",
             #"{"if": [{">": [{"var": "payload.v.0.dn"}, {"var": "payload.v.0.sd"}]}, true, {"not-before": [{"plusTime": [{"var": "external.validationClock"}, 0, "day"]}, {"plusTime": [{"var": "payload.v.0.dt"}, 14, "day"]}]}]}"#),
        rule("VR-NO-0004", "Vaccination", ["v.0.dn", "v.0.sd", "v.0.dt"],
             "A first series without a booster is accepted for 270 days.", "En første serie uten oppfriskningsdose godtas i 270 dager.", "Ein første serie utan oppfriskingsdose vert godteken i 270 dagar.", "Перший курс без бустерної дози приймається 270 днів.",
             #"{"if": [{">": [{"var": "payload.v.0.dn"}, {"var": "payload.v.0.sd"}]}, true, {"not-after": [{"plusTime": [{"var": "external.validationClock"}, 0, "day"]}, {"plusTime": [{"var": "payload.v.0.dt"}, 270, "day"]}]}]}"#),
        rule("RR-NO-0001", "Recovery", ["r.0.df", "r.0.du"],
             "Today is within the certificate's validity period.", "Dagens dato er innenfor sertifikatets gyldighetsperiode.", "Dagens dato er innanfor gyldigheitsperioden til sertifikatet.", "Сьогоднішня дата в межах строку дії сертифіката.",
             #"{"not-after": [{"plusTime": [{"var": "payload.r.0.df"}, 0, "day"]}, {"plusTime": [{"var": "external.validationClock"}, 0, "day"]}, {"plusTime": [{"var": "payload.r.0.du"}, 0, "day"]}]}"#),
        rule("RR-NO-0002", "Recovery", ["r.0.fr"],
             "The first positive test was at most 180 days ago.", "Den første positive testen var for høyst 180 dager siden.", "Den første positive testen var for høgst 180 dagar sidan.", "Перший позитивний тест був не більше ніж 180 днів тому.",
             #"{"not-after": [{"plusTime": [{"var": "external.validationClock"}, 0, "day"]}, {"plusTime": [{"var": "payload.r.0.fr"}, 180, "day"]}]}"#),
    ].joined(separator: ",\n") + "]"
}
