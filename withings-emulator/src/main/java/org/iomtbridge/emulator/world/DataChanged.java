package org.iomtbridge.emulator.world;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Something changed in a user's data that Withings would notify about.
 *
 * @param appli the notification category (1 weight, 2 temperature, 4 pressure/heart/SpO2, 16 activity, 44 sleep,
 *              46 user action, 54 ECG)
 * @param date  the local day, for activity (appli 16)
 * @param action the user action of appli 46, for example {@code unlink}
 */
public record DataChanged(long userid, int appli, long startdate, long enddate, Optional<LocalDate> date,
                          Optional<String> action) {

    public static DataChanged measures(long userid, int appli, long startdate, long enddate) {
        return new DataChanged(userid, appli, startdate, enddate, Optional.empty(), Optional.empty());
    }
}
