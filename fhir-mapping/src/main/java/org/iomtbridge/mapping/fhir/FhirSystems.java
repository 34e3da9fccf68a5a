package org.iomtbridge.mapping.fhir;

/** The URIs of the code systems and identifier systems the mapping writes. */
public final class FhirSystems {

    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    public static final String VITAL_SIGNS_PROFILE_BASE = "http://hl7.org/fhir/StructureDefinition/";
    public static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    public static final String DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
    public static final String OBSERVATION_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    public static final String REFERENCE_RANGE_MEANING = "http://terminology.hl7.org/CodeSystem/referencerange-meaning";
    public static final String PROVENANCE_PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    public static final String FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category";
    /** The core extension that points a Flag at the resource it is about (here the Observation that raised it). */
    public static final String FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail";

    private static final String BASE = "https://iomt-bridge.org/fhir/";

    /** Withings' getmeas measure types; codes are the type numbers, for example {@code 1} for weight. */
    public static final String WITHINGS_MEASURE_TYPE = BASE + "CodeSystem/withings-measure-type";
    /** Other Withings values, coded as {@code <call family>:<field>}, for example {@code sleep:total_sleep_time}. */
    public static final String WITHINGS_DATA = BASE + "CodeSystem/withings-data";
    /** Withings' coded values by list: {@code withings-afib-result}, {@code withings-sleep-state}, … */
    public static final String WITHINGS_CODED_VALUE_PREFIX = BASE + "CodeSystem/withings-";
    /** Withings' raw {@code attrib} code of a measure group, as a tag. */
    public static final String WITHINGS_ATTRIB = BASE + "CodeSystem/withings-attrib";
    /** How a Patient came to the bridge, as a tag: {@code self-service} when they enrolled themselves. */
    public static final String ENROLLMENT = BASE + "CodeSystem/enrollment";
    /** The bridge's data-quality tags: {@code patient-reported}, {@code ambiguous-attribution}, … */
    public static final String DATA_QUALITY = BASE + "CodeSystem/data-quality";

    /** Identifier of an Observation: the Withings record it came from. */
    public static final String WITHINGS_MEASUREMENT_ID = BASE + "sid/withings-measurement";
    /** Identifier of a Device: Withings' {@code hash_deviceid}. */
    public static final String WITHINGS_DEVICE_ID = BASE + "sid/withings-device";
    /** A provider-managed device's MAC address, as Withings and the label on the device write it: 00:24:e4:xx:xx:xx. */
    public static final String DEVICE_MAC_ADDRESS = BASE + "sid/mac-address";
    /** Identifier of an archived raw Withings response: its SHA-256. */
    public static final String RAW_RESPONSE_ID = BASE + "sid/withings-raw-response";
    /** Identifier of a Consent: the Withings user it lets the bridge read. */
    public static final String WITHINGS_CONSENT_ID = BASE + "sid/withings-consent";
    /** A Withings user id on a FHIR Patient: how a program's existing members are matched to their Patients. */
    public static final String WITHINGS_USER_ID = BASE + "sid/withings-user";
    /** The consent texts the patients read, by version. */
    public static final String CONSENT_TEXT_BASE = BASE + "consent-text/v";

    /** Identifier of a Flag the bridge raised: {@code withings/<user id>/<Observation id>} of the reading. */
    public static final String ALERT_ID = BASE + "sid/alert";

    /** Identifier of the bridge as a Provenance agent. */
    public static final String AGENT_ID = BASE + "sid/agent";

    private FhirSystems() {
    }
}
