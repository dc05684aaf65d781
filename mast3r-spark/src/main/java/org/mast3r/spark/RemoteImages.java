package org.mast3r.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.mast3r.common.BadInputException;
import org.mast3r.common.AtomicFiles;

/**
 * The images a user named, as the driver's local files plus the URIs executors read. Local paths (and file://
 * URIs) stay as they are. A remote image (hdfs://, s3a:// ...) or the images of a remote folder (its .png, .jpg,
 * .jpeg files sorted by name, hidden ones skipped) are copied once through Hadoop's FileSystem API into a cache
 * folder on the driver, {@code <tmp>/mast3r-spark-inputs/<hash of the URI>/<name>}, keeping the remote
 * modification time, so that a re-run names the same files and --resume recognises them; executors read the
 * remote URI itself.
 */
record RemoteImages(List<Path> files, Map<Path, String> uris) {
    /** A scheme ("hdfs:", "s3a:") as it survives in a java.nio Path, which folds "//" into "/". */
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+):/+(.*)$");
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    static RemoteImages of(List<Path> given, Configuration conf) {
        List<Path> files = new ArrayList<>();
        Map<Path, String> uris = new HashMap<>();
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "mast3r-spark-inputs");
        for (Path p : given) {
            String uri = remoteUri(p);
            if (uri == null) {
                files.add(localPath(p));
                continue;
            }
            for (FileStatus f : images(uri, conf)) {
                String name = f.getPath().getName(), full = f.getPath().toUri().toString();
                Path local = cache.resolve(UUID.nameUUIDFromBytes(full.getBytes(StandardCharsets.UTF_8)).toString()).resolve(name);
                copy(f, local, conf);
                files.add(local);
                uris.put(local, full);
            }
        }
        return new RemoteImages(files, uris);
    }

    /** The URI a non-local argument stands for ("hdfs:/nn/x" from a Path becomes "hdfs://nn/x"), or null for a local path. */
    static String remoteUri(Path p) {
        var m = SCHEME.matcher(p.toString());
        if (!m.matches() || m.group(1).equalsIgnoreCase("file") || m.group(1).length() == 1) return null;   // one letter: a Windows drive
        return m.group(1) + "://" + m.group(2);
    }

    /** A file:// argument as the local path it names; other local paths as given. */
    static Path localPath(Path p) {
        var m = SCHEME.matcher(p.toString());
        return m.matches() && m.group(1).equalsIgnoreCase("file") ? Path.of("/" + m.group(2)) : p;
    }

    /** The image files a remote file or folder stands for. */
    private static List<FileStatus> images(String uri, Configuration conf) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(uri));
            FileSystem fs = p.getFileSystem(conf);
            FileStatus st = fs.getFileStatus(p);
            if (!st.isDirectory()) return List.of(st);
            List<FileStatus> out = new ArrayList<>(Arrays.stream(fs.listStatus(p)).filter(f -> {
                String n = f.getPath().getName(), lower = n.toLowerCase(Locale.ROOT);
                return f.isFile() && !n.startsWith(".") && EXTENSIONS.stream().anyMatch(lower::endsWith);
            }).toList());
            out.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            if (out.isEmpty()) throw new BadInputException(uri, "holds no image file (.png, .jpg, .jpeg)");
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(uri, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The remote file into {@code local}, unless a copy of the same size and time is there already. */
    private static void copy(FileStatus f, Path local, Configuration conf) {
        try {
            FileTime time = FileTime.fromMillis(f.getModificationTime());
            if (Files.isRegularFile(local) && Files.size(local) == f.getLen() && Files.getLastModifiedTime(local).equals(time)) return;
            byte[] data = HadoopImages.read(f.getPath().toUri().toString(), conf);
            Files.createDirectories(local.getParent());
            AtomicFiles.replace(local, tmp -> Files.write(tmp, data));
            Files.setLastModifiedTime(local, time);
        } catch (IOException e) {
            throw new BadInputException(local.toString(), "cannot keep a copy of " + f.getPath() + " (" + e.getMessage() + ")", e);
        }
    }
}
