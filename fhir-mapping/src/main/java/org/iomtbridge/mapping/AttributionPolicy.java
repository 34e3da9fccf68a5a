package org.iomtbridge.mapping;

import org.iomtbridge.mapping.normalized.DataQuality;

import java.util.EnumMap;
import java.util.Map;

/**
 * What to do with a measurement given how Withings attributed it. {@code attrib} is data quality, not noise: a
 * weigh-in marked ambiguous may be another person's. Nothing is dropped silently: skipped measurements are counted in
 * the {@link MappingResult}.
 */
public record AttributionPolicy(Map<DataQuality.Origin, Treatment> treatments) {

    public enum Treatment {
        /** Written with status {@code final}. */
        RECORD,
        /** Written with status {@code preliminary}, a tag and a note that say why. */
        FLAG,
        /** Not written; counted and reported. */
        SKIP
    }

    public AttributionPolicy {
        EnumMap<DataQuality.Origin, Treatment> complete = new EnumMap<>(DataQuality.Origin.class);
        complete.putAll(treatments);
        for (DataQuality.Origin origin : DataQuality.Origin.values()) {
            if (!complete.containsKey(origin)) {
                throw new IllegalArgumentException("the attribution policy says nothing about " + origin);
            }
        }
        treatments = Map.copyOf(complete);
    }

    /**
     * Device and user-confirmed measures and manual entries are recorded (manual ones marked patient-reported);
     * ambiguous and undocumented attributions are flagged for review.
     */
    public static AttributionPolicy standard() {
        return new AttributionPolicy(Map.of(
                DataQuality.Origin.DEVICE, Treatment.RECORD,
                DataQuality.Origin.USER_CONFIRMED, Treatment.RECORD,
                DataQuality.Origin.MANUAL, Treatment.RECORD,
                DataQuality.Origin.DEVICE_AMBIGUOUS, Treatment.FLAG,
                DataQuality.Origin.UNKNOWN, Treatment.FLAG));
    }

    public Treatment treatmentOf(DataQuality quality) {
        return treatments.get(quality.origin());
    }

    public AttributionPolicy with(DataQuality.Origin origin, Treatment treatment) {
        Map<DataQuality.Origin, Treatment> changed = new EnumMap<>(treatments);
        changed.put(origin, treatment);
        return new AttributionPolicy(changed);
    }
}
