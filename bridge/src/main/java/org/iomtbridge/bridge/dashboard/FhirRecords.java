package org.iomtbridge.bridge.dashboard;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.ReferenceClientParam;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.SampledData;
import org.iomtbridge.bridge.fhirwrite.FhirPages;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What the dashboard shows of a patient, read from the FHIR server: the bridge keeps no copy of health data. */
@Service
class FhirRecords {

    /**
     * One value at one time, with what says whether it can be trusted: the keys of its data-quality tags
     * ({@link ReadingMarks.Quality#key()}) and the code of its interpretation (H, L, N, …), left out when it has none.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Point(long epochSecond, BigDecimal value, List<String> quality, String interpretation) {
    }

    public record SeriesData(String label, List<Point> points) {
    }

    /** @param marks the label of each data-quality key and interpretation code its points carry */
    public record ChartData(String id, String title, String unit, ChartDefinitions.Style style, List<SeriesData> series,
                            Map<String, String> marks) {

        public int readings() {
            return series.stream().mapToInt(line -> line.points().size()).sum();
        }
    }

    /**
     * A spot reading as the latest readings list it.
     *
     * @param value the value with its unit; a panel's values joined by '/', as blood pressure is written
     * @param judgments the interpretation of the value, or of each of a panel's values, against its reference range
     */
    public record Reading(String id, Instant at, String kind, String value, List<ReadingMarks.Judgment> judgments,
                          List<ReadingMarks.Quality> quality) {
    }

    /** An ECG recording, without its samples. */
    public record EcgSummary(String id, Instant at) {
    }

    /** @param microvolts one sample every {@code periodMillis}, from {@code start} */
    public record Waveform(String id, Instant start, BigDecimal periodMillis, String unit, List<BigDecimal> microvolts) {
    }

    /** A device of the patient, with its battery level as Withings last reported it. */
    public record DeviceSummary(String patient, String name, String type, Optional<String> battery) {
    }

    private static final ChartDefinitions.Coding ECG = new ChartDefinitions.Coding(FhirSystems.WITHINGS_DATA,
            "ecg:signal");
    private static final int PAGE = 500;
    /** Every status but entered-in-error: a reading corrected away is no reading. */
    private static final String[] LIVE_STATUSES = {"registered", "preliminary", "final", "amended", "corrected"};

    private final IGenericClient fhir;

    public FhirRecords(IGenericClient fhirClient) {
        this.fhir = fhirClient;
    }

    /** The chart's series between two instants, oldest first; corrected-away Observations are left out. */
    public ChartData chart(ChartDefinitions.Chart chart, String patient, Instant from, Instant to) {
        List<ChartDefinitions.Series> series = chart.series();
        Map<ChartDefinitions.Series, List<Point>> points = new HashMap<>();
        series.forEach(line -> points.put(line, new ArrayList<>()));
        Map<String, String> marks = new TreeMap<>();
        List<ChartDefinitions.Coding> codes = series.stream().map(ChartDefinitions.Series::coding).distinct().toList();
        forEachObservation(patient, codes, from, to, observation -> {
            Optional<Instant> at = effectiveStart(observation);
            if (at.isEmpty()) {
                return;
            }
            List<ReadingMarks.Quality> quality = ReadingMarks.quality(observation);
            quality.forEach(tag -> marks.put(tag.key(), tag.label()));
            for (ChartDefinitions.Series line : series) {
                if (has(observation.getCode(), line.coding())) {
                    valueOf(observation, line).ifPresent(value -> {
                        Optional<ReadingMarks.Judgment> judgment = judgmentOf(observation, line);
                        judgment.ifPresent(judged -> marks.put(judged.code(), judged.label()));
                        points.get(line).add(new Point(at.get().getEpochSecond(), value,
                                quality.stream().map(ReadingMarks.Quality::key).toList(),
                                judgment.map(ReadingMarks.Judgment::code).orElse(null)));
                    });
                }
            }
        });
        List<SeriesData> data = series.stream().map(line -> new SeriesData(line.label(), points.get(line).stream()
                .sorted(Comparator.comparingLong(Point::epochSecond)).toList())).toList();
        return new ChartData(chart.id(), chart.title(), chart.unit(), chart.style(), data, marks);
    }

