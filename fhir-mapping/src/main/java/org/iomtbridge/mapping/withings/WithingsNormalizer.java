package org.iomtbridge.mapping.withings;

import org.iomtbridge.mapping.codes.CodeTable;
import org.iomtbridge.mapping.codes.CodeTableEntry;
import org.iomtbridge.mapping.normalized.DataQuality;
import org.iomtbridge.mapping.normalized.DeviceRef;
import org.iomtbridge.mapping.normalized.Effective;
import org.iomtbridge.mapping.normalized.MeasuredValue;
import org.iomtbridge.mapping.normalized.Measurement;
import org.iomtbridge.mapping.normalized.SourceKey;
import org.iomtbridge.mapping.normalized.SourceKey.RecordType;
import org.iomtbridge.withings.model.ActivityDay;
import org.iomtbridge.withings.model.ActivityDays;
import org.iomtbridge.withings.model.Device;
import org.iomtbridge.withings.model.DeviceModels;
import org.iomtbridge.withings.model.HeartRecord;
import org.iomtbridge.withings.model.HeartRecords;
import org.iomtbridge.withings.model.HeartSignal;
import org.iomtbridge.withings.model.IntradaySample;
import org.iomtbridge.withings.model.Measure;
import org.iomtbridge.withings.model.MeasureGroup;
import org.iomtbridge.withings.model.MeasureGroups;
import org.iomtbridge.withings.model.SleepSegment;
import org.iomtbridge.withings.model.SleepSegments;
import org.iomtbridge.withings.model.SleepSummaries;
import org.iomtbridge.withings.model.SleepSummary;
import org.iomtbridge.withings.model.Workout;
import org.iomtbridge.withings.model.Workouts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns each Withings answer into vendor-neutral {@link Measurement}s: values converted to their FHIR units by the
 * code table, times in the user's UTC offset, attribution as data quality. Values the table does not know are kept
 * with their Withings identity and reported, never dropped.
 */
public final class WithingsNormalizer {

    static final String VENDOR = "withings";
    static final String BLOOD_PRESSURE = "panel:blood-pressure";
    private static final int DIASTOLIC = 9;
    private static final int SYSTOLIC = 10;
    private static final Set<String> INTRADAY_NOT_MEASURES = Set.of("duration");

    private final CodeTable table;
    private final ZoneId defaultZone;

    /**
     * @param defaultZone the zone of answers that carry none (heart v2, intraday activity, bare measure groups)
     */
    public WithingsNormalizer(CodeTable table, ZoneId defaultZone) {
        this.table = table;
        this.defaultZone = defaultZone;
    }

    // --- getmeas ----------------------------------------------------------------------------------------------

    public Normalized measureGroups(String userId, MeasureGroups answer) {
        Notes notes = new Notes();
        ZoneId zone = zone(answer.timezone(), notes);
        List<Measurement> measurements = new ArrayList<>();
        for (MeasureGroup group : answer.groups()) {
            measurements.addAll(measureGroup(userId, group, zone, notes));
        }
        return new Normalized(measurements, devicesOf(measurements), notes.list());
    }

