package io.drkit.core.progress;

import me.tongfei.progressbar.ProgressBar;

/** A live terminal bar: figures, rate and ETA redrawn in place. */
final class BarProgress implements Progress {

    private final ProgressBar bar;

    BarProgress(ProgressBar bar) {
        this.bar = bar;
    }

    @Override
    public void advance(long units) {
        bar.stepBy(units);
    }

    @Override
    public void status(String text) {
        bar.setExtraMessage(text);
    }

    @Override
    public void close() {
        if (bar.getMax() > 0) {
            bar.stepTo(Math.max(bar.getCurrent(), bar.getMax()));
        }
        bar.close();
    }
}
