package org.iomtbridge.withings;

import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.withings.model.ActivityDay;
import org.iomtbridge.withings.model.ActivityDays;
import org.iomtbridge.withings.model.Attribution;
import org.iomtbridge.withings.model.Device;
import org.iomtbridge.withings.model.Goals;
import org.iomtbridge.withings.model.Measure;
import org.iomtbridge.withings.model.MeasureGroup;
import org.iomtbridge.withings.model.MeasureGroups;
import org.iomtbridge.withings.model.MeasureType;
import org.iomtbridge.withings.model.NotificationCategory;
import org.iomtbridge.withings.model.NotificationSubscription;
import org.iomtbridge.withings.model.SleepSegment;
import org.iomtbridge.withings.model.SleepSegments;
import org.iomtbridge.withings.model.SleepState;
import org.iomtbridge.withings.model.SleepSummaries;
import org.iomtbridge.withings.model.SleepSummary;
import org.iomtbridge.withings.model.Workout;
import org.iomtbridge.withings.model.Workouts;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every response recorded from the real Withings API parses into the typed model with the values it holds. The
 * getmeas recordings named measurement_list*.json and measurement_positions.json hold bare arrays of measure groups.
 */
class RecordedResponsesContractTest {

    private static final Set<String> COVERED = Set.of("activity.json", "device.json", "goals.json", "goals_1.json",
            "goals_2.json", "measurement.json", "measurement_list.json", "measurement_list_2.json",
            "measurement_positions.json", "new_device.json", "no_goals.json", "notify_list.json", "notify_revoke.json",
            "notify_subscribe.json", "sleep.json", "sleep_no_datafields.json", "sleep_summary.json",
            "sleep_summary_no_datafields.json", "workouts.json");

    @Test
    void everyRecordedResponseIsCoveredByThisContract() {
        assertThat(Fixtures.names()).containsExactlyInAnyOrderElementsOf(COVERED);
    }

    @Test
    void getmeasKeepsLargeGroupIdsExactValuesAndTheProfileTimeZone() {
        MeasureGroups answer = ResponseReader.measureGroups(body("measurement.json"), "body");

        assertThat(answer.updateTime()).isEqualTo(Instant.ofEpochSecond(1693651185));
        assertThat(answer.timezone()).contains("Europe/Amsterdam");
        assertThat(answer.more()).isFalse();
        assertThat(answer.groups()).hasSize(2);
        MeasureGroup first = answer.groups().get(0);
        assertThat(first.grpid()).isEqualTo(4815757309L);
        assertThat(first.knownAttribution()).contains(Attribution.DEVICE_UNAMBIGUOUS);
        assertThat(first.date()).isEqualTo(Instant.ofEpochSecond(1693651151));
        assertThat(first.created()).isEqualTo(Instant.ofEpochSecond(1693651185));
        assertThat(first.hashDeviceId()).contains("f998be4b9ccc9e136fd8cd8e8e344c31ec3b271d");
        assertThat(first.modelId()).hasValue(5);
        assertThat(first.model()).contains("Body+");
        assertThat(first.comment()).isEmpty();
        Measure weight = first.measures().get(0);
        assertThat(weight.knownType()).contains(MeasureType.WEIGHT);
        assertThat(weight.decimalValue()).isEqualTo(new BigDecimal("118.003"));
        assertThat(answer.groups().get(1).grpid()).isEqualTo(4815757309L);
        assertThat(answer.groups().get(1).attrib()).isEqualTo(8);
    }

