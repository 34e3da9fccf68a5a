package org.iomtbridge.withings;

import java.net.URI;
import java.util.Objects;

/**
 * Where the Withings API and its account pages live. Withings runs a public cloud and a separate US medical
 * (HIPAA) cloud; a local emulator serves both roles at one address.
 *
 * @param api     base of the data and token endpoints, for example {@code https://wbsapi.withings.net}
 * @param account base of the user-facing authorization pages, for example {@code https://account.withings.com}
 */
public record WithingsEndpoints(URI api, URI account) {

    public static final WithingsEndpoints CLOUD =
            new WithingsEndpoints(URI.create("https://wbsapi.withings.net"), URI.create("https://account.withings.com"));

    public static final WithingsEndpoints US_MEDICAL_CLOUD =
            new WithingsEndpoints(URI.create("https://wbsapi.us.withingsmed.net"), URI.create("https://account.us.withingsmed.com"));

    public WithingsEndpoints {
        api = withoutTrailingSlash(Objects.requireNonNull(api, "api"));
        account = withoutTrailingSlash(Objects.requireNonNull(account, "account"));
    }

    /** A local Withings emulator that serves the API and the account pages at the same base URL. */
    public static WithingsEndpoints emulator(URI base) {
        return new WithingsEndpoints(base, base);
    }

    /**
     * The endpoints named in configuration: {@code cloud}, {@code us-medical}, or a base URL of an emulator.
     *
     * @throws IllegalArgumentException naming the accepted values when the text is none of them
     */
    public static WithingsEndpoints named(String name) {
        String trimmed = Objects.requireNonNull(name, "name").trim();
        if (trimmed.equalsIgnoreCase("cloud")) {
            return CLOUD;
        }
        if (trimmed.equalsIgnoreCase("us-medical")) {
            return US_MEDICAL_CLOUD;
        }
        if (trimmed.startsWith("http://") || trimmed.startsWith("https://")) {
            return emulator(URI.create(trimmed));
        }
        throw new IllegalArgumentException("Unknown Withings endpoints '" + trimmed
                + "': use 'cloud', 'us-medical' or the http(s) base URL of an emulator");
    }

    URI api(String path) {
        return URI.create(api + path);
    }

    URI account(String path) {
        return URI.create(account + path);
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}
