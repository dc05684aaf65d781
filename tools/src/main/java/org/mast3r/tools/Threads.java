package org.mast3r.tools;

import org.mast3r.common.BadInputException;

/** The --threads option shared by the commands that compute. */
final class Threads {
    private Threads() {}

    static int resolve(Integer requested) {
        if (requested == null) return Runtime.getRuntime().availableProcessors();
        if (requested < 1 || requested > 1024) throw new BadInputException("--threads", "must be between 1 and 1024");
        return requested;
    }
}
