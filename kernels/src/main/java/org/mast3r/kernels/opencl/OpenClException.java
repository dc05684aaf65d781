package org.mast3r.kernels.opencl;

/**
 * OpenCL is unusable for a reason the user can act on: no platform, a device index out of range, a
 * kernel that does not build. {@code subject} is what the problem is about ("opencl", a platform name),
 * {@code problem} one plain line; the engine turns it into the command line's one-line error.
 */
public final class OpenClException extends RuntimeException {
    private final String subject;
    private final String problem;

    public OpenClException(String subject, String problem, Throwable cause) {
        super(subject + ": " + problem, cause);
        this.subject = subject;
        this.problem = problem;
    }

    public OpenClException(String subject, String problem) {
        this(subject, problem, null);
    }

    public String subject() {
        return subject;
    }

    public String problem() {
        return problem;
    }
}
