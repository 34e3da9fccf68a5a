package org.iomtbridge.withings;

import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.withings.model.ActivityDays;
import org.iomtbridge.withings.model.Device;
import org.iomtbridge.withings.model.Goals;
import org.iomtbridge.withings.model.HeartRecords;
import org.iomtbridge.withings.model.HeartSignal;
import org.iomtbridge.withings.model.IntradaySample;
import org.iomtbridge.withings.model.MeasureGroups;
import org.iomtbridge.withings.model.NotificationCategory;
import org.iomtbridge.withings.model.NotificationSubscription;
import org.iomtbridge.withings.model.SleepSegments;
import org.iomtbridge.withings.model.SleepSummaries;
import org.iomtbridge.withings.model.Workouts;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A client of the Withings public API. Immutable and thread-safe: build one per application and share it.
 *
 * <pre>{@code
 * WithingsClient withings = WithingsClient.builder(new ClientCredentials(id, secret)).build();
 * MeasureGroups groups = withings.allMeasures(tokens.accessToken(), MeasureQuery.updatedSince(cursor));
 * }</pre>
 *
 * Every call either returns the typed answer or throws a {@link WithingsException}: a
 * {@link WithingsApiException} subclass for a non-zero Withings status, a {@link WithingsTransportException} when no
 * answer came, a {@link WithingsResponseException} when the answer cannot be read.
 */
public final class WithingsClient {

    private static final String APPLI = "appli";
    private static final int NO_SUCH_SUBSCRIPTION = 286;
    private static final int NO_SUBSCRIPTION_DELETED = 294;

    private final Transport transport;
    private final WithingsOAuth oauth;
    private final WithingsProgram program;

    private WithingsClient(Builder builder) {
        this.transport = new Transport(builder.endpoints, builder.httpClient, builder.requestTimeout, builder.userAgent,
                builder.listener, builder.gate, builder.observer);
        this.oauth = new WithingsOAuth(transport, builder.credentials, builder.signTokenRequests, builder.clock);
        this.program = new WithingsProgram(transport, oauth);
    }

    public static Builder builder(ClientCredentials credentials) {
        return new Builder(credentials);
    }

    public WithingsOAuth oauth() {
        return oauth;
    }

    /** The partner calls of provider-managed devices: members' accounts, their devices, the end of their program. */
    public WithingsProgram program() {
        return program;
    }

    public WithingsEndpoints endpoints() {
        return transport.endpoints();
    }

    // --- measure ----------------------------------------------------------------------------------------------

    /** One page of {@code getmeas}. */
    public MeasureGroups measures(AccessToken token, MeasureQuery query) {
        return call(WithingsCall.MEASURE_GETMEAS, token, query::addTo, ResponseReader::measureGroups);
    }

    /**
     * Every page of {@code getmeas}, joined. The {@link MeasureGroups#updateTime()} is the first page's: a cursor
     * that cannot skip a change made while the later pages were read.
     */
    public MeasureGroups allMeasures(AccessToken token, MeasureQuery query) {
        List<MeasureGroups> pages = Pages.all(WithingsCall.MEASURE_GETMEAS, query.offset(),
                offset -> measures(token, query.atOffset(offset)));
        MeasureGroups first = pages.get(0);
        return new MeasureGroups(first.updateTime(), first.timezone(), joined(pages, MeasureGroups::groups), false,
                last(pages).offset());
    }

    // --- heart v2 ---------------------------------------------------------------------------------------------

    /** One page of heart v2 {@code list}: ECG recordings with their classification. */
    public HeartRecords heartRecords(AccessToken token, TimeQuery query) {
        return call(WithingsCall.HEART_LIST, token, query::addTo, ResponseReader::heartRecords);
    }

    public HeartRecords allHeartRecords(AccessToken token, TimeQuery query) {
        List<HeartRecords> pages = Pages.all(WithingsCall.HEART_LIST, query.offset(),
                offset -> heartRecords(token, query.atOffset(offset)));
        return new HeartRecords(joined(pages, HeartRecords::series), false, last(pages).offset());
    }

    /** Heart v2 {@code get}: the waveform of one ECG. */
    public HeartSignal heartSignal(AccessToken token, long signalId) {
        return call(WithingsCall.HEART_GET, token, request -> request.param(Answer.SIGNAL_ID, signalId), ResponseReader::heartSignal);
    }

