package org.iomtbridge.withings;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/** The changes of notify {@code update}; at least one must be given. */
public record SubscriptionUpdate(Optional<URI> newCallbackUrl, OptionalInt newAppli, Optional<String> comment) {

    public SubscriptionUpdate {
        if (newCallbackUrl.isEmpty() && newAppli.isEmpty() && comment.isEmpty()) {
            throw new IllegalArgumentException("notify update needs a new callback URL, a new appli or a comment");
        }
    }

    public static SubscriptionUpdate callbackUrl(URI newCallbackUrl) {
        return new SubscriptionUpdate(Optional.of(newCallbackUrl), OptionalInt.empty(), Optional.empty());
    }

    public static SubscriptionUpdate appli(int newAppli) {
        return new SubscriptionUpdate(Optional.empty(), OptionalInt.of(newAppli), Optional.empty());
    }

    public static SubscriptionUpdate comment(String comment) {
        return new SubscriptionUpdate(Optional.empty(), OptionalInt.empty(), Optional.of(comment));
    }
}
