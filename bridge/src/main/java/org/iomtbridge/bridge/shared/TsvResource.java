package org.iomtbridge.bridge.shared;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bridge's reviewed data files on the classpath: tab-separated, '#' comment lines, one header line. A file that
 * is missing or has a row of the wrong width fails at start, naming the file and the line.
 */
public final class TsvResource {

    private TsvResource() {
    }

    /** The rows after the header, each with exactly {@code columns} cells. */
    public static List<List<String>> rows(String resource, int columns) {
        try (InputStream in = TsvResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<List<String>> rows = new ArrayList<>();
            boolean header = true;
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                List<String> cells = List.of(line.split("\t", -1));
                if (cells.size() != columns) {
                    throw new IllegalStateException(resource + " line " + number + ": " + columns
                            + " tab-separated columns expected, found " + cells.size());
                }
                rows.add(cells);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
