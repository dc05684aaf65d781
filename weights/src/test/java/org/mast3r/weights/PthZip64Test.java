package org.mast3r.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.BadInputException;

/** .pth archives with zip64 records, from what torch.save always writes to every field saturated, and broken ones. */
class PthZip64Test {
    @TempDir Path tmp;

    private static byte[] pickle() {
        return new PickleBytes(4).proto().op('}').str("w").tensor("FloatStorage", "0", 5, 1, new long[] {2, 2}, new long[] {1, 2}).op('s').stop();
    }

    private static byte[] iota5() {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 5; i++) b.putFloat(i);
        return b.array();
    }

    private static PthZip zip(PthZip.Zip64 mode) {
        return new PthZip("z64", pickle()).storage("0", iota5()).zip64(mode);
    }

    @Test
    void everyZip64LayoutLoadsStoredAndDeflated() throws IOException {
        for (PthZip.Zip64 mode : PthZip.Zip64.values()) {
            for (boolean deflated : new boolean[] {false, true}) {
                PthZip z = zip(mode);
                if (deflated) z.deflated();
                Path f = z.write(tmp.resolve(mode + "-" + deflated + ".pth"));
                try (Safetensors st = PthReader.open(f, PthCraftedTest.tinyConfig()).tensors()) {
                    assertArrayEquals(new float[] {1, 3, 2, 4}, st.require("w").toFloats(), mode + " deflated=" + deflated); // the transpose of [[1, 2], [3, 4]]
                }
            }
        }
    }

    private String refusal(byte[] zip) throws IOException {
        Path f = Files.write(tmp.resolve("broken.pth"), zip);
        BadInputException e = assertThrows(BadInputException.class, () -> PthReader.open(f, null));
        assertEquals(f.toString(), e.subject());
        return e.problem();
    }

    /** Where the last {@code signature} starts. */
    private static int last(byte[] b, int signature) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = b.length - 4; at >= 0; at--) if (bb.getInt(at) == signature) return at;
        throw new AssertionError("no signature " + Integer.toHexString(signature));
    }

    @Test
    void brokenZip64RecordsAreRefused() throws IOException {
        byte[] b = zip(PthZip.Zip64.ALL_FIELDS).bytes();
        int locator = last(b, 0x07064b50), record = last(b, 0x06064b50);

        byte[] noLocator = b.clone();
        noLocator[locator] = 'X';
        assertEquals("zip64 end-of-central-directory locator is missing", refusal(noLocator));

        byte[] outside = b.clone();
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putLong(locator + 8, b.length + 100L);
        assertEquals("zip64 end-of-central-directory record is missing or out of bounds", refusal(outside));

        byte[] multiDisk = b.clone();
        ByteBuffer.wrap(multiDisk).order(ByteOrder.LITTLE_ENDIAN).putInt(record + 16, 3);
        assertEquals("multi-disk zip files are not supported", refusal(multiDisk));

        byte[] noExtra = b.clone(); // the first central header's zip64 extra field renamed to an unknown id
        int central = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("PK\u0001\u0002");
        int nameLen = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getShort(central + 28);
        noExtra[central + 46 + nameLen] = 9;
        assertEquals("z64/data.pkl: zip64 sizes are missing", refusal(noExtra));
    }
}
