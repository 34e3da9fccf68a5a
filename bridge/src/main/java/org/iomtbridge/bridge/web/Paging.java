package org.iomtbridge.bridge.web;

/**
 * The bounds of every paged list: an offset of page × size stays far below what an int and the databases take, so
 * that no page number overflows into a negative offset.
 */
public final class Paging {

    public static final int MAX_PAGE = 100_000;
    public static final String PAGE_RANGE = "page is between 0 and " + MAX_PAGE;

    private Paging() {
    }
}
