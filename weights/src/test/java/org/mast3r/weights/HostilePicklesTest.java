package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;

/** Every hostile checkpoint of {@link HostilePickles} ends in its one-line refusal naming the file and the budget. */
class HostilePicklesTest {
    @TempDir Path tmp;

    @Test
    void everyHostileCaseIsRefusedWithItsBudgetNamed() throws IOException {
        for (Map.Entry<String, HostilePickles.Case> c : HostilePickles.cases().entrySet()) {
            Path f = HostilePickles.write(tmp, c.getKey());
            BadInputException e = assertThrows(BadInputException.class, () -> PthReader.open(f, null).tensors().close(), c.getKey());
            assertEquals(f.toString(), e.subject(), c.getKey());
            assertEquals(c.getValue().refusal(), e.problem(), c.getKey());
        }
    }
}