    // --- sleep v2 ---------------------------------------------------------------------------------------------

    /** Sleep v2 {@code get}: the sleep states of the window's first 24 hours, with the asked data fields. */
    public SleepSegments sleep(AccessToken token, TimeQuery query) {
        query.requireWindow(WithingsCall.SLEEP_GET);
        return call(WithingsCall.SLEEP_GET, token, query::addTo, ResponseReader::sleepSegments);
    }

    /** One page of sleep v2 {@code getsummary}. */
    public SleepSummaries sleepSummaries(AccessToken token, DayQuery query) {
        return call(WithingsCall.SLEEP_GETSUMMARY, token, query::addTo, ResponseReader::sleepSummaries);
    }

    public SleepSummaries allSleepSummaries(AccessToken token, DayQuery query) {
        List<SleepSummaries> pages = Pages.all(WithingsCall.SLEEP_GETSUMMARY, query.offset(),
                offset -> sleepSummaries(token, query.atOffset(offset)));
        return new SleepSummaries(joined(pages, SleepSummaries::series), false, last(pages).offset());
    }

    // --- measure v2 -------------------------------------------------------------------------------------------

    /** One page of measure v2 {@code getactivity}. */
    public ActivityDays activity(AccessToken token, DayQuery query) {
        return call(WithingsCall.MEASURE_GETACTIVITY, token, query::addTo, ResponseReader::activityDays);
    }

    public ActivityDays allActivity(AccessToken token, DayQuery query) {
        List<ActivityDays> pages = Pages.all(WithingsCall.MEASURE_GETACTIVITY, query.offset(),
                offset -> activity(token, query.atOffset(offset)));
        return new ActivityDays(joined(pages, ActivityDays::activities), false, last(pages).offset());
    }

    /** Measure v2 {@code getintradayactivity}: samples of the window's first 24 hours, in time order. */
    public List<IntradaySample> intradayActivity(AccessToken token, TimeQuery query) {
        query.requireWindow(WithingsCall.MEASURE_GETINTRADAYACTIVITY);
        return call(WithingsCall.MEASURE_GETINTRADAYACTIVITY, token, query::addTo, ResponseReader::intradaySamples);
    }

    /** One page of measure v2 {@code getworkouts}. */
    public Workouts workouts(AccessToken token, DayQuery query) {
        return call(WithingsCall.MEASURE_GETWORKOUTS, token, query::addTo, ResponseReader::workouts);
    }

    public Workouts allWorkouts(AccessToken token, DayQuery query) {
        List<Workouts> pages = Pages.all(WithingsCall.MEASURE_GETWORKOUTS, query.offset(),
                offset -> workouts(token, query.atOffset(offset)));
        return new Workouts(joined(pages, Workouts::series), false, last(pages).offset());
    }

    // --- user v2 ----------------------------------------------------------------------------------------------

    /** User v2 {@code getdevice}: the user's devices with their battery level. */
    public List<Device> devices(AccessToken token) {
        return call(WithingsCall.USER_GETDEVICE, token, request -> { }, ResponseReader::devices);
    }

    /** User v2 {@code getgoals}. */
    public Goals goals(AccessToken token) {
        return call(WithingsCall.USER_GETGOALS, token, request -> { }, ResponseReader::goals);
    }

    // --- notify -----------------------------------------------------------------------------------------------

    /**
     * Notify {@code subscribe}. Withings first sends HEAD to the callback URL and fails with status 293 unless it
     * answers 2xx.
     */
    public void subscribe(AccessToken token, URI callbackUrl, NotificationCategory category, String comment) {
        transport.send(subscriptionRequest(WithingsCall.NOTIFY_SUBSCRIBE, token, callbackUrl, category)
                .param("comment", comment));
    }

    /** Notify {@code get}: the subscription of one callback URL and category. */
    public NotificationSubscription subscription(AccessToken token, URI callbackUrl, NotificationCategory category) {
        JsonNode body = transport.send(subscriptionRequest(WithingsCall.NOTIFY_GET, token, callbackUrl, category));
        return ResponseReader.subscription(body, "body");
    }

    /** Notify {@code list}: the user's subscriptions, of one category or of all. */
    public List<NotificationSubscription> subscriptions(AccessToken token, Optional<NotificationCategory> category) {
        WithingsRequest request = WithingsRequest.post(WithingsCall.NOTIFY_LIST).bearer(token);
        category.ifPresent(value -> request.param(APPLI, value.appli()));
        return ResponseReader.subscriptions(transport.send(request), "body");
    }

