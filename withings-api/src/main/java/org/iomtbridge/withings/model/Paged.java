package org.iomtbridge.withings.model;

/** An answer that may continue on another page: ask again with {@link #offset()} while {@link #more()} is true. */
public interface Paged {

    boolean more();

    long offset();
}
