package org.iomtbridge.withings;

import org.iomtbridge.withings.model.NotificationCategory;

import java.net.URI;
import java.util.Optional;

/** The changes of notify {@code update}; at least one must be given. */
public record SubscriptionUpdate(Optional<URI> newCallbackUrl, Optional<NotificationCategory> newCategory,
                                 Optional<String> comment) {

    public SubscriptionUpdate {
        if (newCallbackUrl.isEmpty() && newCategory.isEmpty() && comment.isEmpty()) {
            throw new IllegalArgumentException("notify update needs a new callback URL, a new category or a comment");
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
