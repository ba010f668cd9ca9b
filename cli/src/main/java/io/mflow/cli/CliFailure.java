package io.mflow.cli;

/**
 * Why a command could not do its work, told in one line on stderr with its exit code, never with a stack trace.
 * The message never carries a token.
 */
class CliFailure extends RuntimeException {

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    /** An RFC 9457 problem the server answered with: its status, title and detail. */
    static final class Problem extends CliFailure {
        private final int status;

        Problem(int status, String title, String detail) {
            super(status == 401 ? ExitCodes.NOT_SIGNED_IN : ExitCodes.REFUSED, line(status, title, detail));
            this.status = status;
        }

        int status() {
            return status;
        }

        private static String line(int status, String title, String detail) {
            String head = (title == null || title.isBlank() ? "HTTP " + status : title) + " (" + status + ")";
            return detail == null || detail.isBlank() ? head : head + ": " + detail;
        }
    }
}
