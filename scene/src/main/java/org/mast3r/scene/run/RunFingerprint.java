package org.mast3r.scene.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;

/**
 * What makes the stored pairs of a run valid for another: the checkpoint's files, each image file (path, size,
 * modification time, in input order), the network size and the subsample. Options that only change what is
 * done with the pairs (graph, optimiser, outputs) are not part of it. {@link #hash} is the SHA-256 of
 * {@link #description}'s JSON text.
 */
record RunFingerprint(ObjectNode description, String hash) {
    /** {@code matchingConfThr} decides which pairs store X21 (see SymmetricPair), so a run with another one is another run. */
    static RunFingerprint of(Path checkpoint, Path config, List<Path> images, int size, int subsample, double matchingConfThr) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("format", PairStore.FORMAT);
        ArrayNode ckpt = d.putArray("checkpoint");
        for (Path f : checkpointFiles(checkpoint)) ckpt.add(file(f));
        if (config != null) ckpt.add(file(config));
        ArrayNode imgs = d.putArray("images");
        for (Path img : images) imgs.add(file(img));
        d.put("size", size);
        d.put("subsample", subsample);
        d.put("matching_conf_thr", matchingConfThr);
        return new RunFingerprint(d, sha256(d.toString()));
    }

    /** The keys of the description whose values differ from {@code other}'s ("images", "checkpoint" ...). */
    List<String> differences(JsonNode other) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = description.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            // as JSON text: a number read back from run.json may be an int node where ours is a long one
            if (!description.get(k).toString().equals(String.valueOf(other.get(k)))) keys.add(k);
        }
        return keys;
    }

    /** A checkpoint folder's files (sorted by name), or the file itself. */
    private static List<Path> checkpointFiles(Path checkpoint) {
        if (!Files.isDirectory(checkpoint)) return List.of(checkpoint);
        try (Stream<Path> s = Files.list(checkpoint)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(checkpoint.toString(), "cannot list: " + e.getMessage());
        }
    }

    private static ObjectNode file(Path f) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("path", f.toAbsolutePath().normalize().toString());
        try {
            n.put("bytes", Files.size(f));
            n.put("modified_ms", Files.getLastModifiedTime(f).toMillis());
        } catch (IOException e) {
            throw new BadInputException(f.toString(), "cannot read: " + e.getMessage());
        }
        return n;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
