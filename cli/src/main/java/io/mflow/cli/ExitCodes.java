package io.mflow.cli;

/**
 * What {@code mflow}'s exit code says, so another CI system can act on it. 0, 1 and 2 are the end of a run
 * ({@code run --wait}, {@code runs watch}); the others are kept clear of them, which is why a usage error is 64
 * (sysexits' EX_USAGE) and not picocli's default 2.
 */
final class ExitCodes {

    static final int OK = 0;
    static final int RUN_FAILED = 1;
    static final int RUN_CANCELED = 2;
    /** The server answered with a problem (a 4xx or 5xx other than 401). */
    static final int REFUSED = 3;
    /** The server could not be reached: refused, timed out, not a known host. */
    static final int UNREACHABLE = 4;
    /** No token to send, or the server does not take it (401). */
    static final int NOT_SIGNED_IN = 5;
    static final int USAGE = 64;
    /** A fault of the command line itself. */
    static final int SOFTWARE = 70;

    private ExitCodes() {
    }

    /** The exit code for a run that ended in {@code stage}: SUCCEEDED (and SKIPPED, which counts as success) is 0. */
    static int ofRun(String stage) {
        if (stage == null) {
            return SOFTWARE;
        }
        switch (stage) {
            case "SUCCEEDED":
            case "SKIPPED":
                return OK;
            case "FAILED":
                return RUN_FAILED;
            case "CANCELED":
                return RUN_CANCELED;
            default:
                return SOFTWARE;
        }
    }

    /** Whether a run or job task in {@code stage} has ended: no report moves it any more on its own. */
    static boolean ended(String stage) {
        return "SUCCEEDED".equals(stage) || "FAILED".equals(stage) || "CANCELED".equals(stage)
                || "SKIPPED".equals(stage);
    }
}
