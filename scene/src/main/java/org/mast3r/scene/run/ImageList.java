package org.mast3r.scene.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.mast3r.common.BadInputException;

/** The images of a scene from what the user named: files as given, folders as their image files sorted by name. */
final class ImageList {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private ImageList() {}

    /** At least two distinct existing files; a folder's hidden files and non-images are skipped. */
    static List<Path> expand(List<Path> given) {
        List<Path> images = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                List<Path> inFolder = folder(p);
                if (inFolder.isEmpty()) throw new BadInputException(p.toString(), "holds no image file (.png, .jpg, .jpeg)");
                images.addAll(inFolder);
            } else if (Files.isRegularFile(p)) {
                images.add(p);
            } else {
                throw new BadInputException(p.toString(), "no such file or folder");
            }
        }
        if (images.size() < 2) {
            throw new BadInputException(images.isEmpty() ? "IMAGES" : images.getFirst().toString(),
                    "a scene needs at least two images, got " + images.size());
        }
        Map<Path, Path> seen = new HashMap<>();
        for (Path img : images) {
            Path key = real(img);
            Path first = seen.putIfAbsent(key, img);
            if (first != null) {
                throw new BadInputException(img.toString(), first.equals(img) ? "is given twice; each image must appear once"
                        : "is the same file as " + first + "; each image must appear once");
            }
        }
        return images;
    }

    private static List<Path> folder(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> {
                String n = f.getFileName().toString();
                String lower = n.toLowerCase(Locale.ROOT);
                return !n.startsWith(".") && Files.isRegularFile(f) && EXTENSIONS.stream().anyMatch(lower::endsWith);
            }).sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new BadInputException(dir.toString(), "cannot list: " + e.getMessage());
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new BadInputException(p.toString(), "cannot read: " + e.getMessage());
        }
    }
}
