package org.iomtbridge.withings;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.iomtbridge.withings.model.DeviceModels;
import org.iomtbridge.withings.model.Measure;
import org.iomtbridge.withings.model.MeasureGroup;
import org.iomtbridge.withings.model.MeasureGroups;
import org.iomtbridge.withings.model.NotificationCategory;
import org.iomtbridge.withings.model.SleepSegments;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Odd but possible Withings payloads are read, not rejected; unreadable ones fail with the path of the problem. */
class TolerantParsingTest {

    @Test
    void unknownCodesAndFieldsAreKeptRawNeverAnError() {
        MeasureGroups answer = ResponseReader.measureGroups(json("""
                {"updatetime": "1700000100", "measuregrps": [{"grpid": 9876543210123, "attrib": 10000,
                  "date": "1700000000", "category": 1, "modelid": 424242, "brand": 7, "brand_new_field": {"x": 1},
                  "measures": [{"value": 42, "type": 9999, "unit": 0, "unseen": true}]}], "more": 0}
                """), "body");

        MeasureGroup group = answer.groups().get(0);
        assertThat(answer.updateTime()).isEqualTo(Instant.ofEpochSecond(1700000100));
        assertThat(group.grpid()).isEqualTo(9876543210123L);
        assertThat(group.attrib()).isEqualTo(10000);
        assertThat(group.knownAttribution()).isEmpty();
        assertThat(group.modelId()).hasValue(424242);
        assertThat(DeviceModels.name(424242)).isEmpty();
        assertThat(group.created()).as("defaults to the measure date when absent").isEqualTo(group.date());
        Measure measure = group.measures().get(0);
        assertThat(measure.type()).isEqualTo(9999);
        assertThat(measure.knownType()).isEmpty();
        assertThat(measure.decimalValue()).isEqualTo(new BigDecimal("42"));

        SleepSegments sleep = ResponseReader.sleepSegments(json("""
                {"series": [{"startdate": 1, "enddate": 2, "state": 9, "model": 63}]}"""), "body");
        assertThat(sleep.series().get(0).state()).isEqualTo(9);
        assertThat(sleep.series().get(0).knownState()).isEmpty();
        assertThat(sleep.series().get(0).model()).as("a numeric model is not a name").isEmpty();

        assertThat(ResponseReader.subscriptions(json("""
                {"profiles": [{"appli": 999, "callbackurl": "https://bridge.example/hook", "expires": 2147483647}]}"""),
                "body").get(0).appli()).isEqualTo(999);
        assertThat(NotificationCategory.fromAppli(999)).isEmpty();
    }

    @Test
    void aMissingRequiredFieldOrAWrongTypeNamesItsPath() {
        assertThatThrownBy(() -> ResponseReader.measureGroups(json("""
                {"measuregrps": [{"attrib": 0, "date": 1700000000, "measures": []}]}"""), "body"))
                .isInstanceOf(WithingsResponseException.class)
                .hasMessage("body.measuregrps[0].grpid is missing");
        assertThatThrownBy(() -> ResponseReader.measureGroups(json("""
                {"measuregrps": [{"grpid": 1, "date": 1700000000, "measures": [{"type": 1, "unit": -3, "value": "heavy"}]}]}"""), "body"))
                .isInstanceOf(WithingsResponseException.class)
                .hasMessageStartingWith("body.measuregrps[0].measures[0].value should be an integer but is string");
    }

    @Test
    void aSavedResponseThatIsNotAnEnvelopeOrCarriesAnErrorSaysSo() {
        assertThatThrownBy(() -> WithingsAnswers.body("[1, 2]", "export.json"))
                .isInstanceOf(WithingsResponseException.class)
                .hasMessageContaining("export.json is not a Withings response");
        assertThatThrownBy(() -> WithingsAnswers.body("{oops", "broken.json"))
                .isInstanceOf(WithingsResponseException.class)
                .hasMessageContaining("broken.json is not JSON");
        assertThatThrownBy(() -> WithingsAnswers.body("{\"status\": 601, \"body\": {}}", "throttled.json"))
                .isInstanceOf(WithingsApiException.TooManyRequests.class)
                .hasMessageContaining("throttled.json failed with Withings status 601");
    }

    @Test
    void statusFamiliesFollowTheDocumentedRanges() {
        assertThat(StatusFamily.of(401)).isEqualTo(StatusFamily.AUTHENTICATION_FAILED);
        assertThat(StatusFamily.of(503)).isEqualTo(StatusFamily.INVALID_PARAMETERS);
        assertThat(StatusFamily.of(293)).isEqualTo(StatusFamily.INVALID_PARAMETERS);
        assertThat(StatusFamily.of(3018)).isEqualTo(StatusFamily.INVALID_PARAMETERS);
        assertThat(StatusFamily.of(2555)).isEqualTo(StatusFamily.UNAUTHORIZED);
        assertThat(StatusFamily.of(2554)).isEqualTo(StatusFamily.NOT_IMPLEMENTED);
        assertThat(StatusFamily.of(601)).isEqualTo(StatusFamily.TOO_MANY_REQUESTS);
        assertThat(StatusFamily.of(522)).isEqualTo(StatusFamily.TIMEOUT);
        assertThat(StatusFamily.of(524)).isEqualTo(StatusFamily.BAD_STATE);
        assertThat(StatusFamily.of(219)).isEqualTo(StatusFamily.ERROR_OCCURRED);
        assertThat(StatusFamily.of(123456)).isEqualTo(StatusFamily.ERROR_OCCURRED);
    }

    @Property
    void measureValuesAreExactDecimals(@ForAll long value, @ForAll @IntRange(min = -12, max = 12) int unit) {
        Measure measure = new Measure(1, value, unit, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

        BigDecimal decimal = measure.decimalValue();

        assertThat(decimal.scaleByPowerOfTen(-unit)).isEqualByComparingTo(BigDecimal.valueOf(value));
        assertThat(decimal.scale()).isEqualTo(-unit);
    }

    @Test
    void endpointsAreNamedInConfiguration() {
        assertThat(WithingsEndpoints.named("cloud")).isEqualTo(WithingsEndpoints.CLOUD);
        assertThat(WithingsEndpoints.named("us-medical").api().getHost()).isEqualTo("wbsapi.us.withingsmed.net");
        assertThat(WithingsEndpoints.named("http://localhost:8081/").api().toString()).isEqualTo("http://localhost:8081");
        assertThatThrownBy(() -> WithingsEndpoints.named("staging"))
                .hasMessageContaining("use 'cloud', 'us-medical' or the http(s) base URL of an emulator");
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