    private List<Measurement> measureGroup(String userId, MeasureGroup group, ZoneId zone, Notes notes) {
        Effective effective = Effective.at(at(group.date(), zone));
        DataQuality quality = qualityOf(group.attrib(), notes, "group " + group.grpid());
        Optional<DeviceRef> device = group.hashDeviceId().map(hash -> DeviceRef.of(hash,
                group.model().or(() -> modelName(group.modelId())), group.modelId()));
        Optional<Instant> issued = Optional.of(group.created());
        String grpid = String.valueOf(group.grpid());

        Map<String, Measure> distinct = new LinkedHashMap<>();
        for (Measure measure : group.measures()) {
            String key = measure.type() + "/" + measure.position();
            Measure earlier = distinct.putIfAbsent(key, measure);
            if (earlier != null && earlier.value() != measure.value()) {
                notes.add("group " + grpid + " lists measure type " + measure.type() + " twice with different values ("
                        + earlier.decimalValue() + ", " + measure.decimalValue() + "); the first is kept");
            }
        }

        List<Measurement> measurements = new ArrayList<>();
        List<Measurement.Component> pressure = new ArrayList<>();
        if (distinct.values().stream().anyMatch(measure -> measure.type() == SYSTOLIC || measure.type() == DIASTOLIC)) {
            // A group with one pressure still names the other, absent: a panel always has both parts.
            for (int type : List.of(SYSTOLIC, DIASTOLIC)) {
                pressure.add(new Measurement.Component(measureTypeKind(type), distinct.values().stream()
                        .filter(measure -> measure.type() == type).findFirst()
                        .<MeasuredValue>map(this::quantity).orElseGet(MeasuredValue.Absent::new)));
            }
        }
        for (Measure measure : distinct.values()) {
            if (measure.type() == SYSTOLIC || measure.type() == DIASTOLIC) {
                continue;
            }
            String kind = measureTypeKind(measure.type());
            if (table.entry(kind).isEmpty()) {
                notes.add("measure type " + measure.type() + " in group " + grpid
                        + " is not in the code table; mapped with the Withings coding only");
            }
            SourceKey source = new SourceKey(VENDOR, userId, RecordType.MEASURE_GROUP, grpid,
                    Optional.of(String.valueOf(measure.type())), measure.position());
            measurements.add(new Measurement(kind, Optional.of(valueOf(kind, measure.decimalValue())), List.of(),
                    effective, source, device, quality, issued,
                    positionOf(measure.position())));
        }
        if (!pressure.isEmpty()) {
            SourceKey source = new SourceKey(VENDOR, userId, RecordType.MEASURE_GROUP, grpid, Optional.of("bp"),
                    OptionalInt.empty());
            measurements.add(new Measurement(BLOOD_PRESSURE, Optional.empty(), pressure, effective, source, device,
                    quality, issued, Optional.empty()));
        }
        return measurements;
    }

    private MeasuredValue quantity(Measure measure) {
        return valueOf(measureTypeKind(measure.type()), measure.decimalValue());
    }

    // --- heart v2 ---------------------------------------------------------------------------------------------

    /** The AFib classification, heart rate and (BPM Core) blood pressure of each ECG recording. */
    public Normalized heartRecords(String userId, HeartRecords answer) {
        Notes notes = new Notes();
        List<Measurement> measurements = new ArrayList<>();
        for (HeartRecord record : answer.series()) {
            String recordId = record.ecg().map(ecg -> String.valueOf(ecg.signalId()))
                    .orElse("t" + record.timestamp().getEpochSecond());
            Effective effective = Effective.at(at(record.timestamp(), defaultZone));
            Optional<DeviceRef> device = record.deviceId().map(id -> DeviceRef.of(id, modelName(OptionalInt.of(record.model())),
                    OptionalInt.of(record.model())));
            record.ecg().ifPresent(ecg -> measurements.add(single("ecg:afib", BigDecimal.valueOf(ecg.afib()),
                    new SourceKey(VENDOR, userId, RecordType.ECG, recordId, Optional.of("afib"), OptionalInt.empty()),
                    effective, device, record.modified())));
            record.heartRate().ifPresent(rate -> measurements.add(single("ecg:heart_rate", BigDecimal.valueOf(rate),
                    new SourceKey(VENDOR, userId, RecordType.ECG, recordId, Optional.of("heart_rate"), OptionalInt.empty()),
                    effective, device, record.modified())));
            record.bloodPressure().ifPresent(pressure -> measurements.add(new Measurement(BLOOD_PRESSURE, Optional.empty(),
                    List.of(new Measurement.Component(measureTypeKind(SYSTOLIC),
                                    valueOf(measureTypeKind(SYSTOLIC), BigDecimal.valueOf(pressure.systole()))),
                            new Measurement.Component(measureTypeKind(DIASTOLIC),
                                    valueOf(measureTypeKind(DIASTOLIC), BigDecimal.valueOf(pressure.diastole())))),
                    effective,
                    new SourceKey(VENDOR, userId, RecordType.ECG, recordId, Optional.of("bp"), OptionalInt.empty()),
                    device, DataQuality.device(), record.modified(), Optional.empty())));
        }
        return new Normalized(measurements, devicesOf(measurements), notes.list());
    }

