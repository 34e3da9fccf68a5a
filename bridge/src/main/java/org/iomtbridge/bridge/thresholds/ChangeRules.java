package org.iomtbridge.bridge.thresholds;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.DateClientParam;
import ca.uhn.fhir.rest.gclient.ReferenceClientParam;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.iomtbridge.bridge.fhirwrite.FhirWriteException;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.mapping.codes.ReferenceRanges;
import org.iomtbridge.mapping.fhir.FhirResourceBuilder;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules on a change since an earlier reading (reference-ranges.tsv, basis {@code gain-P<days>D}): a reading is
 * compared with the patient's earlier reading of the same code nearest to that many days before, if one was taken
 * within {@link #TOLERANCE} of that moment. The earlier readings are the FHIR server's and the batch's own. A reading
 * past a rule's band carries its interpretation ({@code U}), which raises an alert like a critical value does.
 */
@Service
public class ChangeRules {

    /** How far from "that many days before" the earlier reading may be: a morning weigh-in is not always at 7:00. */
    static final Duration TOLERANCE = Duration.ofHours(12);
    private static final String GAIN = "gain-";
    private static final int PAGE = 500;
    private static final int MAX_PAGES = 20;

    private record Reading(String id, Instant at, BigDecimal value, String ucum) {
    }

    private record Judged(Observation observation, Reading reading, List<ReferenceRanges.Band> rules) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChangeRules.class);

    private final IGenericClient fhir;
    private final FhirWriter writer;

    public ChangeRules(IGenericClient fhirClient, FhirWriter writer) {
        this.fhir = fhirClient;
        this.writer = writer;
    }

    /** Adds to each Observation about to be written the interpretation of every change rule it breaks. */
    public void judge(String patientReference, List<Observation> observations, ReferenceRanges.Schedule schedule) {
        Map<String, List<Judged>> byCode = new LinkedHashMap<>();
        for (Observation observation : observations) {
            Optional<Reading> reading = reading(observation);
            if (reading.isEmpty()) {
                continue;
            }
            List<ReferenceRanges.Band> rules = schedule.at(reading.get().at()).changeRules();
            for (Coding coding : observation.getCode().getCoding()) {
                List<ReferenceRanges.Band> ofCode = rules.stream().filter(rule -> FhirSystems.LOINC.equals(
                        coding.getSystem()) && rule.loinc().equals(coding.getCode())
                        && rule.ucum().equals(reading.get().ucum())).toList();
                if (!ofCode.isEmpty()) {
                    byCode.computeIfAbsent(coding.getCode(), code -> new ArrayList<>())
                            .add(new Judged(observation, reading.get(), ofCode));
                }
            }
        }
        byCode.forEach((loinc, judged) -> judge(patientReference, loinc, judged));
    }

    private void judge(String patientReference, String loinc, List<Judged> judged) {
        Duration longest = judged.stream().flatMap(one -> one.rules().stream()).map(ChangeRules::period)
                .max(Comparator.naturalOrder()).orElseThrow();
        Duration shortest = judged.stream().flatMap(one -> one.rules().stream()).map(ChangeRules::period)
                .min(Comparator.naturalOrder()).orElseThrow();
        Instant from = judged.stream().map(one -> one.reading().at()).min(Comparator.naturalOrder()).orElseThrow()
                .minus(longest).minus(TOLERANCE);
        Instant to = judged.stream().map(one -> one.reading().at()).max(Comparator.naturalOrder()).orElseThrow()
                .minus(shortest).plus(TOLERANCE);
        Map<String, Reading> earlier = new LinkedHashMap<>();
        stored(patientReference, loinc, from, to).forEach(reading -> earlier.put(reading.id(), reading));
        // The batch's own readings are newer than what the server holds of them.
        judged.forEach(one -> earlier.put(one.reading().id(), one.reading()));
        for (Judged one : judged) {
            for (ReferenceRanges.Band rule : one.rules()) {
                Instant before = one.reading().at().minus(period(rule));
                earlier.values().stream()
                        .filter(candidate -> !candidate.id().equals(one.reading().id())
                                && candidate.ucum().equals(one.reading().ucum())
                                && Duration.between(candidate.at(), before).abs().compareTo(TOLERANCE) <= 0)
                        .min(Comparator.comparing((Reading candidate) -> Duration.between(candidate.at(), before)
                                .abs()).thenComparing(Reading::at))
                        .ifPresent(base -> {
                            BigDecimal gain = one.reading().value().subtract(base.value());
                            if (rule.contains(gain)) {
                                CodeableConcept interpretation = FhirResourceBuilder.interpretation(rule);
                                one.observation().addInterpretation(interpretation.setText(interpretation.getText()
                                        + ": " + (gain.signum() > 0 ? "+" : "") + gain.stripTrailingZeros()
                                        .toPlainString() + " " + rule.ucum() + " since " + base.at()));
                            }
                        });
            }
        }
    }

    /** The patient's readings of the code taken in the window, as the FHIR server holds them. */
    private List<Reading> stored(String patientReference, String loinc, Instant from, Instant to) {
        String what = "the search for " + patientReference + "'s earlier " + loinc + " readings";
        try {
            // Credentials refused or the server down: the sync waits and tries again, nothing is lost.
            return writer.read(what, () -> search(patientReference, loinc, from, to));
        } catch (FhirWriteException e) {
            if (e.transientFailure()) {
                throw e;
            }
            // A server that cannot answer this search must not hold the readings back: they go without the rule.
            LOG.warn("Change rules of {} not applied: {}", loinc, e.getMessage());
            return List.of();
        }
    }

    private List<Reading> search(String patientReference, String loinc, Instant from, Instant to) {
        List<Reading> readings = new ArrayList<>();
        Bundle page = fhir.search().forResource(Observation.class)
                .where(new ReferenceClientParam("subject").hasId(patientReference))
                .and(new TokenClientParam("code").exactly().systemAndCode(FhirSystems.LOINC, loinc))
                .and(new DateClientParam("date").afterOrEquals().millis(Date.from(from)))
                .and(new DateClientParam("date").beforeOrEquals().millis(Date.from(to)))
                .count(PAGE).returnBundle(Bundle.class).execute();
        for (int pages = 1; ; pages++) {
            page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(Observation.class::isInstance).map(Observation.class::cast)
                    .map(ChangeRules::reading).flatMap(Optional::stream).forEach(readings::add);
            if (page.getLink(Bundle.LINK_NEXT) == null || pages >= MAX_PAGES) {
                return readings;
            }
            page = fhir.loadPage().next(page).execute();
        }
    }

    /** A spot reading's own quantity; none for a deleted or corrected-away one, a period or a panel. */
    private static Optional<Reading> reading(Observation observation) {
        if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || observation.getStatus() == Observation.ObservationStatus.CANCELLED
                || !observation.hasEffectiveDateTimeType() || !(observation.getValue() instanceof Quantity quantity)
                || !quantity.hasValue() || !quantity.hasCode()) {
            return Optional.empty();
        }
        return Optional.of(new Reading(observation.getIdElement().getIdPart(),
                observation.getEffectiveDateTimeType().getValue().toInstant(), quantity.getValue(),
                quantity.getCode()));
    }

    private static Duration period(ReferenceRanges.Band rule) {
        return Duration.parse(rule.basis().substring(GAIN.length()));
    }
}
