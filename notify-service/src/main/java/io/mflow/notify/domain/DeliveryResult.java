package io.mflow.notify.domain;

/**
 * How a receiver answered. Only a 2xx status is a success.
 *
 * @param httpStatus {@code null} when no response came (timeout, refused connection)
 */
public record DeliveryResult(boolean success, Integer httpStatus, String responseExcerpt, long durationMillis,
        String error) {

    /** Enough to tell an operator what the receiver said, without storing whole pages. */
    public static final int EXCERPT_LENGTH = 200;

    public static DeliveryResult answered(int httpStatus, String body, long durationMillis) {
        boolean success = httpStatus >= 200 && httpStatus < 300;
        return new DeliveryResult(success, httpStatus, excerpt(body), durationMillis,
                success ? null : "the receiver answered HTTP " + httpStatus);
    }

    public static DeliveryResult failed(String error, long durationMillis) {
        return new DeliveryResult(false, null, null, durationMillis, error);
    }

    static String excerpt(String body) {
        if (body == null) {
            return null;
        }
        return body.length() <= EXCERPT_LENGTH ? body : body.substring(0, EXCERPT_LENGTH) + "…";
    }
}