    /** The waveform of one ECG: its samples in microvolts at the recorded sampling frequency. */
    public Normalized ecgWaveform(String userId, long signalId, Instant recordedAt, HeartSignal signal,
                                  Optional<DeviceRef> device) {
        if (signal.samplingFrequency() <= 0) {
            throw new IllegalArgumentException("ECG " + signalId + " has sampling frequency "
                    + signal.samplingFrequency() + "; a waveform needs a positive one");
        }
        BigDecimal periodMillis = BigDecimal.valueOf(1000)
                .divide(BigDecimal.valueOf(signal.samplingFrequency()), MathContext.DECIMAL64).stripTrailingZeros();
        String unit = table.entry("ecg:signal").flatMap(CodeTableEntry::ucum).orElse("uV");
        Measurement waveform = new Measurement("ecg:signal",
                Optional.of(new MeasuredValue.Waveform(signal.signal(), periodMillis, unit)), List.of(),
                Effective.at(at(recordedAt, defaultZone)),
                new SourceKey(VENDOR, userId, RecordType.ECG, String.valueOf(signalId), Optional.of("signal"),
                        OptionalInt.empty()),
                device, DataQuality.device(), Optional.empty(), Optional.empty());
        return new Normalized(List.of(waveform), devicesOf(List.of(waveform)), List.of());
    }

    // --- sleep v2 ---------------------------------------------------------------------------------------------

    /** One measurement per value of each night: durations, stages, heart rate, breathing, score. */
    public Normalized sleepSummaries(String userId, SleepSummaries answer) {
        Notes notes = new Notes();
        List<Measurement> measurements = new ArrayList<>();
        for (SleepSummary night : answer.series()) {
            ZoneId zone = zone(night.timezone(), notes);
            Effective effective = Effective.between(at(night.startDate(), zone), at(night.endDate(), zone));
            Optional<DeviceRef> device = night.hashDeviceId().map(hash ->
                    DeviceRef.of(hash, modelName(night.modelId()), night.modelId()));
            night.data().forEach((field, value) -> measurements.add(single(fieldKind("sleep", field, notes), value,
                    new SourceKey(VENDOR, userId, RecordType.SLEEP_SUMMARY, String.valueOf(night.id()), Optional.of(field),
                            OptionalInt.empty()),
                    effective, device, night.created().or(night::modified))));
        }
        return new Normalized(measurements, devicesOf(measurements), notes.list());
    }

    /** The hypnogram: one measurement per segment with its sleep state. */
    public Normalized sleepSegments(String userId, SleepSegments answer) {
        Notes notes = new Notes();
        List<Measurement> measurements = new ArrayList<>();
        Set<String> unmappedSeries = new LinkedHashSet<>();
        for (SleepSegment segment : answer.series()) {
            Optional<DeviceRef> device = segment.hashDeviceId().map(hash ->
                    DeviceRef.of(hash, segment.model(), segment.modelId()));
            measurements.add(single("sleepseg:state", BigDecimal.valueOf(segment.state()),
                    new SourceKey(VENDOR, userId, RecordType.SLEEP_SEGMENT, String.valueOf(segment.startDate().getEpochSecond()),
                            Optional.of("state"), OptionalInt.empty()),
                    Effective.between(at(segment.startDate(), defaultZone), at(segment.endDate(), defaultZone)),
                    device, Optional.empty()));
            unmappedSeries.addAll(segment.timeSeries().keySet());
        }
        if (!unmappedSeries.isEmpty()) {
            notes.add("sleep high-frequency series " + unmappedSeries
                    + " are not mapped per sample; the nightly summary carries their averages");
        }
        return new Normalized(measurements, devicesOf(measurements), notes.list());
    }

    // --- measure v2 -------------------------------------------------------------------------------------------