    @Test
    void aLongGetmeasHistoryParsesWithManualEntriesAndUndocumentedAttributions() {
        List<MeasureGroup> groups = groupsOfArray("measurement_list.json");

        assertThat(groups).hasSize(2062);
        MeasureGroup manualHeight = groups.get(0);
        assertThat(manualHeight.grpid()).isEqualTo(2726375354L);
        assertThat(manualHeight.knownAttribution()).contains(Attribution.MANUAL);
        assertThat(manualHeight.deviceId()).isEmpty();
        assertThat(manualHeight.hashDeviceId()).isEmpty();
        assertThat(manualHeight.modelId()).isEmpty();
        assertThat(manualHeight.measures().get(0).decimalValue()).isEqualTo(new BigDecimal("1.600"));
        assertThat(groups).filteredOn(group -> group.hashDeviceId().isEmpty()).hasSize(85);
        MeasureGroup undocumented = groups.get(2);
        assertThat(undocumented.attrib()).isEqualTo(17);
        assertThat(undocumented.knownAttribution()).isEmpty();
        assertThat(groups).flatExtracting(MeasureGroup::measures).extracting(Measure::type)
                .contains(9, 10, 11, 91, 155);
    }

    @Test
    void segmentalBodyCompositionKeepsEachPosition() {
        List<MeasureGroup> groups = groupsOfArray("measurement_positions.json");

        assertThat(groups).hasSize(2);
        MeasureGroup scan = groups.get(0);
        assertThat(scan.grpid()).isEqualTo(5149666502L);
        assertThat(scan.model()).contains("Body Scan");
        List<Measure> segmentalFatFree = scan.measuresOfType(MeasureType.SEGMENTAL_FAT_FREE_MASS.code());
        assertThat(segmentalFatFree).extracting(measure -> measure.position().getAsInt())
                .containsExactly(12, 10, 3, 11, 2);
        assertThat(segmentalFatFree.get(0).decimalValue()).isEqualTo(new BigDecimal("40.00"));
        assertThat(scan.measuresOfType(MeasureType.VISCERAL_FAT.code()).get(0).decimalValue())
                .isEqualTo(new BigDecimal("3.2"));
        assertThat(scan.measuresOfType(MeasureType.BASAL_METABOLIC_RATE.code()).get(0).decimalValue())
                .isEqualTo(new BigDecimal("2263"));
        assertThat(scan.measuresOfType(MeasureType.WEIGHT.code()).get(0).position()).isEmpty();
        assertThat(scan.measuresOfType(MeasureType.FAT_RATIO.code()).get(0).decimalValue())
                .isEqualTo(new BigDecimal("19.467"));
    }

    @Test
    void bodyScanHistoryKeepsAfibAndElectrodermalCodes() {
        List<MeasureGroup> groups = groupsOfArray("measurement_list_2.json");

        assertThat(groups).hasSize(34);
        assertThat(groups.get(0).grpid()).isEqualTo(5109691092L);
        assertThat(groups.get(0).measures().get(0).decimalValue()).isEqualTo(new BigDecimal("120"));
        assertThat(groups).flatExtracting(MeasureGroup::measures).extracting(Measure::type)
                .contains(130, 196, 197, 198, 168, 169, 170, 173, 174, 175, 226);
        MeasureGroup electrodermal = groups.get(1);
        assertThat(electrodermal.measuresOfType(196).get(0).decimalValue()).isEqualTo(new BigDecimal("54.897"));
    }

    @Test
    void activityDaysKeepTheLocalDateAndExactValues() {
        ActivityDays answer = ResponseReader.activityDays(body("activity.json"), "body");

        assertThat(answer.activities()).hasSize(2);
        assertThat(answer.more()).isFalse();
        assertThat(answer.offset()).isEqualTo(200);
        ActivityDay first = answer.activities().get(0);
        assertThat(first.date()).isEqualTo(LocalDate.of(2023, 10, 20));
        assertThat(first.value("steps")).contains(new BigDecimal("1209"));
        assertThat(first.value("distance")).contains(new BigDecimal("1028.559"));
        assertThat(first.value("totalcalories")).contains(new BigDecimal("2303.788"));
        assertThat(first.value("hr_average")).contains(new BigDecimal("80"));
        assertThat(first.timezone()).contains("Europe/Amsterdam");
        assertThat(first.deviceId()).isEmpty();
        assertThat(first.brand()).hasValue(18);
        assertThat(first.isTracker()).isFalse();
        assertThat(first.model()).contains("GoogleFit tracker");
        assertThat(first.modelId()).hasValue(1055);
        assertThat(first.values()).doesNotContainKeys("brand", "modified", "modelid");
        assertThat(answer.activities().get(1).value("steps")).contains(new BigDecimal("1155"));
    }

