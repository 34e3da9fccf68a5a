package org.iomtbridge.mapping.codes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reviewed data files' shape: tab-separated, '#' comment lines, one header line naming the columns, '-' for none.
 * Every problem names the file and line, so that a reviewer's edit that breaks the table fails at load.
 */
final class Tsv {

    private Tsv() {
    }

    /** The rows of a classpath resource beside this class's package. */
    static List<Row> readResource(String resource, List<String> columns) {
        try (InputStream in = Tsv.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), resource, columns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a table; {@code name} says where it came from in error messages. */
    static List<Row> read(Reader source, String name, List<String> columns) {
        try {
            BufferedReader reader = new BufferedReader(source);
            List<Row> rows = new ArrayList<>();
            List<String> header = null;
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> cells = Arrays.stream(line.split("\t", -1)).map(String::trim).toList();
                if (header == null) {
                    header = cells;
                    if (!header.equals(columns)) {
                        throw new IllegalStateException(name + " line " + number + ": the header should be "
                                + String.join(" ", columns));
                    }
                    continue;
                }
                if (cells.size() != columns.size()) {
                    throw new IllegalStateException(name + " line " + number + ": " + cells.size()
                            + " cells where " + columns.size() + " columns are expected (cells are tab-separated)");
                }
                rows.add(new Row(name, number, columns, cells));
            }
            if (header == null) {
                throw new IllegalStateException(name + " has no header line");
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Row(String resource, int line, List<String> columns, List<String> cells) {

        String get(String column) {
            String value = cells.get(columns.indexOf(column));
            if (value.isEmpty()) {
                throw error(column + " is empty; write - for none");
            }
            return value;
        }

        Optional<String> optional(String column) {
            String value = get(column);
            return value.equals("-") ? Optional.empty() : Optional.of(value);
        }

        List<String> list(String column, String separator) {
            return optional(column).map(value -> Arrays.stream(value.split(Pattern.quote(separator)))
                    .map(String::trim).toList()).orElse(List.of());
        }

        IllegalStateException error(String problem) {
            return new IllegalStateException(resource + " line " + line + ": " + problem);
        }
    }
}
