package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.adherence.Adherence;
import org.iomtbridge.bridge.alerts.Alerts;
import org.iomtbridge.bridge.archive.RawArchive;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.bridge.thresholds.ChangeRules;
import org.iomtbridge.bridge.thresholds.Thresholds;
import org.iomtbridge.mapping.MappingResult;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.mapping.codes.ReferenceRanges;
import org.iomtbridge.mapping.fhir.ResourceIds;
import org.iomtbridge.mapping.withings.Normalized;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Normalized Withings data to FHIR for a patient: mapped and judged by the patient's thresholds, its notes logged,
 * judged for alerts, written with a Provenance per batch, its readings counted for adherence.
 */
@Component
class MappedWrites {

    private static final Logger LOG = LoggerFactory.getLogger(MappedWrites.class);

    private final FhirWriter writer;
    private final Alerts alerts;
    private final Adherence adherence;
    private final Thresholds thresholds;
    private final ChangeRules changeRules;
    private final List<DeviceLabels> deviceLabels;
    private final Clock clock;
    private final WithingsFhirMapper mapper = WithingsFhirMapper.standard();
    private final ArchivedAnswers archived = new ArchivedAnswers(mapper);

    private final Timer lag;

    public MappedWrites(FhirWriter writer, Alerts alerts, Adherence adherence, Thresholds thresholds,
                        ChangeRules changeRules, List<DeviceLabels> deviceLabels, Clock clock, MeterRegistry meters) {
        this.deviceLabels = List.copyOf(deviceLabels);
        this.writer = writer;
        this.alerts = alerts;
        this.adherence = adherence;
        this.thresholds = thresholds;
        this.changeRules = changeRules;
        this.clock = clock;
        this.lag = Timer.builder("iomt.measurement.lag").description("from a measurement to its commit in FHIR")
                .register(meters);
    }

    /** From each measurement (the end of its period) to its commit in FHIR; a backfill's old data counts too. */
    private void recordLag(MappingResult mapped) {
        Instant committed = clock.instant();
        for (Observation observation : mapped.observations()) {
            Optional<Instant> measured = observation.hasEffectivePeriod()
                    ? Optional.ofNullable(observation.getEffectivePeriod().getEnd()).map(java.util.Date::toInstant)
                    : observation.hasEffectiveDateTimeType()
                    ? Optional.of(observation.getEffectiveDateTimeType().getValue().toInstant()) : Optional.empty();
            measured.filter(at -> at.isBefore(committed))
                    .ifPresent(at -> lag.record(Duration.between(at, committed)));
        }
    }

    public WithingsFhirMapper mapper() {
        return mapper;
    }

    /** What writing answers did: what was mapped and written, and the answers that could not be read. */
    public record Written(MappingResult mapped, List<ArchivedAnswers.Rejected> rejected) {
    }

    /**
     * Maps and writes what Withings answered, as archived: a sync's fresh answers, a dead letter replayed, a remap.
     * The Provenance of each batch names the answers (by SHA-256 and archive row). An answer that cannot be read is
     * left out and reported; the others are written.
     *
     * @param answers of one user, in the order they were received
     * @param what    what they are, for the Provenance: {@code Withings measures of user 123}
     */
    public Written writeAnswers(String withingsUserId, String patientReference, List<RawArchive.Stored> answers,
                                String what) {
        String source = ResourceIds.sha256(answers.stream().map(RawArchive.Stored::sha256)
                .collect(Collectors.joining(",")).getBytes(StandardCharsets.UTF_8));
        String description = what + ", raw_response " + answers.stream().map(answer -> String.valueOf(answer.id()))
                .collect(Collectors.joining(", "));
        ArchivedAnswers.Result read = archived.normalize(answers);
        return new Written(write(withingsUserId, patientReference, read.normalized(), source, description),
                read.rejected());
    }

    /**
     * @param sourceSha256 the SHA-256 the Provenance names as source
     * @param description  where that source is kept, for the Provenance
     */
    public MappingResult write(String withingsUserId, String patientReference, Normalized normalized,
                               String sourceSha256, String description) {
        ReferenceRanges.Schedule ranges = thresholds.schedule(patientReference);
        MappingResult mapped = mapper.toFhir(normalized, new Reference(patientReference), ranges);
        mapped.notes().forEach(note -> LOG.info("Withings user {}: {}", withingsUserId, note));
        if (!mapped.resources().isEmpty()) {
            mapped.devices().forEach(device -> deviceLabels.forEach(labels -> labels.label(device)));
            changeRules.judge(patientReference, mapped.observations(), ranges);
            Alerts.Judged judged = alerts.judge(withingsUserId, patientReference, mapped.observations());
            // The Flags after the Observations they point at: a later batch, or a later wave of the same.
            List<Resource> resources = new ArrayList<>(mapped.resources());
            resources.addAll(judged.flags());
            writer.write(resources, batch -> mapper.builder().provenance(batch, sourceSha256, description,
                    clock.instant()));
            alerts.recordWritten(judged);
            adherence.recordWritten(withingsUserId, patientReference, mapped.observations());
            recordLag(mapped);
        }
        return mapped;
    }
}
