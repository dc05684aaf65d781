package org.mast3r.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes a torch.save-shaped zip (top/data.pkl, top/byteorder, top/data/KEY) with java.util.zip, for crafted tests. */
final class PthZip {
    private final String top;
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private boolean deflate;

    PthZip(String top, byte[] pickle) {
        this.top = top;
        entries.put("data.pkl", pickle);
        entries.put("byteorder", "little".getBytes());
    }

    PthZip storage(String key, byte[] bytes) {
        entries.put("data/" + key, bytes);
        return this;
    }

    PthZip deflated() {
        deflate = true;
        return this;
    }

    Path write(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(top + "/" + e.getKey());
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(e.getValue().length);
                    ze.setCompressedSize(e.getValue().length);
                    ze.setCrc(crc.getValue());
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }
}
