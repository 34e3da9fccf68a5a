package org.iomtbridge.benchmarks;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.iomtbridge.mapping.MappingResult;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.mapping.fhir.FhirJson;
import org.iomtbridge.withings.WithingsAnswers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measure groups per second through the whole mapping — parse the getmeas answer, normalize, build FHIR, serialize
 * each resource to JSON — next to its floor: parsing the same bytes with Jackson and serializing the same resources
 * with HAPI, with no mapping in between. Scores are per measure group.
 *
 * <p>Input: the first {@value #GROUPS} groups of the recorded getmeas history (weights, body composition, blood
 * pressure), from {@code IOMT_FIXTURES} or the repository's {@code fixtures/withings} ({@code ./iomt-bridge bench}
 * runs from the repository root).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class MappingBenchmark {

    static final int GROUPS = 200;
    private static final Reference PATIENT = new Reference("Patient/benchmark");

    private String answer;
    private WithingsFhirMapper mapper;
    private IParser fhirJson;
    private ObjectMapper jackson;
    private List<Resource> mappedResources;

    @Setup
    public void load() throws IOException {
        jackson = new ObjectMapper();
        Path fixtures = Path.of(System.getenv().getOrDefault("IOMT_FIXTURES", "fixtures/withings"));
        JsonNode history = jackson.readTree(Files.readString(fixtures.resolve("measurement_list.json")));
        ObjectNode body = jackson.createObjectNode().put("updatetime", 1704800000L).put("timezone", "Europe/Amsterdam");
        ArrayNode groups = body.putArray("measuregrps");
        for (int i = 0; i < GROUPS; i++) {
            groups.add(history.get(i));
        }
        body.put("more", 0).put("offset", 0);
        answer = jackson.writeValueAsString(jackson.createObjectNode().put("status", 0).set("body", body));
        mapper = WithingsFhirMapper.standard();
        fhirJson = FhirJson.parser();
        mappedResources = map().resources();
        System.out.println("input: " + GROUPS + " measure groups -> " + mappedResources.size() + " resources");
    }

    private MappingResult map() {
        JsonNode body = WithingsAnswers.body(answer, "benchmark");
        return mapper.toFhir(mapper.normalizer().measureGroups("12345678", WithingsAnswers.measureGroups(body)),
                PATIENT);
    }

    @Benchmark
    @OperationsPerInvocation(GROUPS)
    public void parseMapSerialize(Blackhole sink) {
        for (Resource resource : map().resources()) {
            sink.consume(fhirJson.encodeResourceToString(resource));
        }
    }

    @Benchmark
    @OperationsPerInvocation(GROUPS)
    public void floorJacksonParsePlusHapiSerialize(Blackhole sink) throws IOException {
        sink.consume(jackson.readTree(answer));
        for (Resource resource : mappedResources) {
            sink.consume(fhirJson.encodeResourceToString(resource));
        }
    }

    /** As the FHIR writer sends them: the answer's resources serialized as one transaction Bundle. */
    @Benchmark
    @OperationsPerInvocation(GROUPS)
    public String parseMapSerializeAsBundle() {
        return fhirJson.encodeResourceToString(transaction(map().resources()));
    }

    @Benchmark
    @OperationsPerInvocation(GROUPS)
    public String floorJacksonParsePlusHapiSerializeAsBundle(Blackhole sink) throws IOException {
        sink.consume(jackson.readTree(answer));
        return fhirJson.encodeResourceToString(transaction(mappedResources));
    }

    private static Bundle transaction(List<Resource> resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource resource : resources) {
            bundle.addEntry().setResource(resource).getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT).setUrl(resource.fhirType() + "/" + resource.getIdPart());
        }
        return bundle;
    }
}
