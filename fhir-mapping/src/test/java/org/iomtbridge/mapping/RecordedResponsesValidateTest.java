package org.iomtbridge.mapping;

import org.hl7.fhir.r4.model.Resource;
import org.iomtbridge.mapping.fhir.FhirJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every resource made from every recorded Withings response validates against FHIR R4 core, vital-signs profiles
 * included, with no error. Resources that differ only in their digits — values, times, ids of the same kind of
 * measurement — meet the same rules, so one of each such shape is validated: a month of weigh-ins is one shape.
 */
class RecordedResponsesValidateTest {

    static List<String> fixtures() {
        return Fixtures.names();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyResourceIsValidR4(String fixture) {
        MappingResult result = Mapped.fixture(fixture);
        Collection<Resource> shapes = oneOfEachShape(result.resources());

        Map<String, List<String>> errors = shapes.parallelStream()
                .collect(Collectors.toConcurrentMap(Resource::getId, R4Validation::errors))
                .entrySet().stream().filter(entry -> !entry.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(errors).as("validation errors of " + fixture + " (" + shapes.size() + " shapes of "
                + result.resources().size() + " resources)").isEmpty();
    }

    private static Collection<Resource> oneOfEachShape(List<Resource> resources) {
        Map<String, Resource> shapes = new LinkedHashMap<>();
        for (Resource resource : resources) {
            String json = FhirJson.context().newJsonParser().encodeResourceToString(resource);
            shapes.putIfAbsent(json.replaceAll("[0-9]", "0"), resource);
        }
        return shapes.values();
    }
}
