package org.mast3r.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mast3r.common.BadInputException;
import org.mast3r.image.ImageDecoder;

/**
 * A {@code POST /api/jobs} form turned into a queued-to-be job: the {@code images} parts (each decoded once, with the
 * CLI's decompression-bomb guard, so that a bad one is answered 400 naming the file as uploaded), the {@code mode}
 * and the options the mode knows. The images are stored as {@code in/NN.png|jpg}; the uploaded names are kept for
 * messages only and never touch a path.
 */
final class JobRequest {
    private JobRequest() {}

    static Job create(List<MultipartForm.Part> parts, ServeOptions limits, JobQueue queue, WorkFolder work) throws IOException {
        List<MultipartForm.Part> images = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        String mode = null;
        for (MultipartForm.Part p : parts) {
            if (p.name().equals("images")) images.add(p);
            else if (p.name().equals("mode")) mode = p.text();
            else if (options.put(p.name(), p.text()) != null) throw bad(p.name(), "given twice");
        }
        if (images.size() < 2) throw bad("images", "need 2 or more images, got " + images.size());
        if (images.size() > limits.maxImages()) throw bad("images", images.size() + " images; this server takes at most " + limits.maxImages() + " (--max-images)");
        if (mode == null || mode.isEmpty()) mode = images.size() == 2 ? "match" : "reconstruct";
        JobRunner runner = queue.runner(mode);
        if (runner == null) throw bad("mode", "must be match or reconstruct, got " + printable(mode));
        if (mode.equals("match") && images.size() != 2) throw bad("mode", "match takes exactly 2 images, got " + images.size());
        try {
            runner.check(new FormOptions(options), images.size());
        } catch (BadInputException e) {
            throw new HttpError(400, "mast3r: " + e.getMessage());
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String name = uploadedName(images.get(i).filename(), i);
            names.add(name);
            try {
                ImageDecoder.decode(images.get(i).body(), name, limits.maxPixels());
            } catch (BadInputException e) {
                throw new HttpError(400, "mast3r: " + e.getMessage());
            }
        }
        String id = Job.newId();
        Path temp = work.temp(id);
        Path in = Files.createDirectory(temp.resolve("in"));
        List<String> storedNames = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            byte[] data = images.get(i).body();
            // decoded above, so a PNG or a JPEG
            storedNames.add(String.format("%02d", i + 1) + (data[0] == (byte) 0x89 ? ".png" : ".jpg"));
            Files.write(in.resolve(storedNames.getLast()), data);
        }
        Path folder = work.publish(temp, id);
        List<Path> stored = storedNames.stream().map(n -> folder.resolve("in").resolve(n)).toList();
        return new Job(id, mode, folder, stored, names, options);
    }

    private static HttpError bad(String subject, String problem) {
        return new HttpError(400, "mast3r: " + subject + ": " + problem);
    }

    /** The client's file name, for messages: printable characters only, at most 100; "image N" when none was given. */
    static String uploadedName(String filename, int index) {
        String n = filename == null ? "" : printable(filename);
        return n.isBlank() ? "image " + (index + 1) : n;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().filter(c -> !Character.isISOControl(c)).limit(100).forEach(b::appendCodePoint);
        return b.toString();
    }
}
