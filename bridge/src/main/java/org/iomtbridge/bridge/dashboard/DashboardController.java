package org.iomtbridge.bridge.dashboard;

import org.iomtbridge.bridge.enrollment.Invitations;
import org.iomtbridge.bridge.withings.ActiveUserCap;
import org.iomtbridge.bridge.archive.DeadLetters;
import org.iomtbridge.bridge.sync.BackfillProgress;
import org.iomtbridge.bridge.thresholds.Thresholds;
import org.iomtbridge.bridge.sync.Replays;
import org.iomtbridge.bridge.web.FhirIds;
import org.iomtbridge.bridge.web.Paging;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The care team's dashboard: patients, a patient's charts, the pipeline, and enrollment. Ids and page numbers from the
 * address are checked before use; a bad one is a 400 with the reason ({@code web.ErrorAnswers}).
 */
@Controller
class DashboardController {

    static final List<Integer> RANGES = List.of(7, 30, 90, 365);
    private static final int PATIENTS_PER_PAGE = 50;
    /** Enough readings for a glance at the last days; the charts hold the rest. */
    private static final int LATEST_READINGS = 20;

    private final PatientsOverview patients;
    private final FhirRecords records;
    private final ChartDefinitions charts;
    private final PipelineView pipeline;
    private final DeadLetters deadLetters;
    private final Replays replays;
    private final Invitations invitations;
    private final ActiveUserCap cap;
    private final BackfillProgress backfills;
    private final Thresholds thresholds;
    private final Clock clock;

    public DashboardController(PatientsOverview patients, FhirRecords records, ChartDefinitions charts,
                               PipelineView pipeline, DeadLetters deadLetters, Replays replays, Invitations invitations,
                               ActiveUserCap cap, BackfillProgress backfills, Thresholds thresholds, Clock clock) {
        this.cap = cap;
        this.thresholds = thresholds;
        this.backfills = backfills;
        this.patients = patients;
        this.records = records;
        this.charts = charts;
        this.pipeline = pipeline;
        this.deadLetters = deadLetters;
        this.replays = replays;
        this.invitations = invitations;
        this.clock = clock;
    }

    /** @param locked the minutes a throttled sign-in stays locked, as the sign-in put them in the address */
    @GetMapping("/login")
    public String login(@RequestParam(required = false) String locked, Model model) {
        if (locked != null && locked.matches("[0-9]{1,4}")) {
            model.addAttribute("lockedMinutes", Integer.parseInt(locked));
        }
        return "dashboard/login";
    }

    @GetMapping("/dashboard")
    public String patients(@RequestParam(defaultValue = "0") @Min(value = 0, message = Paging.PAGE_RANGE)
                           @Max(value = Paging.MAX_PAGE, message = Paging.PAGE_RANGE) int page, Model model) {
        model.addAttribute("overview", patients.page(page, PATIENTS_PER_PAGE));
        model.addAttribute("planUsage", cap.usage());
        return "dashboard/patients";
    }

    @GetMapping("/dashboard/patients/{id}")
    public String patient(@PathVariable @Pattern(regexp = FhirIds.ID, message = FhirIds.NOT_AN_ID) String id, @RequestParam(defaultValue = "30") int days, Model model) {
        String patient = reference(id);
        int range = range(days);
        Instant to = clock.instant();
        model.addAttribute("patientId", id);
        model.addAttribute("days", range);
        model.addAttribute("ranges", RANGES);
        model.addAttribute("charts", charts.all());
        model.addAttribute("backfills", backfills.ofPatient(patient));
        model.addAttribute("thresholds", thresholds.inForce(Optional.of(patient)).stream()
                .filter(code -> code.origin() != Thresholds.Origin.DEFAULT).toList());
        try {
            model.addAttribute("name", records.names(List.of(patient)).getOrDefault(patient, patient));
            model.addAttribute("devices", records.devices(List.of(patient)));
            Instant from = to.minus(Duration.ofDays(range));
            model.addAttribute("ecgs", records.ecgs(patient, from, to));
            model.addAttribute("readings", records.latestReadings(patient, charts.listed(), from, to, LATEST_READINGS));
        } catch (RuntimeException e) {
            model.addAttribute("name", patient);
            model.addAttribute("fhirProblem", "The FHIR server did not answer: " + e.getMessage());
        }
        return "dashboard/patient";
    }

