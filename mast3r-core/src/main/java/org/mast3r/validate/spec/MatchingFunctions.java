package org.mast3r.validate.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.mast3r.common.BadInputException;
import org.mast3r.kernels.Parallel;
import org.mast3r.matching.BruteForceNN;
import org.mast3r.matching.Correspondences;
import org.mast3r.matching.DescriptorMap;
import org.mast3r.matching.Dist;
import org.mast3r.matching.FastReciprocalNN;
import org.mast3r.matching.Matcher;
import org.mast3r.matching.Matches;
import org.mast3r.matching.MergeCorres;
import org.mast3r.matching.Pairs;
import org.mast3r.matching.Seeds;

/**
 * The {@code mast3r.fast_nn} functions of the matching fixture: {@code fast_reciprocal_nns},
 * {@code extract_correspondences_nonsym}, {@code bruteforce_reciprocal_nns}, {@code merge_corres}.
 */
public final class MatchingFunctions implements SpecFunctions {
    @Override
    public Set<String> names() {
        return Set.of("fast_reciprocal_nns", "extract_correspondences_nonsym", "bruteforce_reciprocal_nns", "merge_corres");
    }

    @Override
    public Map<String, SpecArray> run(String function, JsonNode args, Map<String, SpecArray> in, Parallel parallel) {
        return switch (function) {
            case "fast_reciprocal_nns" -> fastNN(args, in, parallel);
            case "extract_correspondences_nonsym" -> nonsym(args, in, parallel);
            case "bruteforce_reciprocal_nns" -> bruteforce(args, in, parallel);
            case "merge_corres" -> merge(args, in);
            default -> throw new IllegalArgumentException("unknown function " + function);
        };
    }

    static SpecArray need(Map<String, SpecArray> in, String name) {
        SpecArray a = in.get(name);
        if (a == null) throw new BadInputException("manifest", "spec lacks input '" + name + "'");
        return a;
    }

    static DescriptorMap map(SpecArray a) {
        if (a.shape().length != 3) throw new BadInputException("manifest", "a descriptor map must be [H,W,D], got " + java.util.Arrays.toString(a.shape()));
        return new DescriptorMap(a.floats(), a.dim(0), a.dim(1), a.dim(2));
    }

    private static Map<String, SpecArray> fastNN(JsonNode args, Map<String, SpecArray> in, Parallel parallel) {
        DescriptorMap m1 = map(need(in, "pts1")), m2 = map(need(in, "pts2"));
        JsonNode s = args.path("subsample_or_initxy1");
        Seeds seeds = s.isObject()
                ? Seeds.points(need(in, s.path("x").asText()).longs(), need(in, s.path("y").asText()).longs())
                : Seeds.grid(s.asInt(8));
        Matcher matcher = "kdtree".equals(args.path("matcher").asText("bruteforce"))
                ? Matcher.kdTree()
                : Matcher.bruteforce(Dist.parse(args.path("dist").asText("l2")), blockSize(args));
        Pairs p = FastReciprocalNN.run(m1.h(), m1.w(), seeds, args.path("pixel_tol").asDouble(0),
                matcher.create(m1, m2, parallel), matcher.create(m2, m1, parallel));
        return pairsOut(p, new int[] {m1.h(), m1.w()}, new int[] {m2.h(), m2.w()}, args.path("ret_xy"), false);
    }

    private static int blockSize(JsonNode args) {
        JsonNode b = args.path("block_size");
        return b.isMissingNode() || b.isNull() ? 0 : b.asInt();
    }