    @Test
    void sleepSegmentsKeepStatesAndTheirHighFrequencySeries() {
        SleepSegments answer = ResponseReader.sleepSegments(body("sleep.json"), "body");

        assertThat(answer.series()).hasSize(613);
        SleepSegment first = answer.series().get(0);
        assertThat(first.startDate()).isEqualTo(Instant.ofEpochSecond(1618691453));
        assertThat(first.endDate()).isEqualTo(Instant.ofEpochSecond(1618691573));
        assertThat(first.knownState()).contains(SleepState.AWAKE);
        assertThat(first.model()).contains("Aura Sensor V2");
        assertThat(first.modelId()).hasValue(63);
        assertThat(first.timeSeries().get("hr")).containsEntry(Instant.ofEpochSecond(1618691453), new BigDecimal("70"))
                .containsEntry(Instant.ofEpochSecond(1618691513), new BigDecimal("71"));
        assertThat(first.timeSeries()).containsKeys("hr", "rr", "snoring");
        assertThat(answer.series()).extracting(SleepSegment::state).containsOnly(0, 1, 2, 3);

        SleepSegments bare = ResponseReader.sleepSegments(body("sleep_no_datafields.json"), "body");
        assertThat(bare.series()).hasSize(613);
        assertThat(bare.series().get(0).timeSeries()).isEmpty();
    }

    @Test
    void sleepSummariesKeepTheNightAndItsValues() {
        SleepSummaries answer = ResponseReader.sleepSummaries(body("sleep_summary.json"), "body");

        assertThat(answer.series()).hasSize(300);
        assertThat(answer.more()).isTrue();
        assertThat(answer.offset()).isEqualTo(300);
        SleepSummary night = answer.series().get(0);
        assertThat(night.id()).isEqualTo(2081804182L);
        assertThat(night.date()).isEqualTo(LocalDate.of(2021, 4, 18));
        assertThat(night.timezone()).contains("Europe/Paris");
        assertThat(night.model()).hasValue(32);
        assertThat(night.modelId()).hasValue(63);
        assertThat(night.startDate()).isEqualTo(Instant.ofEpochSecond(1618691453));
        assertThat(night.endDate()).isEqualTo(Instant.ofEpochSecond(1618713173));
        assertThat(night.value("total_sleep_time")).contains(new BigDecimal("18660"));
        assertThat(night.value("sleep_efficiency")).contains(new BigDecimal("0.86"));
        assertThat(night.value("apnea_hypopnea_index")).contains(new BigDecimal("9"));
        assertThat(night.value("sleep_score")).contains(new BigDecimal("37"));

        SleepSummaries bare = ResponseReader.sleepSummaries(body("sleep_summary_no_datafields.json"), "body");
        assertThat(bare.series()).hasSize(300);
        assertThat(bare.series().get(0).value("total_timeinbed")).contains(new BigDecimal("21720"));
        assertThat(bare.series().get(0).value("hr_average")).isEmpty();
    }

    @Test
    void workoutsKeepTheirCategoryAndLeaveNullValuesOut() {
        Workouts answer = ResponseReader.workouts(body("workouts.json"), "body");

        assertThat(answer.series()).hasSize(11);
        Workout first = answer.series().get(0);
        assertThat(first.id()).isEqualTo(3661300277L);
        assertThat(first.category()).isEqualTo(1);
        assertThat(first.model()).hasValue(1055);
        assertThat(first.date()).contains(LocalDate.of(2023, 8, 29));
        assertThat(first.startDate()).isEqualTo(Instant.ofEpochSecond(1693336011));
        assertThat(first.data()).containsEntry("steps", new BigDecimal("779"))
                .containsEntry("spo2_average", new BigDecimal("15"))
                .doesNotContainKey("algo_pause_duration");
        assertThat(answer.series().get(1).data()).isEmpty();
    }