    /** One measurement per value of each local day, over the day from midnight to midnight. */
    public Normalized activityDays(String userId, ActivityDays answer) {
        Notes notes = new Notes();
        List<Measurement> measurements = new ArrayList<>();
        for (ActivityDay day : answer.activities()) {
            ZoneId zone = zone(day.timezone(), notes);
            Effective effective = Effective.between(day.date().atStartOfDay(zone).toOffsetDateTime(),
                    day.date().plusDays(1).atStartOfDay(zone).toOffsetDateTime());
            Optional<DeviceRef> device = day.hashDeviceId().map(hash ->
                    DeviceRef.of(hash, day.model(), day.modelId()));
            day.values().forEach((field, value) -> measurements.add(single(fieldKind("activity", field, notes), value,
                    new SourceKey(VENDOR, userId, RecordType.ACTIVITY_DAY, day.date().toString(), Optional.of(field),
                            OptionalInt.empty()),
                    effective, device, day.modified())));
        }
        return new Normalized(measurements, devicesOf(measurements), notes.list());
    }

    /** One measurement per value of each intraday sample (heart rate, SpO2, steps, …) over the sample's duration. */
    public Normalized intraday(String userId, List<IntradaySample> samples) {
        Notes notes = new Notes();
        List<Measurement> measurements = new ArrayList<>();
        for (IntradaySample sample : samples) {
            OffsetDateTime start = at(sample.time(), defaultZone);
            Optional<BigDecimal> seconds = Optional.ofNullable(sample.values().get("duration"));
            Effective effective = seconds.filter(duration -> duration.signum() > 0)
                    .map(duration -> Effective.between(start, start.plus(Duration.ofSeconds(duration.longValue()))))
                    .orElse(Effective.at(start));
            Optional<DeviceRef> device = sample.deviceId().map(id -> DeviceRef.of(id, sample.model(), sample.modelId()));
            sample.values().forEach((field, value) -> {
                if (!INTRADAY_NOT_MEASURES.contains(field)) {
                    measurements.add(single(fieldKind("intraday", field, notes), value,
                            new SourceKey(VENDOR, userId, RecordType.INTRADAY, String.valueOf(sample.time().getEpochSecond()),
                                    Optional.of(field), OptionalInt.empty()),
                            effective, device, Optional.empty()));
                }
            });
        }
        return new Normalized(measurements, devicesOf(measurements), notes.list());
    }

    /** One measurement per workout: its duration, with its category and data as components. */
    public Normalized workouts(String userId, Workouts answer) {
        Notes notes = new Notes();
        List<Measurement> measurements = new ArrayList<>();
        for (Workout workout : answer.series()) {
            ZoneId zone = zone(workout.timezone(), notes);
            List<Measurement.Component> components = new ArrayList<>();
            components.add(new Measurement.Component("workout:category",
                    valueOf("workout:category", BigDecimal.valueOf(workout.category()))));
            workout.data().forEach((field, value) -> {
                String kind = fieldKind("workout", field, notes);
                components.add(new Measurement.Component(kind, valueOf(kind, value)));
            });
            BigDecimal seconds = BigDecimal.valueOf(Duration.between(workout.startDate(), workout.endDate()).toSeconds());
            DataQuality quality = workout.attrib().isPresent()
                    ? qualityOf(workout.attrib().getAsInt(), notes, "workout " + workout.id())
                    : DataQuality.device();
            Optional<DeviceRef> device = workout.deviceId().map(id -> DeviceRef.of(id, modelName(workout.model()),
                    workout.model()));
            measurements.add(new Measurement("workout:duration", Optional.of(valueOf("workout:duration", seconds)),
                    components, Effective.between(at(workout.startDate(), zone), at(workout.endDate(), zone)),
                    new SourceKey(VENDOR, userId, RecordType.WORKOUT, String.valueOf(workout.id()), Optional.empty(),
                            OptionalInt.empty()),
                    device, quality, workout.modified(), Optional.empty()));
        }
        return new Normalized(measurements, devicesOf(measurements), notes.list());
    }

    // --- user v2 ----------------------------------------------------------------------------------------------

