package org.iomtbridge.bridge.withings;

import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.springframework.stereotype.Service;

import java.util.Optional;

/**
 * The active users the Withings plan allows ({@code iomt.withings.active-user-cap}): Withings bills, then refuses,
 * users past it, so the bridge enrolls none. A new enrollment link is refused once the plan is full (a courtesy: links
 * do not count); the consent that would make a user active is the check that holds, under a lock every instance takes.
 */
@Service
public class ActiveUserCap {

    /** The share of the cap from which the care team is warned. */
    private static final int WARNING_PERCENT = 90;

    /** The active users against the cap. */
    public record Usage(long active, int cap) {

        public int percent() {
            return (int) Math.min(100, active * 100 / cap);
        }

        /** The care team should act: 90 % of the places are taken. */
        public boolean nearlyFull() {
            return active * 100 >= (long) cap * WARNING_PERCENT;
        }

        public boolean full() {
            return active >= cap;
        }

        /** Why no one more is enrolled, for the care team and the patient alike. */
        public String refusal() {
            return "the Withings plan allows " + cap + " active users and " + active + " are connected: no new patient"
                    + " can connect until one is revoked or the plan (iomt.withings.active-user-cap) is raised";
        }
    }

    private final AccountStore accounts;
    private final WithingsProperties properties;

    public ActiveUserCap(AccountStore accounts, WithingsProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    public Usage usage() {
        return new Usage(accounts.activeCount(), properties.activeUserCap());
    }

    /**
     * Inside the transaction that would make the user active: locks the gate until it ends, then tells why the user
     * may not become active, if so. A user already active (a second consent) takes no new place.
     */
    public Optional<String> refusalOf(String withingsUserId) {
        accounts.lockActiveUserGate();
        if (accounts.find(withingsUserId).map(account -> account.status() == AccountStatus.ACTIVE).orElse(false)) {
            return Optional.empty();
        }
        Usage usage = usage();
        return usage.full() ? Optional.of(usage.refusal()) : Optional.empty();
    }
}