    @Test
    void devicesKeepBatteryAndSessionDatesAndUnknownModels() {
        List<Device> devices = ResponseReader.devices(body("device.json"), "body");

        assertThat(devices).hasSize(5);
        Device scale = devices.get(0);
        assertThat(scale.type()).isEqualTo("Scale");
        assertThat(scale.model()).contains("Body+");
        assertThat(scale.modelId()).hasValue(5);
        assertThat(scale.battery()).contains("high");
        assertThat(scale.hashDeviceId()).contains("f998be4b9ccc9e136fd8cd8e8e344c31ec3b271d");
        assertThat(scale.firstSessionDate()).isEmpty();
        assertThat(scale.lastSessionDate()).contains(Instant.ofEpochSecond(1693867179));
        assertThat(devices.get(2).battery()).contains("unknown");
        assertThat(devices.get(3).type()).isEqualTo("Sleep Monitor");

        List<Device> futuristic = ResponseReader.devices(body("new_device.json"), "body");
        assertThat(futuristic).singleElement().satisfies(device -> {
            assertThat(device.modelId()).hasValue(696969);
            assertThat(device.model()).contains("Futuristic device A");
        });
    }

    @Test
    void goalsMayBeFullPartialOrAnEmptyList() {
        Goals all = ResponseReader.goals(body("goals.json"), "body");
        assertThat(all.steps()).hasValue(10000);
        assertThat(all.sleepSeconds()).hasValue(28800);
        assertThat(all.weightKg()).contains(new BigDecimal("70.500"));

        Goals weightOnly = ResponseReader.goals(body("goals_1.json"), "body");
        assertThat(weightOnly.steps()).isEmpty();
        assertThat(weightOnly.weightKg()).contains(new BigDecimal("70.500"));

        Goals noWeight = ResponseReader.goals(body("goals_2.json"), "body");
        assertThat(noWeight.steps()).hasValue(10000);
        assertThat(noWeight.weightKg()).isEmpty();

        Goals none = ResponseReader.goals(body("no_goals.json"), "body");
        assertThat(none.steps()).isEmpty();
        assertThat(none.sleepSeconds()).isEmpty();
        assertThat(none.weightKg()).isEmpty();
    }

    @Test
    void notificationSubscriptionsAndEmptyAcknowledgements() {
        List<NotificationSubscription> subscriptions = ResponseReader.subscriptions(body("notify_list.json"), "body");

        assertThat(subscriptions).singleElement().satisfies(subscription -> {
            assertThat(subscription.appli()).isEqualTo(1);
            assertThat(NotificationCategory.fromAppli(subscription.appli())).contains(NotificationCategory.WEIGHT);
            assertThat(subscription.callbackUrl()).isEqualTo(URI.create("https://www.withings.com"));
            assertThat(subscription.comment()).contains("My notification subscription");
            assertThat(subscription.expires()).contains(Instant.ofEpochSecond(2147483647L));
        });
        assertThat(body("notify_subscribe.json").isEmpty()).isTrue();
        assertThat(body("notify_revoke.json").isEmpty()).isTrue();
    }

    private static JsonNode body(String fixture) {
        return WithingsAnswers.body(Fixtures.read(fixture), fixture);
    }

    private static List<MeasureGroup> groupsOfArray(String fixture) {
        JsonNode array = Fixtures.json(fixture);
        List<MeasureGroup> groups = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            groups.add(ResponseReader.measureGroup(array.get(i), fixture + "[" + i + "]"));
        }
        return groups;
    }
}
