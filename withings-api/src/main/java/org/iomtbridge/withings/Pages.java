package org.iomtbridge.withings;

import org.iomtbridge.withings.model.Paged;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/** Follows Withings' {@code more}/{@code offset} paging, and refuses to loop on an offset that does not advance. */
final class Pages {

    /** Far beyond any real history; reaching it means the server keeps saying "more". */
    static final int MAX_PAGES = 10_000;

    private Pages() {
    }

    static <P extends Paged> List<P> all(WithingsCall call, long firstOffset, LongFunction<P> pageAt) {
        List<P> pages = new ArrayList<>();
        long offset = firstOffset;
        while (true) {
            P page = pageAt.apply(offset);
            pages.add(page);
            if (!page.more()) {
                return pages;
            }
            if (page.offset() <= offset) {
                throw new WithingsResponseException(call + " said more=true but its offset " + page.offset()
                        + " does not advance past " + offset + "; stopped paging to avoid an endless loop. "
                        + "Retry later, or narrow the query's window");
            }
            if (pages.size() >= MAX_PAGES) {
                throw new WithingsResponseException(call + " still said more=true after " + MAX_PAGES
                        + " pages; stopped paging. Narrow the query's window");
            }
            offset = page.offset();
        }
    }
}
