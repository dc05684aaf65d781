package org.mast3r.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.mast3r.common.AtomicFiles;

/**
 * A job's downloads, made in its output folder once the run wrote its files: the JSON files with the server's
 * paths of the uploads replaced by their uploaded names, the uploaded images as {@code image-N.<ext>} (the page's
 * 2D view draws them), the COLMAP folder as {@code colmap.zip}, and the list the API reports: the top-level files,
 * by name. Files in subfolders (depth/NNN.png) stay on disk but are not served.
 */
final class JobFiles {
    private JobFiles() {}

    static List<String> complete(Path out, Job job) throws IOException {
        List<Path> images = job.images;
        try (Stream<Path> s = Files.list(out)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                AtomicFiles.writeString(f, job.named(Files.readString(f), true));
            }
        }
        for (int i = 0; i < images.size(); i++) {
            String name = images.get(i).getFileName().toString();
            Files.copy(images.get(i), out.resolve("image-" + (i + 1) + name.substring(name.lastIndexOf('.'))));
        }
        Path colmap = out.resolve("colmap");
        if (Files.isDirectory(colmap)) {
            zip(colmap, out.resolve("colmap.zip"));
            WorkFolder.deleteTree(colmap);
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The files of {@code dir} (one level; COLMAP's text model) as {@code colmap/<name>} entries. */
    private static void zip(Path dir, Path zipFile) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream raw = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (Path f : files) {
                zip.putNextEntry(new ZipEntry("colmap/" + f.getFileName()));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }
}
