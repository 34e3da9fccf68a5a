package org.iomtbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Paging, filters and windows of the data calls. */
class DataApiTest extends EmulatorTest {

    @Test
    void getmeasPagesWithMoreAndOffsetAndFiltersByTypeAndWindow() {
        String access = tokens(firstUser()).get("access_token").asText();

        JsonNode first = body(access, "/measure", Map.of("action", "getmeas"));
        assertThat(first.get("measuregrps")).hasSize(5);
        assertThat(first.get("more").isInt()).isTrue();
        assertThat(first.get("more").asInt()).isEqualTo(1);
        assertThat(first.get("offset").asInt()).isEqualTo(5);
        JsonNode second = body(access, "/measure", Map.of("action", "getmeas", "offset", "5"));
        assertThat(second.get("measuregrps").get(0).get("grpid")).isNotEqualTo(first.get("measuregrps").get(0).get("grpid"));

        JsonNode pressures = body(access, "/measure", Map.of("action", "getmeas", "meastypes", "9,10"));
        assertThat(pressures.get("measuregrps")).allSatisfy(group -> assertThat(group.get("measures"))
                .extracting(measure -> measure.get("type").asInt()).containsOnly(9, 10));

        long date = first.get("measuregrps").get(0).get("date").asLong();
        JsonNode window = body(access, "/measure", Map.of("action", "getmeas", "startdate", String.valueOf(date),
                "enddate", String.valueOf(date)));
        assertThat(window.get("measuregrps")).allSatisfy(group -> assertThat(group.get("date").asLong()).isEqualTo(date));

        JsonNode nothingNew = body(access, "/measure", Map.of("action", "getmeas",
                "lastupdate", String.valueOf(first.get("updatetime").asLong())));
        assertThat(nothingNew.get("measuregrps")).isEmpty();
    }

    /**
     * {@code lastupdate} with a date range: Withings says to use {@code lastupdate} "instead of startdate + enddate"
     * (getmeas) and "DO NOT USE WITH" the date range (getactivity, getworkouts, sleep getsummary) but not what it does
     * when both come. Recorded behaviour: clients that sent {@code lastupdate=now} along with a range got nothing
     * back, and their data once {@code lastupdate} was dropped (vangorra/python_withings_api issues 68, 73 and 92),
     * so Withings applies {@code lastupdate} even with a range. The emulator applies both: a record must have changed
     * after {@code lastupdate} and lie in the range.
     */
    @Test
    void lastupdateWithADateRangeAnswersWhatMatchesBoth() {
        String access = tokens(firstUser()).get("access_token").asText();
        JsonNode all = body(access, "/measure", Map.of("action", "getmeas"));
        JsonNode newest = all.get("measuregrps").get(0);
        String date = newest.get("date").asText();

        JsonNode inRange = body(access, "/measure", Map.of("action", "getmeas", "startdate", date, "enddate", date));
        assertThat(inRange.get("measuregrps")).isNotEmpty();
        JsonNode both = body(access, "/measure", Map.of("action", "getmeas", "startdate", date, "enddate", date,
                "lastupdate", all.get("updatetime").asText()));
        assertThat(both.get("measuregrps")).as("nothing changed since now, whatever the range").isEmpty();
        JsonNode olderChange = body(access, "/measure", Map.of("action", "getmeas", "startdate", date, "enddate", date,
                "lastupdate", String.valueOf(newest.get("modified").asLong() - 1)));
        assertThat(olderChange.get("measuregrps")).extracting(group -> group.get("date").asText())
                .isNotEmpty().containsOnly(date);

        JsonNode days = body(access, "/v2/measure", Map.of("action", "getactivity", "lastupdate", "0"));
        String day = days.get("activities").get(0).get("date").asText();
        JsonNode noDay = body(access, "/v2/measure", Map.of("action", "getactivity", "startdateymd", day,
                "enddateymd", day, "lastupdate", all.get("updatetime").asText()));
        assertThat(noDay.get("activities")).isEmpty();
    }

    @Test
    void everyPageTogetherHoldsEachGroupOnce() {
        String access = tokens(firstUser()).get("access_token").asText();
        Set<Long> ids = new HashSet<>();
        int offset = 0;
        int total = 0;
        while (true) {
            JsonNode page = body(access, "/measure", Map.of("action", "getmeas", "offset", String.valueOf(offset)));
            page.get("measuregrps").forEach(group -> ids.add(group.get("grpid").asLong()));
            total += page.get("measuregrps").size();
            if (page.get("more").asInt() == 0) {
                break;
            }
            offset = page.get("offset").asInt();
        }
        assertThat(ids).hasSize(total);
        assertThat(total).isGreaterThan(12 * 3);
    }

    @Test
    void v2CallsPageWithABooleanMore() {
        String access = tokens(firstUser()).get("access_token").asText();

        JsonNode days = body(access, "/v2/measure", Map.of("action", "getactivity", "lastupdate", "0"));
        assertThat(days.get("more").isBoolean()).isTrue();
        assertThat(days.get("more").asBoolean()).isTrue();
        assertThat(days.get("activities")).hasSize(5);

        JsonNode range = body(access, "/v2/measure", Map.of("action", "getactivity",
                "startdateymd", days.get("activities").get(0).get("date").asText(),
                "enddateymd", days.get("activities").get(1).get("date").asText(), "data_fields", "steps"));
        assertThat(range.get("activities")).hasSize(2).allSatisfy(day -> {
            assertThat(day.has("steps")).isTrue();
            assertThat(day.has("distance")).isFalse();
        });
    }

    @Test
    void ecgRecordingsListWithTheirWaveform() {
        String access = tokens(firstUser()).get("access_token").asText();

        JsonNode list = body(access, "/v2/heart", Map.of("action", "list"));
        assertThat(list.get("series")).isNotEmpty();
        JsonNode ecg = list.get("series").get(0);
        JsonNode signal = body(access, "/v2/heart", Map.of("action", "get",
                "signalid", ecg.get("ecg").get("signalid").asText()));

        assertThat(signal.get("sampling_frequency").asInt()).isEqualTo(300);
        assertThat(signal.get("signal").size()).isEqualTo(3000);
        assertThat(signal.get("heart_rate").asInt()).isEqualTo(ecg.get("heart_rate").asInt());
    }

    @Test
    void unknownActionsAndBadParametersGetWithingsStatuses() {
        String access = tokens(firstUser()).get("access_token").asText();

        assertThat(api("/measure", access, Map.of("action", "getweather")).get("status").asInt()).isEqualTo(2554);
        assertThat(api("/measure", access, Map.of("action", "getmeas", "lastupdate", "yesterday")).get("status").asInt())
                .isEqualTo(503);
        assertThat(api("/v2/sleep", access, Map.of("action", "get")).get("status").asInt()).isEqualTo(503);
    }

    private JsonNode body(String access, String path, Map<String, String> params) {
        JsonNode answer = api(path, access, params);
        assertThat(answer.get("status").asInt()).as(answer.toString()).isZero();
        return answer.get("body");
    }
}
