package org.mast3r.scene.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mast3r.common.BadInputException;
import org.mast3r.scene.align.AlignOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** reconstruct's arguments: their defaults are the library's, every option reaches the options, ranges are checked. */
class ReconstructArgumentsTest {
    @Command(name = "reconstruct")
    static final class Host {
        @Mixin ReconstructArguments arguments;
    }

    private static ReconstructOptions parse(String... args) {
        Host h = new Host();
        new CommandLine(h).parseArgs(args);
        return h.arguments.options();
    }

    @Test
    void defaultsAreTheLibrarys() {
        assertEquals(ReconstructOptions.builder(List.of(Path.of("a.png")), Path.of("m")).build(), parse("a.png", "--model", "m"));
    }

    @Test
    void everyOptionReachesTheOptions() {
        ReconstructOptions o = parse("a.png", "dir", "--model", "m.safetensors", "--config", "c.json", "--out", "o", "--scene-graph", "swin-3",
                "--pairs", "p.txt", "--size", "224", "--device", "opencl:1", "--subsample", "4", "--niter1", "11", "--niter2", "12",
                "--lr1", "0.5", "--lr2", "0.25", "--kinematic", "mst", "--shared-intrinsics", "--intrinsics", "k.json", "--refine-intrinsics",
                "--poses", "p.json", "--min-conf", "2.5", "--no-refine", "--glb", "--colmap", "col", "--threads", "3", "--resume", "--force");
        ReconstructOptions expected = new ReconstructOptions(List.of(Path.of("a.png"), Path.of("dir")), Path.of("m.safetensors"), Path.of("c.json"),
                Path.of("o"), "swin-3", Path.of("p.txt"), 224, 4, 11, 12, 0.5, 0.25, AlignOptions.Kinematic.MST, true,
                Path.of("k.json"), true, Path.of("p.json"), 2.5f, false, true, Path.of("col"), 3, "opencl:1", true, true);
        assertEquals(expected, o);
    }

    @Test
    void outOfRangeIsBadInputNamingTheOption() {
        assertEquals("--kinematic", assertThrows(BadInputException.class, () -> parse("a.png", "--model", "m", "--kinematic", "tree")).subject());
        assertEquals("--threads", assertThrows(BadInputException.class, () -> parse("a.png", "--model", "m", "--threads", "0")).subject());
    }
}
