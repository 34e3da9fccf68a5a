package org.iomtbridge.mapping.convert;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.iomtbridge.mapping.MappingResult;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.mapping.codes.CodeTable;
import org.iomtbridge.mapping.AttributionPolicy;
import org.iomtbridge.mapping.fhir.FhirJson;
import org.iomtbridge.mapping.fhir.ResourceIds;
import org.iomtbridge.mapping.withings.RawResponses;
import org.iomtbridge.mapping.withings.WithingsResponseKind;
import org.iomtbridge.withings.WithingsAnswers;
import org.iomtbridge.withings.WithingsException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code ./iomt-bridge convert}: saved Withings API responses in, one FHIR R4 Bundle of type {@code collection} out.
 * All files are read and mapped before anything is written: one bad file gives an error naming it and no output.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Converts saved Withings API responses (the full {status, body} envelope) into one FHIR R4 "
                + "Bundle of type collection, printed as JSON.",
                "The kind of each response is detected from its body; --kind names it instead."})
public final class ConvertCommand implements Callable<Integer> {

    private static final Pattern PATIENT = Pattern.compile("Patient/[A-Za-z0-9\\-.]{1,64}");

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "saved Withings API responses")
    private List<Path> files;

    @Option(names = "--patient", paramLabel = "Patient/ID",
            description = "the subject of the observations (default: Patient/withings-<user>)")
    private String patient;

    @Option(names = "--out", paramLabel = "FILE", description = "write the Bundle to FILE instead of standard output")
    private Path out;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "the call the files come from: getmeas, heart-list, heart-get, sleep-get, sleep-summary, "
                    + "activity, intraday, workouts, devices")
    private String kind;

    @Option(names = "--withings-user", paramLabel = "ID", defaultValue = "unknown",
            description = "the Withings user id the responses belong to, part of every resource id (default: ${DEFAULT-VALUE})")
    private String withingsUser;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "time zone of responses that carry none (heart v2, intraday) (default: ${DEFAULT-VALUE})")
    private String zone;

    @Option(names = "--base", paramLabel = "URL", defaultValue = "http://localhost:8082/fhir",
            description = "the FHIR base URL of the entries' fullUrl, against which their references resolve "
                    + "(default: ${DEFAULT-VALUE}, the embedded FHIR server)")
    private String base;

    @Option(names = "--signal-id", paramLabel = "ID", description = "for heart-get: the ECG's signal id")
    private Long signalId;

    @Option(names = "--recorded-at", paramLabel = "INSTANT", description = "for heart-get: when the ECG was recorded, "
            + "e.g. 2023-09-02T10:39:11Z")
    private String recordedAt;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final Clock clock;

    public ConvertCommand() {
        this(Clock.systemUTC());
    }

    ConvertCommand(Clock clock) {
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new ConvertCommand()).execute(args));
    }

    static CommandLine commandLine(ConvertCommand command) {
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        Inputs inputs = options(problems);
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            return 2;
        }
        WithingsFhirMapper mapper = new WithingsFhirMapper(CodeTable.standard(), AttributionPolicy.standard(), inputs.zone());
        RawResponses raw = new RawResponses(mapper.normalizer());

        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        List<String> notes = new ArrayList<>();
        for (Path file : files) {
            try {
                convert(file, inputs, mapper, raw, bundle, notes);
            } catch (IOException e) {
                problems.add(file + ": cannot be read: " + e.getMessage());
            } catch (WithingsException | IllegalArgumentException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> err.println("error: " + problem));
            err.println("Nothing was written.");
            return 1;
        }
        notes.forEach(note -> err.println("note: " + note));
        write(FhirJson.parser().setPrettyPrint(true).encodeResourceToString(bundle));
        return 0;
    }

    private void convert(Path file, Inputs inputs, WithingsFhirMapper mapper, RawResponses raw, Bundle bundle,
                         List<String> notes) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode body = WithingsAnswers.body(new String(bytes, StandardCharsets.UTF_8), "the response");
        WithingsResponseKind responseKind = inputs.kind().or(() -> WithingsResponseKind.detect(body))
                .orElseThrow(() -> new IllegalArgumentException("its body matches no Withings call this command "
                        + "knows; name the call with --kind"));
        MappingResult result = mapper.toFhir(raw.normalize(responseKind, body, withingsUser, inputs.signal()),
                inputs.patient());
        result.notes().forEach(note -> notes.add(file + ": " + note));
        List<Resource> resources = new ArrayList<>(result.resources());
        if (!resources.isEmpty()) {
            resources.add(mapper.builder().provenance(resources, ResourceIds.sha256(bytes),
                    file.getFileName().toString(), clock.instant()));
        }
        String fullUrlBase = base.endsWith("/") ? base : base + "/";
        resources.forEach(resource -> bundle.addEntry().setResource(resource)
                .setFullUrl(fullUrlBase + resource.fhirType() + "/" + resource.getIdPart()));
    }

    private Inputs options(List<String> problems) {
        Optional<WithingsResponseKind> givenKind = Optional.empty();
        if (kind != null) {
            givenKind = WithingsResponseKind.fromLabel(kind);
            if (givenKind.isEmpty()) {
                problems.add("--kind " + kind + " is not a call this command knows");
            }
        }
        Reference subject = new Reference("Patient/withings-" + withingsUser.replaceAll("[^A-Za-z0-9\\-.]", ""));
        if (patient != null) {
            if (PATIENT.matcher(patient).matches()) {
                subject = new Reference(patient);
            } else {
                problems.add("--patient " + patient + " should be a reference like Patient/123");
            }
        }
        ZoneId zoneId = ZoneId.of("UTC");
        try {
            zoneId = ZoneId.of(zone);
        } catch (RuntimeException e) {
            problems.add("--zone " + zone + " is not a time zone; use for example Europe/Paris or UTC");
        }
        Optional<RawResponses.SignalContext> signal = Optional.empty();
        if (!base.matches("https?://\\S+")) {
            problems.add("--base " + base + " should be an http(s) FHIR base URL");
        }
        if (signalId != null && recordedAt != null) {
            try {
                signal = Optional.of(new RawResponses.SignalContext(signalId, Instant.parse(recordedAt)));
            } catch (DateTimeParseException e) {
                problems.add("--recorded-at " + recordedAt + " is not an instant like 2023-09-02T10:39:11Z");
            }
        } else if (signalId != null || recordedAt != null) {
            problems.add("--signal-id and --recorded-at go together");
        }
        return new Inputs(givenKind, subject, zoneId, signal);
    }

    private void write(String json) throws IOException {
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(json);
            stdout.flush();
            return;
        }
        Path target = out.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), ".convert-", ".json");
        Files.writeString(temporary, json + System.lineSeparator(), StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private record Inputs(Optional<WithingsResponseKind> kind, Reference patient, ZoneId zone,
                          Optional<RawResponses.SignalContext> signal) {
    }
}
