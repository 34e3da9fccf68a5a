package org.iomtbridge.withings;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The OAuth scopes of the Withings public API. */
public enum Scope {
    USER_INFO("user.info"),
    USER_METRICS("user.metrics"),
    USER_ACTIVITY("user.activity"),
    USER_SLEEPEVENTS("user.sleepevents");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** The scope as Withings spells it, for example {@code user.metrics}. */
    public String value() {
        return value;
    }

    public static Optional<Scope> fromValue(String value) {
        return Arrays.stream(values()).filter(scope -> scope.value.equals(value.trim())).findFirst();
    }

    /**
     * The scopes of a list as Withings writes it, comma-separated: {@code user.info,user.metrics}. A scope this client
     * does not know is left out, so that one Withings adds does not break reading the others.
     */
    public static Set<Scope> parse(String commaSeparated) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream(commaSeparated.split(",")).map(Scope::fromValue).flatMap(Optional::stream).forEach(scopes::add);
        return Set.copyOf(scopes);
    }

    /**
     * The scopes comma-separated, in alphabetical order, so that a set always reads the same: the inverse of
     * {@link #parse}. Withings writes them in the order they were asked for; compare what it granted as sets, never as
     * this text.
     */
    public static String join(Collection<Scope> scopes) {
        return scopes.stream().map(Scope::value).sorted().distinct().collect(Collectors.joining(","));
    }
}
