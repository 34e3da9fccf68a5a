package org.iomtbridge.bridge.webhook;

import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.withings.Scope;
import org.iomtbridge.withings.model.NotificationCategory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The notification webhook over HTTP: what it answers, and what it keeps. */
abstract class WebhookBehaviour extends BridgeTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AccountStore accounts;
    @Autowired
    InboxWriter writer;

    private static final ExecutorService SENDERS = Executors.newFixedThreadPool(16);

    @BeforeEach
    void linkUser() {
        accounts.link("5001", "Patient/p5001", Scope.parse("user.info,user.metrics,user.activity"), Instant.now());
    }

    @Test
    void theHeadProbeIsAnsweredAndAWrongSecretIsNotFound() throws Exception {
        assertThat(send("HEAD", WEBHOOK_SECRET, "").statusCode()).isEqualTo(200);
        assertThat(send("HEAD", "wrong-secret-wrong-secret", "").statusCode()).isEqualTo(404);

        long before = count();
        assertThat(send("POST", "wrong-secret-wrong-secret", "userid=5001&appli=1&startdate=1&enddate=2").statusCode())
                .isEqualTo(404);
        assertThat(count()).as("nothing is kept from a wrong secret").isEqualTo(before);
    }

    @Test
    void aNotificationIsKeptOnceHoweverOftenItIsPosted() throws Exception {
        String form = "userid=5001&appli=1&startdate=1700000000&enddate=1700000100";

        HttpResponse<String> first = send("POST", WEBHOOK_SECRET, form);
        HttpResponse<String> again = send("POST", WEBHOOK_SECRET, form);
        send("POST", WEBHOOK_SECRET, form);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("accepted\n");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("duplicate\n");
        Map<String, Object> row = jdbc.sql("select withings_user_id, appli, start_date, end_date, status, duplicates"
                + " from notification_inbox where start_date = 1700000000").query().singleRow();
        assertThat(row).containsEntry("withings_user_id", "5001").containsEntry("appli", 1)
                .containsEntry("end_date", 1700000100L).containsEntry("duplicates", 2);
        assertThat(row.get("status")).as("kept for the dispatcher, which may have taken it already")
                .isIn("PENDING", "PROCESSED");
    }

    @Test
    void theSameNotificationAfterASyncCoveredItIsNewsAndWaitsForTheNextSync() throws Exception {
        // A measure changed in Withings is told under its own dates again, like the notification of its creation.
        String form = "userid=5001&appli=1&startdate=1700000500&enddate=1700000500";
        assertThat(send("POST", WEBHOOK_SECRET, form).body()).isEqualTo("accepted\n");
        jdbc.sql("update notification_inbox set status = 'PROCESSED', processed_at = received_at"
                + " where start_date = 1700000500").update();
        Instant coveredAt = receivedAt(1700000500);

        HttpResponse<String> again = send("POST", WEBHOOK_SECRET, form);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("accepted\n");
        assertThat(receivedAt(1700000500)).as("received again: no sync that started before covers it")
                .isAfter(coveredAt);
        assertThat(jdbc.sql("select count(*) from notification_inbox where start_date = 1700000500")
                .query(Integer.class).single()).isEqualTo(1);
    }

    private Instant receivedAt(long startDate) {
        return jdbc.sql("select received_at from notification_inbox where start_date = :start")
                .param("start", startDate).query(java.sql.Timestamp.class).single().toInstant();
    }

    @Test
    void activityAndUserActionNotificationsKeepTheirDayAndAction() throws Exception {
        send("POST", WEBHOOK_SECRET, "userid=5001&appli=16&date=2026-11-25");
        send("POST", WEBHOOK_SECRET, "userid=5001&appli=46&action=unlink");

        assertThat(jdbc.sql("select local_day from notification_inbox where appli = 16").query(String.class).single())
                .isEqualTo("2026-11-25");
        assertThat(jdbc.sql("select action from notification_inbox where appli = 46").query(String.class).single())
                .isEqualTo("unlink");
    }

    @Test
    void anUnknownUserIsAnsweredAndKeptForTheOperator() throws Exception {
        HttpResponse<String> answer = send("POST", WEBHOOK_SECRET, "userid=99999&appli=4&startdate=1700000010&enddate=1700000020");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("unknown_user\n");
        assertThat(jdbc.sql("select status, problem from notification_inbox where withings_user_id = '99999'")
                .query().singleRow()).containsEntry("status", "UNKNOWN_USER")
                .containsEntry("problem", "no linked Withings user 99999");
    }

    @Test
    void hostileInputIsAnsweredRecordedWithTheReasonAndDisturbsNothing() throws Exception {
        String[][] cases = {
                {"appli=1&startdate=1&enddate=2", "userid is missing"},
                {"userid=5001", "appli is missing"},
                {"userid=abc&appli=1", "userid must be digits, was 'abc'"},
                {"userid=5001&appli=one", "appli must be a number, was 'one'"},
                {"userid=5001&appli=999", "appli 999 is not a Withings notification category"},
                {"userid=5001&appli=1&startdate=yesterday", "startdate must be an epoch second, was 'yesterday'"},
                {"userid=5001%27%3B%20drop%20table%20notification_inbox%3B--&appli=1", "userid must be digits, was '5001'; drop table notification_inbox;--'"},
                {"userid=5001&appli=16&date=2026-13-45", "date must be YYYY-MM-DD, was '2026-13-45'"},
                {"userid=5001&appli=46&action=%3Cscript%3E", "action must be a word such as unlink, was '<script>'"},
                {"userid=5001&appli=16&date=1999-12-31", "date must be between 2000-01-01 and "},
                {"userid=5001&appli=16&date=%2B10000-01-01", "date must be between 2000-01-01 and "},
                {"userid=5001&appli=1&startdate=10&enddate=20", "startdate must be an epoch second between 946684800"},
                {"userid=5001&appli=1&startdate=1700000000&enddate=999999999999", "enddate must be an epoch second between 946684800"}
        };

        for (String[] hostile : cases) {
            HttpResponse<String> answer = send("POST", WEBHOOK_SECRET, hostile[0]);
            assertThat(answer.statusCode()).as(hostile[0]).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/plain"));
            assertThat(answer.body()).startsWith("rejected: " + hostile[1]).endsWith("\n");
            assertThat(jdbc.sql("select problem from notification_inbox where raw_form = :raw and status = 'REJECTED'")
                    .param("raw", hostile[0]).query(String.class).single()).startsWith(hostile[1]);
        }

        HttpResponse<String> huge = send("POST", WEBHOOK_SECRET, "userid=5001&appli=1&comment=" + "x".repeat(1 << 20));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(jdbc.sql("select problem from notification_inbox where problem like 'body of %'")
                .query(String.class).single()).startsWith("body of ").endsWith("exceeds the limit of 8192");

        assertThat(send("POST", WEBHOOK_SECRET, "userid=5001&appli=44&startdate=1700000030&enddate=1700000040").body())
                .as("the webhook still takes notifications").isEqualTo("accepted\n");
    }

    @Test
    void aNotificationTheDatabaseRefusesIsRejectedAloneAndItsNeighboursInTheGroupCommitAreKept() throws Exception {
        // Past the parser's checks nothing is refused; built by hand, a day of five digits is too long for its column.
        Notification refused = new Notification("5001", NotificationCategory.ACTIVITY, OptionalLong.empty(), OptionalLong.empty(),
                Optional.of(LocalDate.of(10000, 1, 1)), Optional.empty());
        List<InboxWriter.Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Notification good = new Notification("5001", NotificationCategory.WEIGHT, OptionalLong.of(1700001000L + i),
                    OptionalLong.of(1700001000L + i), Optional.empty(), Optional.empty());
            arrivals.add(new InboxWriter.Arrival(good.identity(), Optional.of(good), Optional.empty(), "good " + i));
            if (i == 15) {
                arrivals.add(new InboxWriter.Arrival(refused.identity(), Optional.of(refused), Optional.empty(),
                        "refused"));
            }
        }

        List<CompletableFuture<NotificationInbox.Receipt>> receipts = arrivals.stream()
                .map(arrival -> CompletableFuture.supplyAsync(() -> writer.write(arrival), SENDERS)).toList();

        for (int i = 0; i < arrivals.size(); i++) {
            NotificationInbox.Receipt receipt = receipts.get(i).get(30, TimeUnit.SECONDS);
            if (arrivals.get(i).rawForm().equals("refused")) {
                assertThat(receipt.outcome()).isEqualTo(NotificationInbox.Outcome.REJECTED);
                assertThat(receipt.problem()).hasValueSatisfying(problem ->
                        assertThat(problem).startsWith("the inbox cannot store it: "));
            } else {
                assertThat(receipt.outcome()).as(arrivals.get(i).rawForm()).isEqualTo(NotificationInbox.Outcome.ACCEPTED);
            }
        }
        assertThat(jdbc.sql("select status, problem from notification_inbox where raw_form = 'refused'").query()
                .singleRow()).containsEntry("status", "REJECTED").hasEntrySatisfying("problem", problem ->
                        assertThat(problem.toString()).startsWith("the inbox cannot store it: "));
        assertThat(jdbc.sql("select count(*) from notification_inbox where raw_form like 'good %'")
                .query(Integer.class).single()).isEqualTo(30);
    }

    private long count() {
        return jdbc.sql("select count(*) from notification_inbox").query(Long.class).single();
    }

    private HttpResponse<String> send(String method, String secret, String form) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/withings/" + secret))
                .header("Content-Type", "application/x-www-form-urlencoded");
        request = method.equals("HEAD") ? request.method("HEAD", HttpRequest.BodyPublishers.noBody())
                : request.POST(HttpRequest.BodyPublishers.ofString(form));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
