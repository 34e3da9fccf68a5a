package org.iomtbridge.bridge.sync;

import java.io.Serializable;

/** The task data of one backfill write: the answers a slice fetched, kept in backfill_write under this key. */
record BackfillWrite(String withingsUserId, long writeId) implements Serializable {

    String taskInstanceId() {
        return withingsUserId + "/" + writeId;
    }
}
