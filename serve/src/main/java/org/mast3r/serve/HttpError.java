package org.mast3r.serve;

/** A request the server refuses: {@code status} and the one-line message the answer's {@code error} carries. */
final class HttpError extends RuntimeException {
    final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
