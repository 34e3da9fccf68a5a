package org.iomtbridge.withings;

import org.iomtbridge.withings.model.NotificationCategory;

import java.net.URI;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The change of notify {@code update}: exactly one of a new callback URL, a new category and a comment, as Withings
 * documents each of {@code new_callbackurl}, {@code new_appli} and {@code comment} as not to be used with the others.
 */
public record SubscriptionUpdate(Optional<URI> newCallbackUrl, Optional<NotificationCategory> newCategory,
                                 Optional<String> comment) {

    public SubscriptionUpdate {
        if (Stream.of(newCallbackUrl, newCategory, comment).filter(Optional::isPresent).count() != 1) {
            throw new IllegalArgumentException(
                    "notify update takes exactly one of a new callback URL, a new category and a comment");
        }
    }

    public static SubscriptionUpdate callbackUrl(URI newCallbackUrl) {
        return new SubscriptionUpdate(Optional.of(newCallbackUrl), Optional.empty(), Optional.empty());
    }

    public static SubscriptionUpdate category(NotificationCategory newCategory) {
        return new SubscriptionUpdate(Optional.empty(), Optional.of(newCategory), Optional.empty());
    }

    public static SubscriptionUpdate comment(String comment) {
        return new SubscriptionUpdate(Optional.empty(), Optional.empty(), Optional.of(comment));
    }
}
