package org.iomtbridge.datafolder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps a service's data folder — an H2 database of health data, a keyset — to its owner: the folder 0700 before the
 * database opens (made so, or put right if it was not), and no group or other permission on anything in it once the
 * service started. Java cannot set the process's umask, so files the database makes later are covered by the folder:
 * nobody else can enter it. Declare it as a {@code static @Bean}, since it runs before the other beans are made.
 */
public final class OwnerOnlyDataFolder implements BeanFactoryPostProcessor, EnvironmentAware,
        ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnlyDataFolder.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final String property;
    private final Path fallback;
    private Path folder;

    /**
     * @param property the setting that names the folder, such as {@code iomt.data-dir}
     * @param fallback the folder when the setting is absent
     */
    public OwnerOnlyDataFolder(String property, Path fallback) {
        this.property = property;
        this.fallback = fallback;
    }

    @Override
    public void setEnvironment(Environment environment) {
        // Bound here by hand: this runs before the configuration properties beans exist.
        folder = Binder.get(environment).bind(property, Path.class).orElse(fallback).toAbsolutePath();
    }

    /** Before any bean — the database among them — is made. */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            log.warn("This file system has no POSIX permissions: keep {} private by the operating system's means", folder);
            return;
        }
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(folder, OWNER_ONLY);
            closeToOthers();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make the data folder " + folder + " owner-only; check that this"
                    + " user owns it, or set " + property, e);
        }
    }

    /** The database files made at start. */
    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            try {
                closeToOthers();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not make the files in " + folder + " owner-only", e);
            }
        }
    }

    private void closeToOthers() throws IOException {
        try (Stream<Path> entries = Files.walk(folder)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (Files.isSymbolicLink(entry)) {
                    continue;
                }
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS);
                if (permissions.removeAll(GROUP_AND_OTHERS)) {
                    Files.setPosixFilePermissions(entry, permissions);
                }
            }
        }
    }
}
