package org.mast3r.common;

/**
 * Something a user gave us is unusable: a file, a folder or a value. The command line prints it as the
 * single line {@code mast3r: <subject>: <problem>} and exits with 2, so the message must stand alone:
 * name the file (or option token) as the user wrote it and say what is wrong in plain words.
 */
public final class BadInputException extends RuntimeException {
    private final String subject;
    private final String problem;

    public BadInputException(String subject, String problem) {
        this(subject, problem, null);
    }

    public BadInputException(String subject, String problem, Throwable cause) {
        super(subject + ": " + problem, cause);
        this.subject = subject;
        this.problem = problem;
    }

    /** The path or token the problem is about, as the user spelled it. */
    public String subject() {
        return subject;
    }

    public String problem() {
        return problem;
    }
}