    /**
     * Notify {@code revoke}.
     *
     * @return false when Withings has no such subscription (status 286 "no such subscription was found" or 294 "no
     *         such subscription could be deleted"): it is gone already, as when Withings dropped it
     */
    public boolean revokeSubscription(AccessToken token, URI callbackUrl, NotificationCategory category) {
        try {
            transport.send(subscriptionRequest(WithingsCall.NOTIFY_REVOKE, token, callbackUrl, category));
            return true;
        } catch (WithingsApiException.InvalidParameters e) {
            if (e.status() == NO_SUCH_SUBSCRIPTION || e.status() == NO_SUBSCRIPTION_DELETED) {
                return false;
            }
            throw e;
        }
    }

    /** Notify {@code update}: moves a subscription to a new callback URL or category, or changes its comment. */
    public void updateSubscription(AccessToken token, URI callbackUrl, NotificationCategory category,
                                   SubscriptionUpdate update) {
        WithingsRequest request = subscriptionRequest(WithingsCall.NOTIFY_UPDATE, token, callbackUrl, category);
        update.newCallbackUrl().ifPresent(url -> request.secretParam("new_callbackurl", url.toString()));
        update.newCategory().ifPresent(value -> request.param("new_appli", value.appli()));
        update.comment().ifPresent(comment -> request.param("comment", comment));
        transport.send(request);
    }

    /** A callback URL often carries its receiver's secret path: it is kept out of messages and heard answers. */
    private static WithingsRequest subscriptionRequest(WithingsCall call, AccessToken token, URI callbackUrl,
                                                       NotificationCategory category) {
        return WithingsRequest.post(call).bearer(token)
                .secretParam("callbackurl", callbackUrl.toString())
                .param(APPLI, category.appli());
    }

    private <T> T call(WithingsCall call, AccessToken token, Consumer<WithingsRequest> parameters,
                       BiFunction<JsonNode, String, T> reader) {
        WithingsRequest request = WithingsRequest.post(call).bearer(token);
        parameters.accept(request);
        return reader.apply(transport.send(request), "body");
    }

    private static <P, T> List<T> joined(List<P> pages, Function<P, List<T>> items) {
        return pages.stream().flatMap(page -> items.apply(page).stream()).toList();
    }

    private static <T> T last(List<T> pages) {
        return pages.get(pages.size() - 1);
    }

    /** Settings of a {@link WithingsClient}; every one has a production default but the credentials. */
    public static final class Builder {

        private final ClientCredentials credentials;
        private WithingsEndpoints endpoints = WithingsEndpoints.CLOUD;
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private boolean signTokenRequests;
        private Clock clock = Clock.systemUTC();
        private String userAgent = "iomt-fhir-bridge";
        private ResponseListener listener = ResponseListener.NONE;
        private CallGate gate = CallGate.OPEN;
        private CallObserver observer = CallObserver.NONE;

        private Builder(ClientCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        /** {@link WithingsEndpoints#CLOUD} by default; the US medical cloud or an emulator otherwise. */
        public Builder endpoints(WithingsEndpoints endpoints) {
            this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
            return this;
        }

        /** A shared HTTP client; by default one is made with {@link #connectTimeout(Duration)}. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long one call may take before it fails with a retryable {@link WithingsTransportException}. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** Authenticate token requests with a nonce and signature instead of sending the client secret. */
        public Builder signTokenRequests(boolean signTokenRequests) {
            this.signTokenRequests = signTokenRequests;
            return this;
        }

        /** The clock that dates token expiry and signature timestamps. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Hears every successful data answer as received (never the token calls, whose bodies hold tokens). */
        public Builder responseListener(ResponseListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Lets each call out when the application's rate limit allows: {@link CallGate#OPEN} by default. */
        public Builder callGate(CallGate gate) {
            this.gate = Objects.requireNonNull(gate, "gate");
            return this;
        }

        /** Hears how each call ended and how long it took, for metrics: {@link CallObserver#NONE} by default. */
        public Builder callObserver(CallObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
            return this;
        }

        public WithingsClient build() {
            if (httpClient == null) {
                httpClient = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
            }
            return new WithingsClient(this);
        }

        private static Duration positive(Duration duration, String name) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
            return duration;
        }
    }
}
