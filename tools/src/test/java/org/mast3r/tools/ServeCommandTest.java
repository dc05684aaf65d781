package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code mast3r serve}'s refusals: checked before the model loads, one line, exit 2. (The server itself is tested in serve.) */
class ServeCommandTest {
    private static void refused(String expected, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertEquals(expected + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void badOptionsAreOneLineBeforeAnythingLoads() {
        String model = TinyModel.CHECKPOINT.toString();
        refused("mast3r: --queue: must be 1 or more", "serve", "--model", model, "--queue", "0");
        refused("mast3r: --port: must be between 0 and 65535", "serve", "--model", model, "--port", "70000");
        refused("mast3r: --max-images: must be 2 or more", "serve", "--model", model, "--max-images", "1");
        refused("mast3r: --max-upload-mb: must be 1 or more", "serve", "--model", model, "--max-upload-mb", "0");
        refused("mast3r: --host: unknown address no.such.host.invalid", "serve", "--model", model, "--host", "no.such.host.invalid");
        refused("mast3r: --model: Missing required option: '--model=CHECKPOINT'", "serve");
    }
}
