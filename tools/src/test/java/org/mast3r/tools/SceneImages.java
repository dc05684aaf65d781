package org.mast3r.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mast3r.export.PngFiles;
import org.mast3r.tools.demo.DemoScene;

/**
 * Four rendered views for the reconstruct tests: TinyModel's two (300x200, 240x320 portrait) and a folder
 * {@code more/} holding two more (280x210, 320x240), so IMAGES = [a.png, b.png, more/] names four images.
 */
final class SceneImages {
    static final Path MORE = create();
    static final List<Path> ALL = List.of(TinyModel.IMG1, TinyModel.IMG2, MORE.resolve("c.png"), MORE.resolve("d.png"));

    private SceneImages() {}

    static List<String> args() {
        return List.of(TinyModel.IMG1.toString(), TinyModel.IMG2.toString(), MORE.toString());
    }

    private static Path create() {
        try {
            Path dir = Files.createDirectories(TinyModel.DIR.resolve("more"));
            PngFiles.write(dir.resolve("c.png"), PngFiles.picture(DemoScene.render(280, 210, new double[] {0.25, 0, 0.1}, -0.05, 0.9)));
            PngFiles.write(dir.resolve("d.png"), PngFiles.picture(DemoScene.render(320, 240, new double[] {-0.3, 0.05, 0}, 0.08, 0.9)));
            Files.writeString(dir.resolve("notes.txt"), "not an image: skipped by the folder listing\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
