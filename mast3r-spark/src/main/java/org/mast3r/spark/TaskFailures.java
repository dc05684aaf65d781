package org.mast3r.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mast3r.common.BadInputException;

/**
 * A failed Spark job as the user should see it: when a task failed on a bad input (an image that cannot be read
 * or decoded), that input's one-line BadInputException instead of the job's wall of executor stack traces. On a
 * cluster the executor's exception may come back only as text inside the SparkException's message, so the text
 * is searched as well as the chain of causes.
 */
final class TaskFailures {
    private static final Pattern BAD_INPUT = Pattern.compile(Pattern.quote(BadInputException.class.getName()) + ": ([^\\n]+?): ([^\\n]+)");

    private TaskFailures() {}

    /**
     * The BadInputException behind {@code e}, else {@code e} itself (a SparkException, which is checked, wrapped:
     * Spark's Java API throws it undeclared).
     */
    static RuntimeException reported(Exception e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BadInputException bad) return bad;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            Matcher m = BAD_INPUT.matcher(String.valueOf(c.getMessage()));
            if (m.find()) return new BadInputException(m.group(1), m.group(2), e);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