    private static Map<String, SpecArray> nonsym(JsonNode args, Map<String, SpecArray> in, Parallel parallel) {
        DescriptorMap a = map(need(in, "A")), b = map(need(in, "B"));
        // ref: fast_nn.py extract_correspondences_nonsym: a '3d' ptmap_key selects the KDTree path
        Matcher matcher = args.path("ptmap_key").asText("pred_desc").contains("3d") ? Matcher.kdTree() : Matcher.DOT;
        Matches m = Correspondences.extractNonsym(a, b, need(in, "confA").floats(), need(in, "confB").floats(),
                args.path("subsample").asInt(8), args.path("pixel_tol").asDouble(0), matcher, parallel);
        Map<String, SpecArray> out = new HashMap<>();
        out.put("xy1", SpecArray.ofInts(new long[] {m.count(), 2}, m.xy1()));
        out.put("xy2", SpecArray.ofInts(new long[] {m.count(), 2}, m.xy2()));
        out.put("conf", SpecArray.ofFloats(new long[] {m.count()}, m.conf()));
        return out;
    }

    private static Map<String, SpecArray> bruteforce(JsonNode args, Map<String, SpecArray> in, Parallel parallel) {
        SpecArray a = need(in, "A"), b = need(in, "B");
        if (a.shape().length != 2 || b.shape().length != 2 || a.dim(1) != b.dim(1)) {
            throw new BadInputException("manifest", "bruteforce inputs must be [n, D] with the same D");
        }
        BruteForceNN.Result r = BruteForceNN.run(a.floats(), a.dim(0), b.floats(), b.dim(0), a.dim(1),
                Dist.parse(args.path("dist").asText("l2")), blockSize(args), true, parallel);
        Map<String, SpecArray> out = new HashMap<>();
        out.put("nn_A", SpecArray.ofInts(new long[] {r.nnA().length}, r.nnA()));
        out.put("nn_B", SpecArray.ofInts(new long[] {r.nnB().length}, r.nnB()));
        return out;
    }

    private static Map<String, SpecArray> merge(JsonNode args, Map<String, SpecArray> in) {
        Pairs p = MergeCorres.merge(need(in, "idx1").ints(), need(in, "idx2").ints());
        int[] s1 = {args.path("shape1").path(0).asInt(), args.path("shape1").path(1).asInt()};
        int[] s2 = {args.path("shape2").path(0).asInt(), args.path("shape2").path(1).asInt()};
        return pairsOut(p, s1, s2, args.path("ret_xy"), args.path("ret_index").asBoolean(false));
    }

    /** merge_corres output forms: ret_xy true -> xy [M,2] (x, y); "y_x" -> y*, x*; false -> idx [M]. */
    static Map<String, SpecArray> pairsOut(Pairs p, int[] shape1, int[] shape2, JsonNode retXy, boolean retIndex) {
        Map<String, SpecArray> out = new HashMap<>();
        long[] m = {p.size()};
        long[] m2 = {p.size(), 2};
        if (retXy.isTextual() && "y_x".equals(retXy.asText())) {
            int[] xy1 = Pairs.toXy(p.idx1(), shape1[1]), xy2 = Pairs.toXy(p.idx2(), shape2[1]);
            out.put("y1", SpecArray.ofInts(m, column(xy1, 1)));
            out.put("x1", SpecArray.ofInts(m, column(xy1, 0)));
            out.put("y2", SpecArray.ofInts(m, column(xy2, 1)));
            out.put("x2", SpecArray.ofInts(m, column(xy2, 0)));
        } else if (retXy.isMissingNode() || retXy.asBoolean(true)) {
            out.put("xy1", SpecArray.ofInts(m2, Pairs.toXy(p.idx1(), shape1[1])));
            out.put("xy2", SpecArray.ofInts(m2, Pairs.toXy(p.idx2(), shape2[1])));
        } else {
            out.put("idx1", SpecArray.ofInts(m, p.idx1()));
            out.put("idx2", SpecArray.ofInts(m, p.idx2()));
            out.put("xy1", SpecArray.ofInts(m, p.idx1()));
            out.put("xy2", SpecArray.ofInts(m, p.idx2()));
        }
        if (retIndex) out.put("first_index", SpecArray.ofInts(m, p.firstIndex()));
        return out;
    }

    private static int[] column(int[] xy, int c) {
        int[] out = new int[xy.length / 2];
        for (int i = 0; i < out.length; i++) out[i] = xy[2 * i + c];
        return out;
    }
}
