/// The EU DCC value sets (eHN, github.com/ehn-dcc-development/eu-dcc-valuesets) that the
/// payload's coded fields take their values from, with the English display names the EU
/// publishes. The rapid-test list is the part of the JRC device list in use in Norway; the
/// full list changes weekly and is loaded from the gateway in production.
public enum ValueSets {
    /// SNOMED CT 840539006: COVID-19, the only disease in schema 1.3.
    public static let covid19 = "840539006"

    /// disease-agent-targeted.
    public static let diseases: [String: String] = [covid19: "COVID-19"]

    /// covid-19-lab-test-type (LOINC).
    public static let testTypes: [String: String] = [
        TestType.naat: "Nucleic acid amplification with probe detection",
        TestType.rapidAntigen: "Rapid immunoassay",
    ]

    /// The two test types by name.
    public enum TestType {
        /// LP6464-4: NAAT, such as PCR.
        public static let naat = "LP6464-4"
        /// LP217198-3: rapid antigen test.
        public static let rapidAntigen = "LP217198-3"
    }

    /// covid-19-lab-result (SNOMED CT).
    public static let testResults: [String: String] = [
        TestResult.notDetected: "Not detected",
        TestResult.detected: "Detected",
    ]

    /// The two results by name.
    public enum TestResult {
        /// 260415000: not detected (negative).
        public static let notDetected = "260415000"
        /// 260373001: detected (positive).
        public static let detected = "260373001"
    }

    /// covid-19-lab-test-manufacturer-and-name: rapid antigen test devices (JRC ids).
    public static let testDevices: [String: String] = [
        "1232": "Abbott Rapid Diagnostics, Panbio COVID-19 Ag Rapid Test",
        "1468": "ACON Laboratories, Inc, Flowflex SARS-CoV-2 Antigen rapid test",
        "1304": "AMEDA Labordiagnostik GmbH, AMP Rapid Test SARS-CoV-2 Ag",
        "1065": "Becton Dickinson, BD Veritor System for Rapid Detection of SARS CoV 2",
        "1242": "Bionote, Inc, NowCheck COVID-19 Ag Test",
        "1223": "BIOSYNEX S.A., BIOSYNEX COVID-19 Ag BSS",
        "1173": "CerTest Biotec, CerTest SARS-CoV-2 Card test",
        "1244": "GenBody, Inc, Genbody COVID-19 Ag Test",
        "1363": "Hangzhou Clongene Biotech Co., Ltd, Covid-19 Antigen Rapid Test Kit",
        "1767": "Healgen Scientific, Coronavirus Ag Rapid Test Cassette",
        "1263": "Humasis, Humasis COVID-19 Ag Test",
        "1268": "LumiraDX, LumiraDx SARS-CoV-2 Ag Test",
        "1162": "Nal von minden GmbH, NADAL COVID-19 Ag Test",
        "1271": "Precision Biosensor, Inc, Exdia COVID-19 Ag",
        "1341": "Qingdao Hightop Biotech Co., Ltd, SARS-CoV-2 Antigen Rapid Test (Immunochromatography)",
        "1833": "AAZ-LMB, COVID-VIRO",
    ]

    /// sct-vaccines-covid-19: vaccine or prophylaxis.
    public static let vaccines: [String: String] = [
        "1119305005": "SARS-CoV-2 antigen vaccine",
        "1119349007": "SARS-CoV-2 mRNA vaccine",
        "J07BX03": "covid-19 vaccines",
    ]

    /// vaccines-covid-19-names: medicinal products.
    public static let vaccineProducts: [String: String] = [
        "EU/1/20/1528": "Comirnaty",
        "EU/1/20/1507": "Spikevax",
        "EU/1/21/1529": "Vaxzevria",
        "EU/1/20/1525": "Jcovden",
        "EU/1/21/1618": "Nuvaxovid",
        "EU/1/21/1624": "COVID-19 Vaccine Valneva",
    ]

    /// vaccines-covid-19-auth-holders: marketing authorisation holders and manufacturers.
    public static let vaccineManufacturers: [String: String] = [
        "ORG-100030215": "Biontech Manufacturing GmbH",
        "ORG-100031184": "Moderna Biotech Spain S.L.",
        "ORG-100001699": "AstraZeneca AB",
        "ORG-100001417": "Janssen-Cilag International",
        "ORG-100032020": "Novavax CZ a.s.",
        "ORG-100036422": "Valneva France",
    ]

    /// The value sets by the ids CertLogic rules name them with (`external.valueSets`).
    public static let byIdentifier: [String: [String: String]] = [
        "disease-agent-targeted": diseases,
        "covid-19-lab-test-type": testTypes,
        "covid-19-lab-result": testResults,
        "covid-19-lab-test-manufacturer-and-name": testDevices,
        "sct-vaccines-covid-19": vaccines,
        "vaccines-covid-19-names": vaccineProducts,
        "vaccines-covid-19-auth-holders": vaccineManufacturers,
    ]
}