    @GetMapping("/dashboard/patients/{id}/charts/{chart}")
    @ResponseBody
    public FhirRecords.ChartData chart(@PathVariable @Pattern(regexp = FhirIds.ID, message = FhirIds.NOT_AN_ID) String id,
                                       @PathVariable String chart,
                                       @RequestParam(defaultValue = "30") int days) {
        ChartDefinitions.Chart definition = charts.find(chart).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no chart " + chart));
        Instant to = clock.instant();
        return records.chart(definition, reference(id), to.minus(Duration.ofDays(range(days))), to);
    }

    @GetMapping("/dashboard/patients/{id}/ecgs/{observation}")
    @ResponseBody
    public FhirRecords.Waveform ecg(@PathVariable @Pattern(regexp = FhirIds.ID, message = FhirIds.NOT_AN_ID) String id,
                                    @PathVariable @Pattern(regexp = FhirIds.ID, message = FhirIds.NOT_AN_ID)
                                    String observation) {
        return records.waveform(reference(id), observation).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no ECG " + observation + " of this patient"));
    }

    @GetMapping("/dashboard/pipeline")
    public String pipeline(Model model) {
        model.addAttribute("pipeline", pipeline.snapshot());
        return "dashboard/pipeline";
    }

    /** The live part of the pipeline page, polled by htmx. */
    @GetMapping("/dashboard/pipeline/live")
    public String pipelineLive(Model model) {
        model.addAttribute("pipeline", pipeline.snapshot());
        return "dashboard/pipeline :: live";
    }

    @PostMapping("/dashboard/dead-letters/{id}/replay")
    public String replay(@PathVariable long id, Model model) {
        DeadLetters.DeadLetter letter = deadLetter(id);
        Replays.Outcome outcome = replays.replay(letter);
        model.addAttribute("letter", deadLetter(id));
        model.addAttribute("outcome", outcome.replayed()
                ? "Replayed: " + outcome.observations() + " observations written"
                : "Still failing: " + outcome.failure());
        return "dashboard/pipeline :: letter";
    }

    @PostMapping("/dashboard/dead-letters/{id}/discard")
    public String discard(@PathVariable long id, Model model) {
        deadLetter(id);
        boolean discarded = deadLetters.resolve(id, DeadLetters.Status.DISCARDED, clock.instant());
        model.addAttribute("letter", deadLetter(id));
        model.addAttribute("outcome", discarded ? "Discarded" : "No longer open");
        return "dashboard/pipeline :: letter";
    }

    @GetMapping("/dashboard/enroll")
    public String enrollForm(Model model) {
        model.addAttribute("planUsage", cap.usage());
        return "dashboard/enroll";
    }

    @PostMapping("/dashboard/enroll")
    public String enroll(@RequestParam String patient, Model model) {
        Invitations.Outcome outcome = invitations.invite(patient);
        if (outcome instanceof Invitations.Refused refused) {
            model.addAttribute("problem", refused.reason());
            return "dashboard/enroll :: result";
        }
        Invitations.Invited invited = (Invitations.Invited) outcome;
        model.addAttribute("invited", invited);
        model.addAttribute("qr", QrCodes.of(invited.link().link()));
        return "dashboard/enroll :: result";
    }

    private DeadLetters.DeadLetter deadLetter(long id) {
        return deadLetters.find(id).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter " + id));
    }

    private static String reference(String id) {
        return "Patient/" + id;
    }

    private static int range(int days) {
        return Math.max(1, Math.min(days, 3650));
    }
}
