package dev.relationshipledger.deploy.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The highest arrival rate the ledger sustains: every command answered as fast as they arrive, and the projections
 * keeping up within S4's bound (ack → visible, p99 ≤ 1 s). S1's closed loops measure something else: during their 5 s
 * the projections, whose threads run at the lower priority, fall behind and catch up between runs (tenth round), so
 * half of that maximum can be more than the machine carries with its read side keeping up.
 *
 * <p>A bisection between nothing and an upper bound (S1's maximum): each trial is a fixed-rate load of its own, so its
 * resolution is the bound over two to the power of the trials after the first.
 */
final class SustainedRate {

    /** One trial at one rate: what it offered and how the ledger kept up. */
    record Trial(double offeredPerSecond, double answeredPerSecond, long failures, double lagP99Seconds,
                 boolean sustained) {
    }

    /** Runs one fixed-rate load and judges it. */
    interface Load {
        Trial at(double perSecond) throws Exception;
    }

    /** The highest rate found sustained (0 if none was), and every trial in the order run. */
    record Result(double perSecond, List<Trial> trials) {
    }

    private SustainedRate() {
    }

    /**
     * Tries {@code upper} first; if that is not sustained, bisects {@code trials - 1} times between the highest rate
     * sustained so far (at first none) and the lowest that was not.
     */
    static Result search(double upper, int trials, Load load) throws Exception {
        if (!(upper > 0) || trials < 1) {
            throw new IllegalArgumentException("an upper bound above 0 and at least one trial: " + upper + ", " + trials);
        }
        List<Trial> run = new ArrayList<>();
        Trial first = load.at(upper);
        run.add(first);
        if (first.sustained()) {
            return new Result(upper, List.copyOf(run));
        }
        double sustained = 0;
        double notSustained = upper;
        for (int i = 1; i < trials; i++) {
            double rate = (sustained + notSustained) / 2;
            Trial trial = load.at(rate);
            run.add(trial);
            if (trial.sustained()) {
                sustained = rate;
            } else {
                notSustained = rate;
            }
        }
        return new Result(sustained, List.copyOf(run));
    }

    /**
     * The judgement: no failed command or probe, the commands answered at 95 % of the offered rate or more (an open
     * loop whose answers fall behind its arrivals is queueing), and the p99 of S4's lag during the trial within
     * {@code maxLagSeconds} (a read side that falls further behind is not keeping up). The lag, not the time the
     * projections take to catch up once the load stops: their stored positions can be up to the claim extension
     * (1 s) old, which made that time a judge at its own noise floor (eleventh round).
     */
    static Trial judge(double offered, double answered, long failures, double lagP99Seconds, double maxLagSeconds) {
        boolean sustained = failures == 0 && answered >= 0.95 * offered && lagP99Seconds <= maxLagSeconds;
        return new Trial(offered, answered, failures, lagP99Seconds, sustained);
    }
}
