package org.iomtbridge.mapping.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SampledData;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.hl7.fhir.r4.model.Type;
import org.iomtbridge.mapping.AttributionPolicy;
import org.iomtbridge.mapping.codes.CodeTable;
import org.iomtbridge.mapping.codes.CodeTableEntry;
import org.iomtbridge.mapping.codes.ReferenceRanges;
import org.iomtbridge.mapping.normalized.DataQuality;
import org.iomtbridge.mapping.normalized.DeviceRef;
import org.iomtbridge.mapping.normalized.MeasuredValue;
import org.iomtbridge.mapping.normalized.Measurement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds FHIR R4 resources from normalized measurements, vendor-neutrally: codes, units and profiles come from the
 * {@link CodeTable}, ids from {@link ResourceIds}, status and tags from the {@link AttributionPolicy}, the reference
 * range and interpretation of a spot reading from the {@link ReferenceRanges}.
 */
public final class FhirResourceBuilder {

    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final String MEASURE_TYPE_PREFIX = "meastype:";
    private static final String BRIDGE_NAME = "IoMT FHIR Bridge";

    private final CodeTable table;
    private final AttributionPolicy policy;
    private final ReferenceRanges ranges;

    public FhirResourceBuilder(CodeTable table, AttributionPolicy policy, ReferenceRanges ranges) {
        this.table = table;
        this.policy = policy;
        this.ranges = ranges;
    }

    /** The Observation of a measurement; empty when the attribution policy says to skip it. */
    public Optional<Observation> observation(Measurement measurement, Reference patient) {
        return observation(measurement, patient, ranges);
    }

    /** The Observation of a measurement judged against these ranges; empty when the policy says to skip it. */
    public Optional<Observation> observation(Measurement measurement, Reference patient, ReferenceRanges ranges) {
        AttributionPolicy.Treatment treatment = policy.treatmentOf(measurement.quality());
        if (treatment == AttributionPolicy.Treatment.SKIP) {
            return Optional.empty();
        }
        Optional<CodeTableEntry> entry = table.entry(measurement.kind());
        Observation observation = new Observation();
        observation.setId(ResourceIds.observation(measurement.source()));
        entry.flatMap(CodeTableEntry::profile)
                .filter(profile -> spot(measurement))
                .ifPresent(profile -> observation.getMeta().addProfile(FhirSystems.VITAL_SIGNS_PROFILE_BASE + profile));
        observation.addIdentifier(new Identifier().setSystem(FhirSystems.WITHINGS_MEASUREMENT_ID)
                .setValue(measurement.source().asText()));
        observation.setStatus(treatment == AttributionPolicy.Treatment.FLAG
                ? Observation.ObservationStatus.PRELIMINARY : Observation.ObservationStatus.FINAL);
        entry.flatMap(CodeTableEntry::category).ifPresent(category -> observation.addCategory(new CodeableConcept()
                .addCoding(new Coding(FhirSystems.OBSERVATION_CATEGORY, category, categoryDisplay(category)))));
        observation.setCode(code(measurement.kind()));
        observation.setSubject(patient);
        observation.setEffective(effective(measurement));
        measurement.issued().ifPresent(issued -> observation.setIssuedElement(new InstantType(Date.from(issued))));
        measurement.value().ifPresent(value -> {
            observation.setValue(value(value));
            judgment(ranges, measurement, measurement.kind(), value).ifPresent(judgment -> {
                observation.addReferenceRange(referenceRange(judgment.normal(), value));
                judgment.band().ifPresent(band -> observation.addInterpretation(interpretation(band)));
            });
        });
        for (Measurement.Component component : measurement.components()) {
            Observation.ObservationComponentComponent part = observation.addComponent().setCode(code(component.kind()));
            if (component.value() instanceof MeasuredValue.Absent) {
                part.setDataAbsentReason(new CodeableConcept().addCoding(new Coding(FhirSystems.DATA_ABSENT_REASON,
                        "unknown", "Unknown")));
            } else {
                part.setValue(value(component.value()));
                judgment(ranges, measurement, component.kind(), component.value()).ifPresent(judgment -> {
                    part.addReferenceRange(referenceRange(judgment.normal(), component.value()));
                    judgment.band().ifPresent(band -> part.addInterpretation(interpretation(band)));
                });
            }
        }
        measurement.position().ifPresent(position -> observation.setBodySite(coded("position",
                String.valueOf(position.code()))));
        measurement.device().ifPresent(device -> observation.setDevice(deviceReference(device)));
        quality(observation, measurement.quality(), treatment, patient);
        return Optional.of(observation);
    }

