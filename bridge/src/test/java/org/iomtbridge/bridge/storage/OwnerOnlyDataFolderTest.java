package org.iomtbridge.bridge.storage;

import org.iomtbridge.bridge.BridgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The bridge on its embedded defaults keeps its data folder — database and keyset — to the user it runs as. */
class OwnerOnlyDataFolderTest {

    @TempDir
    Path directory;

    @Test
    void aFreshFolderIsMadeOwnerOnlyAndSoIsEveryFileInIt() throws Exception {
        Path data = directory.resolve("fresh").resolve("bridge");

        List<Path> entries = startAndList(data);

        assertThat(entries).contains(data.resolve("bridge.mv.db"), data.resolve("token-keyset.json"));
        assertOwnerOnly(data, entries);
    }

    @Test
    void aFolderAnOlderVersionLeftOpenIsPutRight() throws Exception {
        Path data = Files.createDirectories(directory.resolve("old"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(data.resolve("notes.txt"), "left by an older version");
        Files.setPosixFilePermissions(data.resolve("notes.txt"), PosixFilePermissions.fromString("rw-r--r--"));

        List<Path> entries = startAndList(data);

        assertThat(entries).contains(data.resolve("notes.txt"), data.resolve("bridge.mv.db"));
        assertOwnerOnly(data, entries);
    }

    private static List<Path> startAndList(Path data) throws Exception {
        try (ConfigurableApplicationContext bridge = new SpringApplicationBuilder(BridgeApplication.class)
                .web(WebApplicationType.NONE)
                .properties("db-scheduler.enabled=false", "iomt.webhook.secret=test-webhook-secret-0123456789")
                .run("--iomt.data-dir=" + data, "--iomt.vault.create-if-missing=true");
             Stream<Path> walk = Files.walk(data)) {
            return walk.toList();
        }
    }

    private static void assertOwnerOnly(Path data, List<Path> entries) throws Exception {
        assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(entries).allSatisfy(entry -> assertThat(Files.getPosixFilePermissions(entry))
                .as(entry.toString()).doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
    }
}
