package org.mast3r.scene.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.mast3r.image.PreparedImage;
import org.mast3r.model.EncodedView;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.pipeline.Progress;

/** {@link PairRunner#LOCAL}: the pairs on this JVM, encodings kept in the store and a few of them in the heap. */
final class LocalPairRunner implements PairRunner {
    /** Encodings kept in the heap at once (3 MB each for ViT-L at 512x384); the rest are read back from the store. */
    private static final int ENCODINGS_IN_HEAP = 4;

    @Override
    public void run(PairWork work, Progress progress, Consumer<String> log) {
        long t = System.nanoTime();
        encode(work.model(), work.store(), work.images(), work.missing(), progress);
        long now = System.nanoTime();
        work.seconds().merge("encode", (now - t) / 1e9, Double::sum);
        runPairs(work.model(), work.store(), work.missing(), work.options(), progress);
        work.seconds().merge("pairs", (System.nanoTime() - now) / 1e9, Double::sum);
    }

    /** One encoder pass for each image that a missing pair needs and the store does not hold yet. */
    private static void encode(Mast3r model, PairStore store, List<PreparedImage> images, List<int[]> missing, Progress progress) {
        TreeSet<Integer> needed = new TreeSet<>();
        for (int[] p : missing) {
            needed.add(p[0]);
            needed.add(p[1]);
        }
        needed.removeIf(store::containsEncoding);
        int done = 0;
        for (int i : needed) {
            store.putEncoding(i, model.encode(images.get(i)));
            progress.update("images encoded", ++done, needed.size());
        }
    }

    /** Both passes and the matches of each missing pair, into the store; encodings come from a small cache. */
    private static void runPairs(Mast3r model, PairStore store, List<int[]> missing, ReconstructOptions options, Progress progress) {
        Map<Integer, EncodedView> cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, EncodedView> eldest) {
                return size() > ENCODINGS_IN_HEAP;
            }
        };
        int done = 0;
        for (int[] p : missing) {
            EncodedView a = encoding(store, cache, p[0]), b = encoding(store, cache, p[1]);
            store.put(SymmetricPair.run(model, p[0], a, p[1], b, options.subsample(), options.alignOptions().matchingConfThr()));
            progress.update("pairs", ++done, missing.size());
        }
    }

    private static EncodedView encoding(PairStore store, Map<Integer, EncodedView> cache, int i) {
        EncodedView e = cache.get(i);
        if (e == null) {
            e = store.encoding(i);
            if (e == null) throw new IllegalStateException("the encoding of image " + i + " vanished from " + store.folder());
            cache.put(i, e);
        }
        return e;
    }
}