    /** The Device a measurement names, or one of the user's device list, owned by the patient. */
    public Device device(DeviceRef ref, Reference patient) {
        Device device = new Device();
        device.setId(ResourceIds.device("withings", ref.hashDeviceId()));
        device.addIdentifier(new Identifier().setSystem(FhirSystems.WITHINGS_DEVICE_ID).setValue(ref.hashDeviceId()));
        device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        device.setManufacturer("Withings");
        ref.modelName().ifPresent(name -> device.addDeviceName().setName(name)
                .setType(Device.DeviceNameType.MODELNAME));
        if (ref.modelId().isPresent()) {
            device.setModelNumber(String.valueOf(ref.modelId().getAsInt()));
        }
        ref.type().ifPresent(type -> device.setType(new CodeableConcept().setText(type)));
        ref.battery().ifPresent(battery -> device.addProperty()
                .setType(new CodeableConcept().setText("battery level"))
                .addValueCode(new CodeableConcept().setText(battery)));
        device.setPatient(patient);
        return device;
    }

    /**
     * The Provenance of a batch: the bridge as agent, the raw Withings response (by its SHA-256) as source entity. Its
     * id follows from the source and the batch, so that writing the same batch again replaces it.
     *
     * @param sourceDescription where the raw response is kept, for example an archive key or a file name
     */
    public Provenance provenance(List<? extends Resource> targets, String sourceSha256, String sourceDescription,
                                 Instant recorded) {
        Provenance provenance = new Provenance();
        List<String> references = targets.stream().map(target -> target.fhirType() + "/" + target.getIdPart()).toList();
        // One source may be written in several batches: each batch's Provenance is its own resource.
        provenance.setId(ResourceIds.provenance(ResourceIds.sha256((sourceSha256 + "|" + String.join(",", references))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        references.forEach(reference -> provenance.addTarget(new Reference(reference)));
        provenance.setRecordedElement(new InstantType(Date.from(recorded)));
        provenance.addAgent()
                .setType(new CodeableConcept().addCoding(new Coding(FhirSystems.PROVENANCE_PARTICIPANT_TYPE,
                        "assembler", "Assembler")))
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(FhirSystems.AGENT_ID)
                        .setValue("iomt-fhir-bridge")).setDisplay(BRIDGE_NAME));
        provenance.addEntity()
                .setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(FhirSystems.RAW_RESPONSE_ID)
                        .setValue("sha256:" + sourceSha256)).setDisplay(sourceDescription));
        return provenance;
    }

    /**
     * The patient's consent to share their Withings data, as FHIR sees it: active while it holds, inactive once
     * revoked. One per Withings user, so that writing it again keeps it in step.
     *
     * @param textVersion and {@code textSha256} name the consent text the patient read
     */
    public Consent consent(String withingsUserId, Reference patient, boolean active, Instant granted,
                           Optional<Instant> revoked, String textVersion, String textSha256) {
        Consent consent = new Consent();
        consent.setId(ResourceIds.consent("withings", withingsUserId));
        consent.addIdentifier().setSystem(FhirSystems.WITHINGS_CONSENT_ID).setValue(withingsUserId);
        consent.setStatus(active ? Consent.ConsentState.ACTIVE : Consent.ConsentState.INACTIVE);
        consent.setScope(new CodeableConcept().addCoding(new Coding(FhirSystems.CONSENT_SCOPE, "patient-privacy",
                "Privacy Consent")));
        consent.addCategory(new CodeableConcept().addCoding(new Coding(FhirSystems.LOINC, "59284-0", "Consent Document")));
        consent.setPatient(patient.copy());
        consent.setDateTimeElement(new DateTimeType(Date.from(granted)));
        consent.addPolicy().setUri(FhirSystems.CONSENT_TEXT_BASE + textVersion + "#sha256-" + textSha256);
        Period period = new Period().setStartElement(new DateTimeType(Date.from(granted)));
        revoked.ifPresent(end -> period.setEndElement(new DateTimeType(Date.from(end))));
        consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT).setPeriod(period);
        return consent;
    }

    /**
     * A vital-signs profile is declared for a spot measurement only: a value over a period (an interval's heart rate)
     * is a summary rather than a vital sign. A blood-pressure panel names both pressures, a missing one with its
     * data-absent reason, as the profile asks.
     */
    private static boolean spot(Measurement measurement) {
        return measurement.effective().end().isEmpty();
    }

    /**
     * Only spot readings are judged: the ranges are for one reading, and a night's or a day's mean is no reading
     * (nor does a value over a period have a code the table knows).
     */
    private Optional<ReferenceRanges.Judgment> judgment(ReferenceRanges ranges, Measurement measurement, String kind,
                                                        MeasuredValue value) {
        if (!spot(measurement) || !(value instanceof MeasuredValue.Quantity quantity) || quantity.ucum().isEmpty()) {
            return Optional.empty();
        }
        return table.entry(kind).stream().flatMap(entry -> entry.loinc().stream())
                .flatMap(loinc -> ranges.judge(loinc.code(), quantity.value(), quantity.ucum().get()).stream())
                .findFirst();
    }

    private static Observation.ObservationReferenceRangeComponent referenceRange(ReferenceRanges.Band normal,
                                                                                MeasuredValue value) {
        String unit = ((MeasuredValue.Quantity) value).unitDisplay().orElse(normal.ucum());
        Observation.ObservationReferenceRangeComponent range = new Observation.ObservationReferenceRangeComponent();
        normal.lower().ifPresent(bound -> range.setLow(simpleQuantity(bound, normal.ucum(), unit)));
        normal.upper().ifPresent(bound -> range.setHigh(simpleQuantity(bound, normal.ucum(), unit)));
        range.setType(new CodeableConcept().addCoding(new Coding(FhirSystems.REFERENCE_RANGE_MEANING, "normal",
                "Normal Range")));
        // FHIR's low and high are inclusive; the text keeps the source's exact comparators.
        return range.setText(normal.label() + ": " + normal.describe() + " (" + normal.source() + ")");
    }

    private static SimpleQuantity simpleQuantity(ReferenceRanges.Bound bound, String ucum, String unit) {
        SimpleQuantity quantity = new SimpleQuantity();
        quantity.setValue(bound.value()).setSystem(FhirSystems.UCUM).setCode(ucum).setUnit(unit);
        return quantity;
    }

    /** The band's code with its label and source as text, for example "Hypertensive crisis (ACC/AHA 2017)". */
    public static CodeableConcept interpretation(ReferenceRanges.Band band) {
        return new CodeableConcept().addCoding(new Coding(FhirSystems.OBSERVATION_INTERPRETATION,
                band.interpretation().name(), band.interpretation().display()))
                .setText(band.label() + " (" + band.source() + ")");
    }

    private CodeableConcept code(String kind) {
        Optional<CodeTableEntry> entry = table.entry(kind);
        CodeableConcept code = new CodeableConcept();
        entry.ifPresent(known -> known.loinc().forEach(loinc ->
                code.addCoding(new Coding(FhirSystems.LOINC, loinc.code(), loinc.longCommonName()))));
        String display = entry.map(CodeTableEntry::display).orElseGet(() -> "Withings " + kind.replace(':', ' '));
        if (kind.startsWith(MEASURE_TYPE_PREFIX)) {
            code.addCoding(new Coding(FhirSystems.WITHINGS_MEASURE_TYPE, kind.substring(MEASURE_TYPE_PREFIX.length()),
                    display));
        } else {
            code.addCoding(new Coding(FhirSystems.WITHINGS_DATA, kind, display));
        }
        return code.setText(display);
    }

    private Type value(MeasuredValue value) {
        if (value instanceof MeasuredValue.Quantity quantity) {
            return quantity(quantity);
        }
        if (value instanceof MeasuredValue.Coded coded) {
            return coded(coded.valueSet(), coded.code());
        }
        MeasuredValue.Waveform waveform = (MeasuredValue.Waveform) value;
        return new SampledData()
                .setOrigin(new Quantity().setValue(BigDecimal.ZERO).setSystem(FhirSystems.UCUM)
                        .setCode(waveform.ucum()).setUnit(waveform.ucum()))
                .setPeriod(waveform.periodMillis())
                .setDimensions(1)
                .setData(waveform.samples().stream().map(String::valueOf).collect(Collectors.joining(" ")));
    }

    private static Quantity quantity(MeasuredValue.Quantity value) {
        Quantity quantity = new Quantity().setValue(value.value());
        value.ucum().ifPresent(ucum -> quantity.setSystem(FhirSystems.UCUM).setCode(ucum)
                .setUnit(value.unitDisplay().orElse(ucum)));
        return quantity;
    }

    private CodeableConcept coded(String valueSet, String code) {
        Optional<String> display = table.codedValue(valueSet, code);
        Coding coding = new Coding().setSystem(FhirSystems.WITHINGS_CODED_VALUE_PREFIX + valueSet).setCode(code);
        display.ifPresent(coding::setDisplay);
        return new CodeableConcept().addCoding(coding).setText(display.orElse("Withings " + valueSet + " " + code));
    }

    private Type effective(Measurement measurement) {
        DateTimeType start = dateTime(measurement.effective().start());
        return measurement.effective().end()
                .<Type>map(end -> new Period().setStartElement(start).setEndElement(dateTime(end)))
                .orElse(start);
    }

    private static DateTimeType dateTime(OffsetDateTime time) {
        return new DateTimeType(WITH_OFFSET.format(time));
    }

    private void quality(Observation observation, DataQuality quality, AttributionPolicy.Treatment treatment,
                         Reference patient) {
        if (quality.attrib().isPresent()) {
            String attrib = String.valueOf(quality.attrib().getAsInt());
            observation.getMeta().addTag(FhirSystems.WITHINGS_ATTRIB, attrib, "Withings attribution " + attrib);
        }
        switch (quality.origin()) {
            case MANUAL -> {
                observation.getMeta().addTag(FhirSystems.DATA_QUALITY, "patient-reported", "Entered by the patient");
                observation.addPerformer(patient.copy());
            }
            case USER_CONFIRMED -> observation.getMeta().addTag(FhirSystems.DATA_QUALITY, "user-confirmed",
                    "Measured by a device and confirmed by the patient");
            case DEVICE_AMBIGUOUS -> observation.getMeta().addTag(FhirSystems.DATA_QUALITY, "ambiguous-attribution",
                    "Possibly another person's measurement");
            case UNKNOWN -> observation.getMeta().addTag(FhirSystems.DATA_QUALITY, "unknown-attribution",
                    "Attribution code not documented by Withings");
            case DEVICE -> {
            }
        }
        if (treatment == AttributionPolicy.Treatment.FLAG) {
            observation.addNote().setText(quality.origin() == DataQuality.Origin.DEVICE_AMBIGUOUS
                    ? "Withings could not tell whose measurement this is; it may belong to another person. Review before use."
                    : "Withings attributed this measurement with an undocumented code. Review before use.");
        }
    }

    private static Reference deviceReference(DeviceRef device) {
        Reference reference = new Reference("Device/" + ResourceIds.device("withings", device.hashDeviceId()));
        device.modelName().ifPresent(reference::setDisplay);
        return reference;
    }

    private static String categoryDisplay(String category) {
        return switch (category) {
            case "vital-signs" -> "Vital Signs";
            case "activity" -> "Activity";
            case "exam" -> "Exam";
            case "procedure" -> "Procedure";
            case "laboratory" -> "Laboratory";
            default -> category;
        };
    }
}
