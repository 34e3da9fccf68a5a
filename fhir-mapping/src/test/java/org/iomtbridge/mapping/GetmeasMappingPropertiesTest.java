package org.iomtbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Random well-formed getmeas bodies: always mapped, always valid, always the same ids for the same input. */
class GetmeasMappingPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Integer> TYPES = List.of(1, 4, 5, 6, 8, 9, 10, 11, 12, 54, 71, 73, 76, 77, 88, 91, 123,
            130, 135, 136, 137, 138, 139, 155, 167, 168, 169, 170, 173, 174, 175, 196, 226, 227, 229, 4242);
    private static final List<String> ZONES = List.of("Europe/Amsterdam", "America/Los_Angeles", "Asia/Kolkata", "UTC",
            "Australia/Lord_Howe", "Not/AZone");

    @Property(tries = 60)
    void wellFormedBodiesMapToValidResourcesWithStableIds(@ForAll("bodies") JsonNode body) {
        MappingResult first = Mapped.body(body, WithingsFhirMapper.standard());
        MappingResult second = Mapped.body(body.deepCopy(), WithingsFhirMapper.standard());

        assertThat(first.observations()).extracting(Observation::getIdPart)
                .containsExactlyElementsOf(second.observations().stream().map(Observation::getIdPart).toList())
                .allMatch(id -> id.matches("[A-Za-z0-9\\-.]{1,64}"))
                .doesNotHaveDuplicates();
        for (Resource resource : first.resources()) {
            assertThat(R4Validation.errors(resource)).as(resource.getId()).isEmpty();
        }
    }

    @Provide
    Arbitrary<JsonNode> bodies() {
        return Combinators.combine(groups().list().ofMinSize(0).ofMaxSize(6), Arbitraries.of(ZONES))
                .as((groups, zone) -> {
                    ObjectNode body = JSON.createObjectNode();
                    body.put("updatetime", 1_700_000_000L);
                    body.put("timezone", zone);
                    ArrayNode array = body.putArray("measuregrps");
                    groups.forEach(array::add);
                    body.put("more", 0);
                    body.put("offset", 0);
                    return body;
                });
    }

    private Arbitrary<ObjectNode> groups() {
        Arbitrary<ObjectNode> measure = Combinators.combine(Arbitraries.of(TYPES),
                        Arbitraries.longs().between(-2_000_000, 2_000_000), Arbitraries.integers().between(-6, 3),
                        Arbitraries.integers().between(0, 14).injectNull(0.7))
                .as((type, value, unit, position) -> {
                    ObjectNode node = JSON.createObjectNode().put("type", type).put("value", value).put("unit", unit)
                            .put("algo", 0).put("fm", 3);
                    if (position != null) {
                        node.put("position", position);
                    }
                    return node;
                });
        return Combinators.combine(Arbitraries.longs().between(1, 99_999_999_999L),
                        Arbitraries.of(0, 1, 2, 4, 5, 7, 8, 15, 17, 10000),
                        Arbitraries.longs().between(946_684_800L, 1_900_000_000L),
                        Arbitraries.strings().withCharRange('a', 'f').numeric().ofLength(40).injectNull(0.3),
                        measure.list().ofMinSize(1).ofMaxSize(8))
                .as((grpid, attrib, date, hash, measures) -> {
                    ObjectNode group = JSON.createObjectNode().put("grpid", grpid).put("attrib", attrib).put("date", date)
                            .put("created", date + 30).put("modified", date + 30).put("category", 1);
                    group.put("deviceid", hash);
                    group.put("hash_deviceid", hash);
                    ArrayNode array = group.putArray("measures");
                    measures.forEach(array::add);
                    return group;
                });
    }
}
