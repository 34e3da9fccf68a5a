package org.iomtbridge.mapping;

import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every resource made from every recorded Withings response validates against FHIR R4 core, vital-signs profiles
 * included, with no error.
 */
class RecordedResponsesValidateTest {

    static List<String> fixtures() {
        return Fixtures.names();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyResourceIsValidR4(String fixture) {
        MappingResult result = Mapped.fixture(fixture);

        Map<String, List<String>> errors = result.resources().parallelStream()
                .collect(Collectors.toConcurrentMap(Resource::getId, R4Validation::errors))
                .entrySet().stream().filter(entry -> !entry.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(errors).as("validation errors of " + fixture).isEmpty();
    }
}