    /** The user's devices, with type and battery level; devices without an id cannot be referenced and are reported. */
    public Normalized devices(List<Device> devices) {
        Notes notes = new Notes();
        Map<String, DeviceRef> byId = new LinkedHashMap<>();
        for (Device device : devices) {
            Optional<String> id = device.hashDeviceId().or(device::deviceId);
            if (id.isEmpty()) {
                notes.add("a " + device.type() + " has no device id and is left out");
                continue;
            }
            DeviceRef ref = new DeviceRef(id.get(), device.model().filter(name -> !name.isBlank())
                    .or(() -> modelName(device.modelId())), device.modelId(), Optional.of(device.type()), device.battery());
            if (byId.putIfAbsent(id.get(), ref) != null) {
                notes.add("device " + id.get() + " is listed more than once; its first listing is kept");
            }
        }
        return new Normalized(List.of(), List.copyOf(byId.values()), notes.list());
    }

    // --- shared -----------------------------------------------------------------------------------------------

    private Measurement single(String kind, BigDecimal raw, SourceKey source, Effective effective,
                               Optional<DeviceRef> device, Optional<Instant> issued) {
        return new Measurement(kind, Optional.of(valueOf(kind, raw)), List.of(), effective, source, device,
                DataQuality.device(), issued, Optional.empty());
    }

    /** The FHIR value of a Withings number, as the table says: converted quantity, or a code of a coded-value list. */
    private MeasuredValue valueOf(String kind, BigDecimal raw) {
        Optional<CodeTableEntry> entry = table.entry(kind);
        if (entry.isPresent() && entry.get().codedValues().isPresent()) {
            String valueSet = entry.get().codedValues().get();
            String code = raw.stripTrailingZeros().toPlainString();
            return new MeasuredValue.Coded(valueSet, code, table.codedValue(valueSet, code));
        }
        return entry.map(known -> (MeasuredValue) new MeasuredValue.Quantity(known.conversion().apply(raw),
                        known.ucum(), known.unitDisplay()))
                .orElseGet(() -> new MeasuredValue.Quantity(raw, Optional.empty(), Optional.empty()));
    }

    private String fieldKind(String family, String field, Notes notes) {
        String kind = family + ":" + field;
        if (table.entry(kind).isEmpty()) {
            notes.add(family + " field '" + field + "' is not in the code table; mapped with the Withings coding only");
        }
        return kind;
    }

    static String measureTypeKind(int type) {
        return "meastype:" + type;
    }

    private static Optional<Measurement.BodyPosition> positionOf(OptionalInt position) {
        return position.isPresent() ? Optional.of(new Measurement.BodyPosition(position.getAsInt())) : Optional.empty();
    }

    private static DataQuality qualityOf(int attrib, Notes notes, String what) {
        DataQuality.Origin origin = switch (attrib) {
            case 0, 5, 8, 15 -> DataQuality.Origin.DEVICE;
            case 1 -> DataQuality.Origin.DEVICE_AMBIGUOUS;
            case 2, 4 -> DataQuality.Origin.MANUAL;
            case 7 -> DataQuality.Origin.USER_CONFIRMED;
            default -> DataQuality.Origin.UNKNOWN;
        };
        if (origin == DataQuality.Origin.UNKNOWN) {
            notes.add(what + " has the undocumented attribution " + attrib);
        }
        return new DataQuality(origin, OptionalInt.of(attrib));
    }

    private ZoneId zone(Optional<String> timezone, Notes notes) {
        if (timezone.isEmpty()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(timezone.get());
        } catch (DateTimeException e) {
            notes.add("time zone '" + timezone.get() + "' is unknown; " + defaultZone + " is used");
            return defaultZone;
        }
    }

    private static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime();
    }

    private static Optional<String> modelName(OptionalInt modelId) {
        return modelId.isPresent() ? DeviceModels.name(modelId.getAsInt()) : Optional.empty();
    }

    private static List<DeviceRef> devicesOf(List<Measurement> measurements) {
        Map<String, DeviceRef> byId = new LinkedHashMap<>();
        measurements.forEach(measurement -> measurement.device().ifPresent(device ->
                byId.putIfAbsent(device.hashDeviceId(), device)));
        return List.copyOf(byId.values());
    }

    /** Reported facts, each once. */
    private static final class Notes {
        private final Set<String> notes = new LinkedHashSet<>();

        void add(String note) {
            notes.add(note);
        }

        List<String> list() {
            return List.copyOf(notes);
        }
    }
}
