package io.mflow.notify.domain;

/**
 * How one attempt went. A receiver's reply counts as a success only when its HTTP status is 2xx and, for a chat
 * robot, its platform's code says so; a connection error, a timeout, a 5xx, a 429 and a platform's failure code are
 * worth another attempt, any other answer (a 4xx: the request itself is wrong) and a refusal to send are not.
 *
 * @param httpStatus      {@code null} when no response came (timeout, refused connection, not sent)
 * @param platformCode    a chat platform's code from the reply ({@code code}, {@code errcode}), when it has one
 * @param platformMessage its message beside the code ({@code msg}, {@code errmsg})
 * @param error           why the attempt failed, in words; null on success
 */
public record DeliveryResult(boolean success, boolean retryable, Integer httpStatus, String platformCode,
                             String platformMessage, String responseExcerpt, long durationMillis, String error) {

    /** Enough to tell an operator what the receiver said, without storing whole pages. */
    public static final int EXCERPT_LENGTH = 200;

    /** A reply judged by its HTTP status alone. */
    public static DeliveryResult answered(int httpStatus, String body, long durationMillis) {
        boolean success = httpStatus >= 200 && httpStatus < 300;
        return new DeliveryResult(success, !success && isWorthRetrying(httpStatus), httpStatus, null, null,
                excerpt(body), durationMillis, success ? null : "the receiver answered HTTP " + httpStatus);
    }

    /** A chat platform's reply: HTTP 2xx and the platform's own verdict must both say yes. */
    public static DeliveryResult platformAnswered(int httpStatus, String body, String code, String message,
                                                  boolean platformSuccess, long durationMillis) {
        if (httpStatus < 200 || httpStatus >= 300) {
            DeliveryResult byStatus = answered(httpStatus, body, durationMillis);
            return new DeliveryResult(false, byStatus.retryable, httpStatus, code, message, byStatus.responseExcerpt,
                    durationMillis, byStatus.error);
        }
        return new DeliveryResult(platformSuccess, !platformSuccess, httpStatus, code, message, excerpt(body),
                durationMillis, platformSuccess ? null
                        : "the platform refused it: code " + code + (message == null ? "" : " (" + message + ")"));
    }

    /** No answer: the connection failed or timed out. */
    public static DeliveryResult failed(String error, long durationMillis) {
        return new DeliveryResult(false, true, null, null, null, null, durationMillis, error);
    }

    /** Not sent at all, and never will be: the address is refused, the endpoint disabled, the request malformed. */
    public static DeliveryResult refused(String reason) {
        return new DeliveryResult(false, false, null, null, null, null, 0, reason);
    }

    /** Not sent at all: the attempt does not count as one. */
    public boolean isRefusal() {
        return !success && !retryable && httpStatus == null && platformCode == null;
    }

    /** An e-mail handed to the mail server. */
    public static DeliveryResult sent(long durationMillis) {
        return new DeliveryResult(true, false, null, null, null, null, durationMillis, null);
    }

    private static boolean isWorthRetrying(int httpStatus) {
        return httpStatus == 429 || httpStatus >= 500;
    }

    static String excerpt(String body) {
        if (body == null) {
            return null;
        }
        return body.length() <= EXCERPT_LENGTH ? body : body.substring(0, EXCERPT_LENGTH) + "…";
    }
}
