package io.drkit.core.changes;

import java.util.Locale;

import io.drkit.core.changes.ChangeSlots.SlotState;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.progress.Sizes;

/**
 * How worried to be about the WAL a chain's slot holds back: the source cannot recycle it until an
 * incremental backup reads past it, so a slot nobody reads fills the source's disk.
 */
public enum SlotRetention {
    OK, WARNING, ALERT;

    public static SlotRetention of(SlotState slot, DrkitProperties.Incremental cfg) {
        if (slot.lost() || slot.retainedBytes() >= cfg.slotAlert().toBytes()) {
            return ALERT;
        }
        return slot.retainedBytes() >= cfg.slotWarning().toBytes() ? WARNING : OK;
    }

    /** One line for people: how much is held back, against which threshold, and what to do. */
    public static String describe(SlotState slot, DrkitProperties.Incremental cfg) {
        String held = String.format(Locale.ROOT, "the replication slot %s holds back %s of the source's WAL", slot.name(),
                Sizes.human(slot.retainedBytes()));
        return switch (of(slot, cfg)) {
            case OK -> held;
            case WARNING -> held + " (warning above " + Sizes.human(cfg.slotWarning().toBytes())
                    + "): incremental backups are not keeping up, or not running";
            case ALERT -> slot.lost() ? "the replication slot " + slot.name() + " is lost: the source removed WAL it "
                    + "needed; the next full backup starts a new chain"
                    : held + " (alert above " + Sizes.human(cfg.slotAlert().toBytes()) + "): run an incremental backup, or "
                    + "drkit init --reset-slot to let the WAL go (the next full backup then starts a new chain)";
        };
    }
}