    /**
     * The patient's latest readings of these codes in the range, newest first, at most {@code limit}; corrected-away
     * Observations are left out. One search, sorted and bounded by the server.
     */
    public List<Reading> latestReadings(String patient, List<ChartDefinitions.Coding> codes, Instant from, Instant to,
                                        int limit) {
        if (codes.isEmpty()) {
            return List.of();
        }
        Bundle newest = fhir.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId(patient))
                .and(Observation.CODE.exactly().codings(codings(codes)))
                .and(Observation.DATE.afterOrEquals().millis(java.util.Date.from(from)))
                .and(Observation.STATUS.exactly().codes(LIVE_STATUSES))
                .sort().descending(Observation.DATE)
                .count(limit).returnBundle(Bundle.class).execute();
        List<Reading> readings = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : newest.getEntry()) {
            Observation observation = (Observation) entry.getResource();
            effectiveStart(observation).filter(at -> at.isBefore(to)).ifPresent(at -> readings.add(new Reading(
                    observation.getIdElement().getIdPart(), at, observation.getCode().getText(), valueText(observation),
                    judgments(observation), ReadingMarks.quality(observation))));
        }
        return readings;
    }

    /** The patient's ECG recordings in the range, newest first. */
    public List<EcgSummary> ecgs(String patient, Instant from, Instant to) {
        List<EcgSummary> recordings = new ArrayList<>();
        forEachObservation(patient, List.of(ECG), from, to, observation ->
                effectiveStart(observation).ifPresent(at ->
                        recordings.add(new EcgSummary(observation.getIdElement().getIdPart(), at))));
        recordings.sort(Comparator.comparing(EcgSummary::at).reversed());
        return recordings;
    }

    /**
     * The samples of one ECG recording of the patient; empty when there is no such Observation, when it is not theirs
     * or holds no waveform.
     *
     * @param observationId a FHIR id ({@code web.FhirIds}), checked by the caller
     */
    public Optional<Waveform> waveform(String patient, String observationId) {
        Observation observation;
        try {
            observation = fhir.read().resource(Observation.class).withId(new IdType("Observation", observationId))
                    .execute();
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
        if (!patient.equals(observation.getSubject().getReference()) || !observation.hasValueSampledData()
                || !has(observation.getCode(), ECG)) {
            return Optional.empty();
        }
        SampledData sampled = observation.getValueSampledData();
        BigDecimal origin = sampled.getOrigin().getValue() == null ? BigDecimal.ZERO : sampled.getOrigin().getValue();
        BigDecimal factor = sampled.hasFactor() ? sampled.getFactor() : BigDecimal.ONE;
        List<BigDecimal> values = Arrays.stream(sampled.getData().trim().split("\\s+"))
                .filter(sample -> !sample.isEmpty() && !sample.equals("E") && !sample.equals("U") && !sample.equals("L"))
                .map(sample -> origin.add(factor.multiply(new BigDecimal(sample)))).toList();
        return Optional.of(new Waveform(observationId, effectiveStart(observation).orElse(Instant.EPOCH),
                sampled.getPeriod(), Optional.ofNullable(sampled.getOrigin().getUnit()).orElse("uV"), values));
    }

    /** The devices of these patients, in one search. */
    public List<DeviceSummary> devices(Collection<String> patients) {
        if (patients.isEmpty()) {
            return List.of();
        }
        Bundle first = fhir.search().forResource(Device.class)
                .where(new ReferenceClientParam("patient").hasAnyOfIds(List.copyOf(patients)))
                .count(PAGE).returnBundle(Bundle.class).execute();
        List<DeviceSummary> devices = new ArrayList<>();
        FhirPages.forEach(fhir, first, resource -> {
            Device device = (Device) resource;
            String name = device.getDeviceName().stream().map(Device.DeviceDeviceNameComponent::getName).findFirst()
                    .orElse("Withings device");
            Optional<String> battery = device.getProperty().stream()
                    .filter(property -> "battery level".equals(property.getType().getText()))
                    .flatMap(property -> property.getValueCode().stream()).map(CodeableConcept::getText).findFirst();
            devices.add(new DeviceSummary(device.getPatient().getReference(), name,
                    device.getType().getText() == null ? "" : device.getType().getText(), battery));
        });
        return devices;
    }

    /** The names of these patients, by reference; a patient without a name is left out. */
    public Map<String, String> names(Collection<String> patients) {
        if (patients.isEmpty()) {
            return Map.of();
        }
        List<String> ids = patients.stream().map(reference -> reference.substring(reference.indexOf('/') + 1)).toList();
        Bundle first = fhir.search().forResource(Patient.class)
                .where(new TokenClientParam("_id").exactly().codes(ids)).count(PAGE).returnBundle(Bundle.class).execute();
        Map<String, String> names = new HashMap<>();
        FhirPages.forEach(fhir, first, resource -> {
            Patient patient = (Patient) resource;
            if (patient.hasName()) {
                names.put("Patient/" + patient.getIdElement().getIdPart(), patient.getNameFirstRep().getNameAsSingleString());
            }
        });
        return names;
    }

    private void forEachObservation(String patient, List<ChartDefinitions.Coding> codes, Instant from, Instant to,
                                    java.util.function.Consumer<Observation> action) {
        Bundle first = fhir.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId(patient))
                .and(Observation.CODE.exactly().codings(codings(codes)))
                // Only the lower bound goes to the server: with both, HAPI's JPA search on H2 took seconds, not tens of ms.
                .and(Observation.DATE.afterOrEquals().millis(java.util.Date.from(from)))
                .count(PAGE).returnBundle(Bundle.class).execute();
        FhirPages.forEach(fhir, first, resource -> {
            Observation observation = (Observation) resource;
            if (observation.getStatus() != Observation.ObservationStatus.ENTEREDINERROR
                    && effectiveStart(observation).filter(at -> at.isBefore(to)).isPresent()) {
                action.accept(observation);
            }
        });
    }

    private static org.hl7.fhir.r4.model.Coding[] codings(List<ChartDefinitions.Coding> codes) {
        return codes.stream().map(code -> new org.hl7.fhir.r4.model.Coding(code.system(), code.code(), null))
                .toArray(org.hl7.fhir.r4.model.Coding[]::new);
    }

    /** The judgment of the value a series draws: of its component for a panel, of the Observation otherwise. */
    private static Optional<ReadingMarks.Judgment> judgmentOf(Observation observation, ChartDefinitions.Series line) {
        if (line.component().isPresent()) {
            return observation.getComponent().stream()
                    .filter(component -> has(component.getCode(), line.component().get())).findFirst()
                    .flatMap(ReadingMarks::judgment);
        }
        return ReadingMarks.judgment(observation);
    }

    private static List<ReadingMarks.Judgment> judgments(Observation observation) {
        List<ReadingMarks.Judgment> judgments = new ArrayList<>();
        ReadingMarks.judgment(observation).ifPresent(judgments::add);
        observation.getComponent().forEach(component -> ReadingMarks.judgment(component)
                .map(judgment -> judgment.of(component.getCode().getText())).ifPresent(judgments::add));
        return judgments;
    }

    private static String valueText(Observation observation) {
        if (observation.hasValueQuantity()) {
            return quantityText(List.of(observation.getValueQuantity()));
        }
        if (observation.hasValueCodeableConcept()) {
            return Optional.ofNullable(observation.getValueCodeableConcept().getText()).orElse("");
        }
        return quantityText(observation.getComponent().stream()
                .filter(Observation.ObservationComponentComponent::hasValueQuantity)
                .map(Observation.ObservationComponentComponent::getValueQuantity).toList());
    }

    private static String quantityText(List<Quantity> quantities) {
        if (quantities.isEmpty()) {
            return "";
        }
        String unit = Optional.ofNullable(quantities.get(0).getUnit()).orElse("");
        return (quantities.stream().map(quantity -> quantity.getValue().stripTrailingZeros().toPlainString())
                .collect(java.util.stream.Collectors.joining("/")) + " " + unit).trim();
    }

    private static Optional<BigDecimal> valueOf(Observation observation, ChartDefinitions.Series line) {
        if (line.component().isPresent()) {
            return observation.getComponent().stream()
                    .filter(component -> has(component.getCode(), line.component().get()))
                    .filter(Observation.ObservationComponentComponent::hasValueQuantity)
                    .map(component -> component.getValueQuantity().getValue()).findFirst();
        }
        return observation.hasValueQuantity() ? Optional.ofNullable(observation.getValueQuantity())
                .map(Quantity::getValue) : Optional.empty();
    }

    private static Optional<Instant> effectiveStart(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) {
            return Optional.of(observation.getEffectiveDateTimeType().getValue().toInstant());
        }
        if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
            return Optional.of(observation.getEffectivePeriod().getStart().toInstant());
        }
        return Optional.empty();
    }

    private static boolean has(CodeableConcept concept, ChartDefinitions.Coding coding) {
        return concept.getCoding().stream().anyMatch(candidate -> coding.system().equals(candidate.getSystem())
                && coding.code().equals(candidate.getCode()));
    }
}
