package io.drkit.report;

/**
 * What {@code drkit report --check} found.
 *
 * @param reports reports examined, in chain order, up to the first break
 * @param signed of them, those whose Ed25519 signature verified
 * @param unchecked of them, those signed whose signature was not checked: no verification key was given
 * @param firstBreak the first report where the chain, a digest or a signature does not hold, in words; null if none
 */
public record ReportCheck(String repository, int reports, int signed, int unchecked, String firstBreak) {

    public boolean holds() {
        return firstBreak == null;
    }
}
