package org.iomtbridge.emulator.world;

import org.iomtbridge.emulator.state.Table;
import org.iomtbridge.emulator.state.WorldFile;

/**
 * Where the users and their data are kept in the world file. A user's records are keyed {@code <userid>/<id>}, so that
 * each is found again under its user.
 */
record UserTables(Table<SimUser.Account> accounts, Table<StoredGroup> groups, Table<StoredDay> days,
                  Table<StoredNight> nights, Table<StoredWorkout> workouts, Table<StoredEcg> ecgs) {

    static UserTables in(WorldFile file) {
        return new UserTables(file.table("users", SimUser.Account.class), file.table("measure-groups", StoredGroup.class),
                file.table("activity-days", StoredDay.class), file.table("sleep-summaries", StoredNight.class),
                file.table("workouts", StoredWorkout.class), file.table("ecgs", StoredEcg.class));
    }

    static String key(long userid, Object id) {
        return userid + "/" + id;
    }

    /** The user of a record's key. */
    static long userid(String key) {
        return Long.parseLong(key.substring(0, key.indexOf('/')));
    }
}
