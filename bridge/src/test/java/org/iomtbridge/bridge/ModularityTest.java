package org.iomtbridge.bridge;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's features as Spring Modulith application modules: each depends only on the modules its
 * {@code package-info.java} allows, through their top-level types, and no two depend on each other in a circle.
 */
class ModularityTest {

    /** The module documentation kept in the repository, linked from the README. */
    private static final Path COMMITTED_DOCS = Path.of("..", "docs", "modules");

    private final ApplicationModules modules = ApplicationModules.of(BridgeApplication.class);

    @Test
    void modulesDependOnlyOnWhatTheyDeclareWithoutCycles() {
        modules.verify();
    }

    /**
     * The committed module documentation is what the code says now. After a change of the modules, run this test
     * with {@code -Dmodules.docs.update=true} to write it anew.
     */
    @Test
    void theCommittedModuleDocumentationIsCurrent() throws IOException {
        Path generated = Path.of("target", "modules-docs");
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        if (Boolean.getBoolean("modules.docs.update")) {
            Files.createDirectories(COMMITTED_DOCS);
            try (Stream<Path> old = Files.list(COMMITTED_DOCS)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
            try (Stream<Path> fresh = Files.list(generated)) {
                for (Path file : fresh.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, COMMITTED_DOCS.resolve(file.getFileName()));
                }
            }
        }
        assertThat(contents(COMMITTED_DOCS))
                .as("docs/modules is stale: run ModularityTest with -Dmodules.docs.update=true and commit the result")
                .isEqualTo(contents(generated));
    }

    /**
     * Each file's lines, sorted: the documenter writes the same relations in an order that changes from one run to the
     * next.
     */
    private static Map<String, List<String>> contents(Path folder) throws IOException {
        Map<String, List<String>> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> listed = Files.list(folder)) {
            for (Path file : listed.filter(Files::isRegularFile).toList()) {
                files.put(file.getFileName().toString(), Files.readAllLines(file).stream().sorted().toList());
            }
        }
        return files;
    }
}
